// The most connected entities: what a reader wants first when the graph is too big to draw whole.
MATCH (n:Entity)
WITH n, COUNT { (n)--() } AS degree
ORDER BY degree DESC, n.id
LIMIT $limit
RETURN n.id AS id, labels(n) AS labels, properties(n) AS properties
