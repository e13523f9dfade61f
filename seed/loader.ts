import neo4j from 'neo4j-driver';
import type { Db } from '../server/db/db';
import { RELATIONSHIP_TYPES, type RelationshipType } from '../server/families';
import type { SeedGraph, SeedRelationship, SeedValue } from './model';

/** Properties that are ratios and must stay floats even when whole (a stake of 1 is 1.0). */
const RATIO_KEYS = new Set(['stake', 'confidence', 'shareOfWorkforce']);

/** Whole numbers become Neo4j Integers (exact), everything else passes as is. */
function toNeo4jValue(key: string, value: SeedValue): unknown {
  if (typeof value === 'number' && Number.isInteger(value) && !RATIO_KEYS.has(key)) {
    return neo4j.int(value);
  }
  return value;
}

function withoutUndefined(props: Record<string, SeedValue | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) if (v !== undefined) out[k] = toNeo4jValue(k, v);
  return out;
}

export function relationshipId(rel: Pick<SeedRelationship, 'type' | 'from' | 'to'>): string {
  return `${rel.type}:${rel.from}->${rel.to}`;
}

export interface SeedCounts {
  nodes: number;
  relationships: number;
}

export async function applySchema(db: Db): Promise<void> {
  for (const statement of db.queries.statements('schema')) await db.autoCommit(statement);
  await db.autoCommit('CALL db.awaitIndexes(60)');
}

export async function resetGraph(db: Db): Promise<void> {
  await db.autoCommit(db.queries.get('seed-reset'));
}

/** Merges the seed graph in one transaction: running it twice leaves the same graph. */
export async function loadSeed(db: Db, graph: SeedGraph): Promise<SeedCounts> {
  const byKind = new Map<string, SeedGraph['entities']>();
  for (const e of graph.entities) byKind.set(e.kind, [...(byKind.get(e.kind) ?? []), e]);
  const byType = new Map<RelationshipType, SeedRelationship[]>();
  for (const r of graph.relationships) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);

  return db.writeTx(async (tx) => {
    let nodes = 0;
    for (const [kind, entities] of byKind) {
      const rows = entities.map((e) => {
        const { date, ...facts } = e.facts ?? {};
        return {
          id: e.id,
          date: typeof date === 'string' ? date : null,
          properties: withoutUndefined({
            ...facts,
            name: e.name,
            aliases: e.aliases ?? [],
            description: e.description,
          }),
        };
      });
      const result = await tx.run(db.queries.render('seed-merge-entities', { KIND: kind }), {
        rows,
      });
      nodes += result.records[0].get('written').toNumber();
    }
    let relationships = 0;
    for (const [type, rels] of byType) {
      const rows = rels.map((r) => ({
        id: relationshipId(r),
        from: r.from,
        to: r.to,
        since: r.since ?? null,
        until: r.until ?? null,
        properties: withoutUndefined({
          family: RELATIONSHIP_TYPES[type],
          stake: r.stake,
          amountUsd: r.amountUsd,
          datePrecision: r.datePrecision,
          role: r.role,
          source: r.source,
          evidence: r.evidence,
          confidence: r.confidence,
        }),
      }));
      const result = await tx.run(db.queries.render('seed-merge-relationships', { TYPE: type }), {
        rows,
      });
      const written = result.records[0].get('written').toNumber();
      if (written !== rows.length) {
        throw new Error(
          `Seed: ${rows.length - written} ${type} relationship(s) name an unknown entity`,
        );
      }
      relationships += written;
    }
    return { nodes, relationships };
  });
}

export async function countEntities(db: Db): Promise<number> {
  const result = await db.read('entity-count');
  return result.records[0].get('count').toNumber();
}

/** Schema first, then the seed, on an empty database only unless `force`. */
export async function seedDatabase(
  db: Db,
  graph: SeedGraph,
  opts: { reset?: boolean; onlyIfEmpty?: boolean } = {},
): Promise<SeedCounts | null> {
  await applySchema(db);
  if (opts.reset) await resetGraph(db);
  if (opts.onlyIfEmpty && (await countEntities(db)) > 0) return null;
  return loadSeed(db, graph);
}
