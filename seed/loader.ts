import type { Db } from '../server/db/db';
import { applySchema, loadRecords, relationshipId } from './bulk-loader';
import type { SeedGraph } from './model';

/** The seed goes through the bulk loader's batches (seed/bulk-loader.ts); these are its entry points. */
export { applySchema, relationshipId };

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
export async function loadSeed(db: Db, graph: SeedGraph): Promise<SeedCounts> {
  const entities = [...graph.entities].sort((a, b) => a.kind.localeCompare(b.kind));
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
  graph: SeedGraph,
  opts: { reset?: boolean; onlyIfEmpty?: boolean } = {},
): Promise<SeedCounts | null> {
  await applySchema(db);
  if (opts.reset) await resetGraph(db);
  if (opts.onlyIfEmpty && (await countEntities(db)) > 0) return null;
  return loadSeed(db, graph);
}
