// One kind per call: {{KIND}} is filled from the allow-list of entity kinds.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:{{KIND}}
SET n = row.properties
SET n.id = row.id,
    n.date = CASE WHEN row.date IS NULL THEN null ELSE date(row.date) END
RETURN count(n) AS written
