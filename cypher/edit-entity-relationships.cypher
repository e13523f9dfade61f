// The live (not retracted) relationships of an entity, as an entity retraction snapshots them.
MATCH (n:Entity {id: $id})-[r]-()
WHERE r.retractedAt IS NULL
WITH DISTINCT r
RETURN elementId(r) AS elementId, type(r) AS type, startNode(r).id AS from, endNode(r).id AS to,
       properties(r) AS properties
ORDER BY r.id
