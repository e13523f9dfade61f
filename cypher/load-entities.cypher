// Bulk loader, one kind per batch: {{KIND}} is filled from the allow-list of entity kinds.
// $rows: [{id, date (YYYY-MM-DD or null), properties}] — the same shape for every batch.
// MERGE on the id (unique constraint): re-running a batch rewrites it, never duplicates it.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:{{KIND}}
SET n = row.properties
SET n.id = row.id,
    n.date = CASE WHEN row.date IS NULL THEN null ELSE date(row.date) END
RETURN count(n) AS written
