import fs from 'node:fs';
import path from 'node:path';
import { applySchema, loadJsonLines } from '../server/ingest/loader';
import { writeGraph } from '../seed/generate-cli';
import { intParam } from '../server/db/params';
import { BeneficialOwnersService } from '../server/services/beneficial-owners-service';
import { BENCH_DATA, log, machine, round, startBundled, stats } from './lib';

/**
 * Beneficial owners on the deepest ownership structures of a generated graph:
 *   npx ts-node bench/beneficial-owners.ts [--entities 10000] [--seed 1] [--queries 300]
 * Generates the graph afresh (so it has the generator's ranges, unknown owners, trusts, control
 * and cross-holdings), loads it into its own bundled Neo4j under .data/bench, picks the entities
 * at the end of the longest OWNS chains, and times BeneficialOwnersService (the route's whole work
 * but HTTP) one request at a time. Goal (issue 11): p99 ≤ 100 ms at 1M entities on a quiet machine.
 */

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive integer`);
  return v;
};

// Bench set-up only (not an app query): entities with the longest incoming OWNS chains.
const DEEPEST = `
MATCH p = (:Entity)-[:OWNS*4..6]->(t:Organization)
WITH t, max(length(p)) AS depth
ORDER BY depth DESC, t.id
LIMIT $limit
RETURN t.id AS id, depth`;

async function main(): Promise<void> {
  const n = arg('entities', 10_000);
  const seed = arg('seed', 1);
  const queries = arg('queries', 300);
  const file = path.join(BENCH_DATA, `bo-graph-${n}-${seed}.jsonl`);
  log(`generating ${n} entities`);
  await writeGraph(n, seed, file);
  const neo = await startBundled('beneficial-owners');
  try {
    await applySchema(neo.db);
    const t0 = Date.now();
    const report = await loadJsonLines(neo.db, file);
    log(`loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const targets = await neo.db.readTx(async (tx) => {
      const res = await tx.run(DEEPEST, { limit: intParam(200) });
      return res.records.map((r) => ({
        id: r.get('id') as string,
        depth: Number(r.get('depth')),
      }));
    }, 300_000);
    if (targets.length === 0) throw new Error('no ownership chain of 4 hops or more in the graph');
    const service = new BeneficialOwnersService(neo.db);
    for (const t of targets.slice(0, 20)) await service.beneficialOwners(t.id); // warm-up
    const ms: number[] = [];
    let owners = 0;
    let unknown = 0;
    let chains = 0;
    let truncated = 0;
    for (let i = 0; i < queries; i++) {
      const target = targets[i % targets.length];
      const start = process.hrtime.bigint();
      const view = await service.beneficialOwners(target.id, 0.25);
      ms.push(Number(process.hrtime.bigint() - start) / 1e6);
      owners += view.owners.length;
      unknown += view.unknown.length;
      chains += [...view.owners, ...view.unknown].reduce((s, o) => s + o.chains.length, 0);
      if (view.truncated) truncated++;
    }
    const result = {
      name: `beneficial-owners-${n}`,
      date: new Date().toISOString(),
      machine: machine(),
      graph: {
        entities: n,
        seed,
        loaded: {
          entities: report.entities,
          relationships: report.relationships,
          rejected: report.rejectedCount,
        },
      },
      targets: { count: targets.length, maxDepth: targets[0].depth },
      latencyMs: stats(ms),
      perQuery: {
        owners: round(owners / queries),
        unknown: round(unknown / queries),
        chains: round(chains / queries),
        truncated,
      },
      goal: 'p99 ≤ 100 ms at 1M entities (quiet machine)',
    };
    const out = path.join(BENCH_DATA, `beneficial-owners-${n}.json`);
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
