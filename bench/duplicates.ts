import fs from 'node:fs';
import path from 'node:path';
import { applySchema, loadJsonLines } from '../server/ingest/loader';
import { writeGraph } from '../seed/generate-cli';
import { DuplicatesService } from '../server/services/duplicates-service';
import { BENCH_DATA, log, machine, startBundled, stats } from './lib';

/**
 * Duplicate candidates on a generated graph:
 *   npx ts-node bench/duplicates.ts [--entities 10000] [--seed 1] [--queries 5]
 * Generates the graph, loads it (the loader writes the name keys) into its own bundled Neo4j under
 * .data/bench, then times DuplicatesService (the route's whole work but HTTP): the whole graph's
 * candidates (`GET /api/duplicates?limit=50`) and one entity's (`&entity=`).
 */

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive integer`);
  return v;
};

async function main(): Promise<void> {
  const n = arg('entities', 10_000);
  const seed = arg('seed', 1);
  const queries = arg('queries', 5);
  const file = path.join(BENCH_DATA, `dup-graph-${n}-${seed}.jsonl`);
  log(`generating ${n} entities`);
  await writeGraph(n, seed, file);
  const neo = await startBundled('duplicates');
  try {
    await applySchema(neo.db);
    const t0 = Date.now();
    const report = await loadJsonLines(neo.db, file);
    log(`loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const service = new DuplicatesService(neo.db);
    await service.candidates({ limit: 50, minScore: 0.3 }); // warm-up
    const all: number[] = [];
    let view = await service.candidates({ limit: 50, minScore: 0.3 });
    for (let i = 0; i < queries; i++) {
      const start = process.hrtime.bigint();
      view = await service.candidates({ limit: 50, minScore: 0.3 });
      all.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const ids = view.pairs.slice(0, 20).map((p) => p.a.id);
    const one: number[] = [];
    for (const id of ids) {
      const start = process.hrtime.bigint();
      await service.candidates({ limit: 50, minScore: 0.3, entity: id });
      one.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const result = {
      name: `duplicates-${n}`,
      date: new Date().toISOString(),
      machine: machine(),
      graph: { entities: n, seed, loaded: { entities: report.entities } },
      candidatesCompared: view.candidates,
      pairsListed: view.pairs.length,
      skippedBlocks: view.skippedBlocks.length,
      wholeGraphMs: stats(all),
      oneEntityMs: one.length ? stats(one) : null,
    };
    const out = path.join(BENCH_DATA, `duplicates-${n}.json`);
    fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await neo.stop();
  }
}

main().catch((err: unknown) => {
  log(`failed: ${(err as Error).stack ?? String(err)}`);
  process.exitCode = 1;
});
