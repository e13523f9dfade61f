// Export: the relationships of dataset $dataset, or those among the entities $ids (either may be
// null). Properties come back whole; the service turns them into canonical records.
MATCH (a:Entity)-[r]->(b:Entity)
WHERE ($dataset IS NOT NULL AND r.dataset = $dataset)
   OR ($ids IS NOT NULL AND a.id IN $ids AND b.id IN $ids)
WITH a, r, b WHERE r.retractedAt IS NULL
RETURN a.id AS from, b.id AS to, type(r) AS type, properties(r) AS p
ORDER BY r.id
