// Bulk loader (server/ingest/loader.ts): which rows of a relationship batch name an entity that does not exist.
// $rows: [{line, from, to}].
UNWIND $rows AS row
OPTIONAL MATCH (a:Entity {id: row.from})
OPTIONAL MATCH (b:Entity {id: row.to})
WITH row, a, b
WHERE a IS NULL OR b IS NULL
RETURN row.line AS line, CASE WHEN a IS NULL THEN row.from ELSE row.to END AS missing
