// Bulk loader, one kind per batch: {{KIND}} is filled from the allow-list of entity kinds.
// $rows: [{id, date (YYYY-MM-DD, absent when none), dataset (absent when none), p: every other
// property, id included}].
// MERGE on the id (unique constraint): re-running a batch rewrites it, never duplicates it.
// `SET n = row.p` replaces the properties (a re-run drops facts the row no longer has); p holds
// the id, so the constrained key is never removed and re-added. date(null) is null: no property.
// `datasets` lists every dataset that asserts the entity: kept across the replace, never duplicated.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
WITH n, row, coalesce(n.datasets, []) AS had
SET n:{{KIND}}
SET n = row.p
SET n.date = date(row.date),
    n.datasets = CASE
      WHEN row.dataset IS NULL OR row.dataset IN had THEN CASE WHEN size(had) = 0 THEN null ELSE had END
      ELSE had + row.dataset
    END
RETURN count(n) AS written
