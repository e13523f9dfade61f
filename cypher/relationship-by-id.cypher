// One relationship by its claim id, with its ends (GET /api/relationships/:id).
MATCH (a)-[r]->(b)
WHERE r.id = $id
RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS properties
LIMIT 1
