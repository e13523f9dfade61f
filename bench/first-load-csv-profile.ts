import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { writeImportCsv } from '../server/ingest/import-csv';
import { fileRecords } from '../server/ingest/loader';
import { writeGraph } from '../seed/generate-cli';
import { BENCH_DATA, log } from './lib';

/**
 * What the first load's CSV phase (server/ingest/import-csv.ts: read, validate, apply the
 * provenance rule in memory, write the importer's files) spends its time on, from a CPU profile:
 *   npx ts-node bench/first-load-csv-profile.ts [--n 100000] [--top 20]
 * Prints self time by function and by module; the raw profile goes to
 * .data/bench/first-load-csv-<n>.cpuprofile (opens in Chrome DevTools).
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

/** node_modules/<package>, our own file, or the runtime. */
function moduleOf(url: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.includes('/server/') || url.includes('/seed/') || url.includes('/bench/')) {
    return url.replace(/^.*?\/((server|seed|bench)\/.*)$/, '$1');
  }
  return url ? 'node internals' : '(runtime: GC, idle, native)';
}

async function main(): Promise<void> {
  const n = arg('n', 100_000);
  const top = arg('top', 20);
  const file = path.join(BENCH_DATA, `first-load-profile-${n}.jsonl`);
  const dir = path.join(BENCH_DATA, `first-load-profile-${n}-csv`);
  fs.mkdirSync(BENCH_DATA, { recursive: true });
  log(`generating ${n} entities`);
  await writeGraph(n, 1, file);

  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  const t0 = performance.now();
  const csv = await writeImportCsv(fileRecords(file), dir);
  const ms = performance.now() - t0;
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  fs.writeFileSync(
    path.join(BENCH_DATA, `first-load-csv-${n}.cpuprofile`),
    JSON.stringify(profile),
  );
  fs.rmSync(dir, { recursive: true, force: true });

  const nodes = profile.nodes as ProfileNode[];
  const total = nodes.reduce((s, x) => s + (x.hitCount ?? 0), 0);
  const byFunction = new Map<string, number>();
  const byModule = new Map<string, number>();
  for (const x of nodes) {
    const hits = x.hitCount ?? 0;
    if (!hits) continue;
    const f = x.callFrame;
    const where = f.url ? `${moduleOf(f.url)}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
    byModule.set(moduleOf(f.url), (byModule.get(moduleOf(f.url)) ?? 0) + hits);
  }
  const share = (h: number) => `${((100 * h) / total).toFixed(1)}%`;
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, h]) => `  ${share(h).padStart(6)}  ${k}`)
      .join('\n');
  log(
    `CSV phase for ${csv.entities} entities and ${csv.relationships} relationships: ` +
      `${(ms / 1000).toFixed(1)} s (profiled, ${total} samples)`,
  );
  process.stdout.write(`Self time by function:\n${list(byFunction)}\n`);
  process.stdout.write(`Self time by module:\n${list(byModule)}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
