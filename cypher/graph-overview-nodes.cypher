// The most connected entities: what a reader wants first when the graph is too big to draw whole.
MATCH (n:Entity)
WHERE (n.retractedAt IS NULL OR date(n.retractedAt) > date($at))
WITH n, COUNT { (n)--() } AS degree
ORDER BY degree DESC, n.id
LIMIT $limit
RETURN n.id AS id, labels(n) AS labels, properties(n) AS properties
