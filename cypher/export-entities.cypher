// Export: the entities dataset $dataset asserts (its own Source node aside), plus the entities
// $ids (the relationships' endpoints and the visible graph).
MATCH (n:Entity)
WHERE ($dataset IS NOT NULL AND $dataset IN coalesce(n.datasets, []) AND n.id <> 'source:' + $dataset)
   OR n.id IN $ids
WITH n WHERE n.retractedAt IS NULL
RETURN n.id AS id, labels(n) AS labels, properties(n) AS p
ORDER BY id
