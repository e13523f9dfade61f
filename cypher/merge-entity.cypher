// An entity as a merge reads it: labels, properties (driver types kept for a restore), degree.
MATCH (n:Entity {id: $id})
RETURN n.id AS id, labels(n) AS labels, properties(n) AS properties, elementId(n) AS elementId,
       COUNT { (n)-[r]-() WHERE r.retractedAt IS NULL } AS degree
