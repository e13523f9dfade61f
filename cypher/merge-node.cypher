// A node a merge touched, entity or merged: its labels and properties, for the change's snapshot.
OPTIONAL MATCH (e:Entity {id: $id})
OPTIONAL MATCH (m:Merged {id: $id})
WITH coalesce(e, m) AS n
WHERE n IS NOT NULL
RETURN n.id AS id, labels(n) AS labels, properties(n) AS properties
