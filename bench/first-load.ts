import { ensureClientBuilt, CLIENT_DIST, launchChromium } from '../test/helpers/browser';
import type { BenchDb } from './lib';
import { log, round } from './lib';
import { startAppProcess } from './api';

/** The seeded app: page load (navigation start) to a drawn graph (body[data-ready=true]). */
export async function firstLoadBench(b: BenchDb, runs: number) {
  await ensureClientBuilt();
  const app = await startAppProcess(b.uri, CLIENT_DIST);
  const browser = await launchChromium();
  const samples: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const t0 = Date.now();
      await page.goto(`http://127.0.0.1:${app.port}/`);
      await page.waitForFunction(() => document.body.dataset.ready === 'true', undefined, {
        timeout: 60_000,
      });
      const sinceNav = await page.evaluate(() => performance.now());
      samples.push(Math.min(Date.now() - t0, sinceNav));
      await context.close();
    }
  } finally {
    await browser.close();
    await app.stop();
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const r = {
    runs: samples.map((x) => round(x, 0)),
    medianMs: round(sorted[Math.floor(sorted.length / 2)], 0),
  };
  log(`first load: median ${r.medianMs} ms (${r.runs.join(', ')})`);
  return r;
}
