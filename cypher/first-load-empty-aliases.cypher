// First load (server/ingest/first-load.ts): the batch importer skips empty arrays, the loader
// writes `aliases: []` on every entity without aliases; this gives them theirs, in batches.
MATCH (n:Entity)
WHERE n.aliases IS NULL
CALL (n) {
  SET n.aliases = []
} IN TRANSACTIONS OF 20000 ROWS
