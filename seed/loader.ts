/** The seed is written by the one ingestion path (server/ingest); these names stay for its callers. */
export {
  applySchema,
  countEntities,
  loadSeed,
  relationshipId,
  resetGraph,
  SEED_DATASET,
  seedDatabase,
  type SeedCounts,
} from '../server/ingest/seeding';
