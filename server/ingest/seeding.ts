import type { Db } from '../db/db';
import type { GraphRecords } from '../model/records';
import { applySchema, loadRecords, relationshipId } from './loader';

/** The seed goes through the loader's batches (server/ingest/loader.ts); these are its entry points. */
export { applySchema, relationshipId };

/** The dataset the seed's entities belong to, so deleting an imported dataset never removes them. */
export const SEED_DATASET = 'seed';

export interface SeedCounts {
  nodes: number;
  relationships: number;
}

export async function resetGraph(db: Db): Promise<void> {
  await db.autoCommit(db.queries.get('seed-reset'));
}

/**
 * Merges the seed graph through the bulk loader: running it twice leaves the same graph. Strict:
 * a row the loader would reject (e.g. a relationship naming an unknown entity) fails the load.
 * One batch per kind and per type, so no transaction compiles more than one query.
 */
export async function loadSeed(db: Db, graph: GraphRecords): Promise<SeedCounts> {
  const entities = [...graph.entities]
    .map((e) => ({ ...e, dataset: e.dataset ?? SEED_DATASET }))
    .sort((a, b) => a.kind.localeCompare(b.kind));
  const relationships = [...graph.relationships].sort((a, b) => a.type.localeCompare(b.type));
  const report = await loadRecords(db, [...entities, ...relationships], {
    strict: true,
    batchPerGroup: true,
  });
  return { nodes: report.entities, relationships: report.relationships };
}

export async function countEntities(db: Db): Promise<number> {
  const result = await db.read('entity-count');
  return result.records[0].get('count').toNumber();
}

/** Schema first, then the seed; with `onlyIfEmpty`, a database that has entities is left as is. */
export async function seedDatabase(
  db: Db,
  graph: GraphRecords,
  opts: { reset?: boolean; onlyIfEmpty?: boolean } = {},
): Promise<SeedCounts | null> {
  await applySchema(db);
  if (opts.reset) await resetGraph(db);
  if (opts.onlyIfEmpty && (await countEntities(db)) > 0) return null;
  return loadSeed(db, graph);
}
