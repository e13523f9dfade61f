import fs from 'node:fs';
import path from 'node:path';
import { applySchema, loadJsonLines } from '../server/ingest/loader';
import { writeGraph } from '../seed/generate-cli';
import { intParam } from '../server/db/params';
import { BeneficialOwnersService } from '../server/services/beneficial-owners-service';
import neo4j from 'neo4j-driver';
import { ROOT_DIR } from '../server/config';
import { Db } from '../server/db/db';
import { QueryStore } from '../server/cypher';
import {
  BENCH_DATA,
  BENCH_PASSWORD,
  log,
  machine,
  round,
  startBundled,
  stats,
  type BenchDb,
} from './lib';

const RESULTS = path.join(ROOT_DIR, 'bench', 'results');

/**
 * Beneficial owners on the deepest ownership structures of a generated graph:
 *   npm run bench:beneficial-owners -- [--entities 10000] [--seed 1] [--queries 300] [--compare FILE]
 * (`N` as a positional argument works too: `npm run bench:beneficial-owners -- 1000000`).
 * Generates the graph afresh (so it has the generator's ranges, unknown owners, trusts, control
 * and cross-holdings), loads it into its own bundled Neo4j under .data/bench, picks the entities
 * at the end of the longest OWNS chains, and times BeneficialOwnersService (the route's whole work
 * but HTTP) one request at a time. Goal (issue 11): p99 ≤ 100 ms at 1M entities on a quiet machine.
 * It also PROFILEs the chain query (cypher/beneficial-owners-chains.cypher) on the targets through
 * the driver: db hits and rows, and by depth; `--compare FILE` profiles another version of that
 * query (a .cypher file, e.g. from `git show`) on the same graph and targets, for before/after.
 * Results: bench/results/beneficial-owners-<N>-<date>.json (and .data/bench/).
 */

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  // `bench:beneficial-owners -- 1000000`: a lone number is the entity count.
  const lone = process.argv
    .slice(2)
    .find((a, k, all) => /^\d+$/.test(a) && !all[k - 1]?.startsWith('--'));
  const v =
    i >= 0 ? Number(process.argv[i + 1]) : name === 'entities' && lone ? Number(lone) : fallback;
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

const strArg = (name: string): string | null => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? null) : null;
};

interface ProfileNode {
  dbHits: number;
  rows: number;
  children: ProfileNode[];
  operatorType: string;
}
const totalHits = (p: ProfileNode): number =>
  p.dbHits + p.children.reduce((s, c) => s + totalHits(c), 0);
const operators = (p: ProfileNode, out: Map<string, number> = new Map()): Map<string, number> => {
  out.set(p.operatorType, (out.get(p.operatorType) ?? 0) + p.dbHits);
  for (const c of p.children) operators(c, out);
  return out;
};

/** PROFILE of one version of the chain query on each target: db hits, rows, time, top operators. */
async function profileChains(
  db: BenchDb['db'],
  query: string,
  targets: Array<{ id: string; depth: number }>,
  at: string,
): Promise<Record<string, unknown>> {
  const hits: number[] = [];
  const rows: number[] = [];
  const ms: number[] = [];
  const byDepth = new Map<number, number[]>();
  const ops = new Map<string, number>();
  for (const t of targets) {
    const start = process.hrtime.bigint();
    const res = await db.readTx((tx) =>
      tx.run(`PROFILE ${query}`, { id: t.id, at, limit: intParam(5000) }),
    );
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
    const prof = res.summary.profile as unknown as ProfileNode | false;
    if (!prof) continue;
    const h = totalHits(prof);
    hits.push(h);
    rows.push(res.records.length);
    byDepth.set(t.depth, [...(byDepth.get(t.depth) ?? []), h]);
    for (const [k, v] of operators(prof)) ops.set(k, (ops.get(k) ?? 0) + v);
  }
  const sorted = [...hits].sort((a, b) => a - b);
  return {
    targets: hits.length,
    dbHits: {
      mean: round(hits.reduce((s, x) => s + x, 0) / Math.max(1, hits.length)),
      p50: sorted[Math.floor(sorted.length * 0.5)] ?? 0,
      max: sorted[sorted.length - 1] ?? 0,
    },
    dbHitsByDepth: Object.fromEntries(
      [...byDepth].map(([d, hs]) => [d, round(hs.reduce((s, x) => s + x, 0) / hs.length)]),
    ),
    rowsMean: round(rows.reduce((s, x) => s + x, 0) / Math.max(1, rows.length)),
    latencyMs: stats(ms),
    topOperators: Object.fromEntries(
      [...ops]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([k, v]) => [k, v]),
    ),
  };
}

async function main(): Promise<void> {
  const n = arg('entities', 10_000);
  const seed = arg('seed', 1);
  const queries = arg('queries', 300);
  const file = path.join(BENCH_DATA, `bo-graph-${n}-${seed}.jsonl`);
  log(`generating ${n} entities`);
  await writeGraph(n, seed, file);
  const bundled = await startBundled('beneficial-owners');
  // The app's 2 s acquisition timeout is for users; a loaded machine needs longer to connect.
  const driver = neo4j.driver(bundled.uri, neo4j.auth.basic('neo4j', BENCH_PASSWORD), {
    connectionAcquisitionTimeout: 120_000,
    connectionTimeout: 60_000,
    logging: { level: 'error', logger: () => undefined },
  });
  const neo = { ...bundled, db: new Db(driver, new QueryStore()) };
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
    const today = new Date().toISOString().slice(0, 10);
    const profiled = targets.slice(0, 50);
    const profile: Record<string, unknown> = {
      current: await profileChains(
        neo.db,
        neo.db.queries.get('beneficial-owners-chains'),
        profiled,
        today,
      ),
    };
    const compare = strArg('compare');
    if (compare) {
      profile.compare = {
        file: compare,
        ...(await profileChains(neo.db, fs.readFileSync(compare, 'utf8'), profiled, today)),
      };
    }
    log(`chain query profile: ${JSON.stringify(profile)}`);
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
      // As the route asks: today's links (the route defaults `at` to today).
      const view = await service.beneficialOwners(target.id, 0.25, today);
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
      chainQueryProfile: profile,
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
    const kept = path.join(RESULTS, `beneficial-owners-${n}-${today}.json`);
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(kept, `${JSON.stringify(result, null, 2)}\n`);
    log(`results: ${path.relative(ROOT_DIR, kept)}`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await driver.close();
    await neo.stop();
  }
}

main().catch((err: unknown) => {
  log(`failed: ${(err as Error).stack ?? String(err)}`);
  process.exitCode = 1;
});
