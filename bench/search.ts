import type { Db } from '../server/db/db';
import neo4j from 'neo4j-driver';
import { log, round, stats } from './lib';

/** Bench-only comparison queries (the app itself only runs cypher/search-entities.cypher). */
const FULLTEXT = `CALL db.index.fulltext.queryNodes('entity_names', $q, {limit: $limit}) YIELD node, score
RETURN node.id AS id ORDER BY score DESC LIMIT $limit`;
const STARTS_WITH = `MATCH (n:Entity) WHERE n.name STARTS WITH $p RETURN n.id AS id LIMIT $limit`;
const CONTAINS = `MATCH (n:Entity) WHERE toLower(n.name) CONTAINS $p RETURN n.id AS id LIMIT $limit`;

/**
 * Prefixes of generated names: common words, rare surnames and one that matches nothing (so each
 * strategy also shows its worst case: the scan reads every node).
 */
const PREFIXES = ['nort', 'quar', 'zeph', 'hori', 'ada', 'urquh', 'lindq', 'tand', 'xqzv'];

async function time(
  db: Db,
  query: string,
  params: (p: string) => Record<string, unknown>,
  iterations: number,
) {
  const lat: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const p = PREFIXES[i % PREFIXES.length];
    const t = process.hrtime.bigint();
    await db.readTx((tx) => tx.run(query, params(p)));
    lat.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return stats(lat);
}

export async function searchBench(db: Db, iterations: number) {
  const limit = neo4j.int(10);
  const cap = (p: string) => p[0].toUpperCase() + p.slice(1);
  const run = async () => ({
    fulltext: await time(db, FULLTEXT, (p) => ({ q: `${p}*`, limit }), iterations),
    startsWith: await time(db, STARTS_WITH, (p) => ({ p: cap(p), limit }), iterations),
    contains: await time(db, CONTAINS, (p) => ({ p, limit }), iterations),
  });
  await run(); // warm-up: plans and pages
  const r = await run();
  log(
    `search: p99 full-text ${r.fulltext.p99} ms, STARTS WITH ${r.startsWith.p99} ms, CONTAINS ${r.contains.p99} ms`,
  );
  return {
    ...r,
    prefixes: PREFIXES,
    ratioFulltextToStartsWithP99: round(r.fulltext.p99 / r.startsWith.p99),
    ratioFulltextToContainsP99: round(r.fulltext.p99 / r.contains.p99),
  };
}
