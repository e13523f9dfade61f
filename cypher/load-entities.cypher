// Bulk loader, one kind per batch: {{KIND}} is filled from the allow-list of entity kinds.
// $rows: [{id, date (YYYY-MM-DD, absent when none), p: every other property, id included}].
// MERGE on the id (unique constraint): re-running a batch rewrites it, never duplicates it.
// `SET n = row.p` replaces the properties (a re-run drops facts the row no longer has); p holds
// the id, so the constrained key is never removed and re-added. date(null) is null: no property.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:{{KIND}}
SET n = row.p
SET n.date = date(row.date)
RETURN count(n) AS written
