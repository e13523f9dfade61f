// An entity as a merge reads it: labels, properties (driver types kept for a restore), degree.
// A retracted entity is not merged (nor unmerged into): it has left today's graph.
MATCH (n:Entity {id: $id})
WHERE n.retractedAt IS NULL
RETURN n.id AS id, labels(n) AS labels, properties(n) AS properties, elementId(n) AS elementId,
       COUNT { (n)-[r]-() WHERE r.retractedAt IS NULL } AS degree
