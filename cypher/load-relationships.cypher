// Bulk loader, one type per batch: {{TYPE}} is filled from the allow-list of relationship types.
// $rows: [{id, from, to, since, until, properties}]. Rows whose endpoints do not exist are skipped
// (the loader then asks load-missing-endpoints which ones, to report their line numbers).
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
MERGE (a)-[r:{{TYPE}} {id: row.id}]->(b)
SET r = row.properties
SET r.id = row.id,
    r.since = CASE WHEN row.since IS NULL THEN null ELSE date(row.since) END,
    r.until = CASE WHEN row.until IS NULL THEN null ELSE date(row.until) END
RETURN count(r) AS written
