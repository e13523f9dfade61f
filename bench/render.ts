import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ROOT_DIR } from '../server/config';
import { launchChromium } from '../test/helpers/browser';
import { BENCH_DATA, log, round } from './lib';

/** With --disable-gpu, WebGL needs SwiftShader, which recent Chromium only enables on request. */
export const SWIFTSHADER_ARGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

export const DIST = path.join(BENCH_DATA, 'render-dist');
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

function serve(dir: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const file = path.join(dir, rel === '/' ? 'index.html' : rel);
    if (!file.startsWith(dir) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

export interface RenderRow {
  nodes: number;
  edges: number;
  renderer: string;
  webglActive: boolean;
  webgl2Available: boolean;
  parseAndElementsMs: number;
  /** `cy.add` of every element into the live canvas (part of layoutMs, before the worker job). */
  addMs?: number;
  /** From the elements to the laid-out positions applied: add, worker layout, styling meanwhile. */
  layoutMs: number;
  layoutInWorkerMs: number;
  layoutTicks: number;
  /** Light style and large-graph renderer settings (client/src/large-graph.ts). */
  largeGraphMode?: boolean;
  drawMs: number;
  totalMs: number;
  frameMedianMs: number;
  frameP95Ms: number;
  framesDrawn: number;
  jsHeapMiB?: number;
}

/**
 * Builds the bench page into .data/bench/render-dist. `profile` keeps names (no minifying) and
 * writes source maps, so a CPU profile names Cytoscape's functions and lines.
 */
export function buildRenderPage(opts: { profile?: boolean } = {}): string | null {
  const vite = path.join(ROOT_DIR, 'node_modules', 'vite', 'bin', 'vite.js');
  const built = spawnSync(
    process.execPath,
    [vite, 'build', '--config', path.join(ROOT_DIR, 'bench', 'render', 'vite.config.mjs')],
    {
      cwd: ROOT_DIR,
      encoding: 'utf8',
      env: { ...process.env, RENDER_BENCH_PROFILE: opts.profile ? '1' : '' },
    },
  );
  return built.status === 0 ? null : `vite build failed: ${built.stderr.slice(0, 2000)}`;
}

/** Serves the built page on 127.0.0.1; resolves to its base URL and the server. */
export async function serveRenderPage(): Promise<{ base: string; server: http.Server }> {
  const server = await serve(DIST);
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

/** `webgl: false` skips the WebGL half (it never draws in software-rendered Chromium). */
export async function renderBench(
  sizes: number[],
  opts: { webgl?: boolean } = {},
): Promise<{ rows: RenderRow[]; error?: string }> {
  const buildError = buildRenderPage();
  if (buildError) return { rows: [], error: buildError };
  const { base, server } = await serveRenderPage();
  const rows: RenderRow[] = [];
  const errors: string[] = [];
  const one = async (browser: Browser, n: number, webgl: boolean): Promise<RenderRow> => {
    // A fresh page per run: no heap or cache carried over.
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(webgl ? 60_000 : 180_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    try {
      await page.goto(base);
      await page.waitForFunction(
        () => (window as unknown as { bench?: { ready: boolean } }).bench?.ready,
      );
      // page.evaluate has no timeout of its own: a renderer that never draws would hang here.
      const row = (await Promise.race([
        page.evaluate(
          ([size, gl]) =>
            (
              window as unknown as { bench: { run(n: number, w: boolean): Promise<unknown> } }
            ).bench.run(size, gl),
          [n, webgl] as [number, boolean],
        ),
        new Promise((_, reject) =>
          setTimeout(
            () => reject(new Error(`timeout: no drawn frame within ${webgl ? 60 : 180} s`)),
            webgl ? 60_000 : 180_000,
          ),
        ),
      ])) as RenderRow;
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      row.jsHeapMiB = heap.usedSize / 2 ** 20;
      for (const k of Object.keys(row) as Array<keyof RenderRow>) {
        if (typeof row[k] === 'number') {
          (row as unknown as Record<string, number>)[k] = round(row[k] as number, 1);
        }
      }
      log(
        `render: ${row.renderer} ${n} nodes: total ${row.totalMs} ms (layout ${row.layoutMs}, draw ${row.drawMs}), frame median ${row.frameMedianMs} ms, heap ${row.jsHeapMiB} MiB${pageErrors.length ? ` errors: ${pageErrors.join('; ')}` : ''}`,
      );
      return row;
    } finally {
      await page.close().catch(() => undefined);
    }
  };
  try {
    for (const webgl of opts.webgl === false ? [false] : [false, true]) {
      const browser = await launchChromium(webgl ? SWIFTSHADER_ARGS : []);
      try {
        if (webgl) {
          // Probe first: without a GPU, WebGL2 may be missing or crash the renderer process.
          const probe = await browser.newPage();
          probe.setDefaultTimeout(30_000);
          const ok = await probe
            .evaluate(() => Boolean(document.createElement('canvas').getContext('webgl2')))
            .catch((e: Error) => `probe failed: ${e.message.split('\n')[0]}`);
          await probe.close().catch(() => undefined);
          if (ok !== true) {
            errors.push(
              `webgl: no WebGL2 in headless Chromium here (${ok === false ? 'context unavailable' : ok})`,
            );
            log(`render: ${errors[errors.length - 1]}`);
            continue;
          }
        }
        for (const n of sizes) {
          try {
            rows.push(await one(browser, n, webgl));
          } catch (err) {
            const msg = `${webgl ? 'webgl' : 'canvas'} ${n}: ${(err as Error).message.split('\n')[0]}`;
            errors.push(msg);
            log(`render failed: ${msg}`);
            if (/closed|crash|timeout/i.test(msg)) break;
          }
        }
      } finally {
        // A hung WebGL page can block close(); do not wait for it for more than 10 s.
        await Promise.race([
          browser.close().catch(() => undefined),
          new Promise((r) => setTimeout(r, 10_000)),
        ]);
      }
    }
  } finally {
    await new Promise((r) => server.close(r));
  }
  return errors.length ? { rows, error: errors.join(' | ') } : { rows };
}
