import fs from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../server/config';
import { DEFAULT_BATCH_SIZE } from '../server/ingest/loader';
import { defaultOut, writeGraph } from '../seed/generate-cli';
import { loadBenchFresh } from './load';
import { log } from './lib';

/**
 * `ts-node bench/load-1m.ts [N]`: only the load ratio at scale (default 1M entities), into
 * bench/results/load-<N>-<date>.json — the part of the full set that decides the load goal.
 */
async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 1_000_000);
  const file = defaultOut(n, 1);
  if (!fs.existsSync(file)) await writeGraph(n, 1, file);
  const started = new Date();
  const r = await loadBenchFresh(file, DEFAULT_BATCH_SIZE);
  const out = path.join(
    ROOT_DIR,
    'bench',
    'results',
    `load-${n}-${started.toISOString().slice(0, 10)}.json`,
  );
  fs.writeFileSync(
    out,
    JSON.stringify({ date: started.toISOString(), entities: n, ...r }, null, 2) + '\n',
  );
  log(`results: ${path.relative(ROOT_DIR, out)}`);
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    log(`failed: ${err.stack}`);
    process.exit(1);
  },
);
