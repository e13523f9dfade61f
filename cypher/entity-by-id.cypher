MATCH (n:Entity {id: $id})
WHERE (n.retractedAt IS NULL OR date(n.retractedAt) > date($at))
RETURN n.id AS id, labels(n) AS labels, properties(n) AS properties
