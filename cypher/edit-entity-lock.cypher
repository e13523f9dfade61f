// Takes the write lock on an entity (and, with $withRelationships, on its relationships) before
// the edit reads its version: concurrent writers of one element queue here instead of both
// reading the same version (a SET takes the lock; the property is removed in the same breath).
MATCH (n:Entity {id: $id})
SET n._lock = true
REMOVE n._lock
WITH n
OPTIONAL MATCH (n)-[r]-()
WHERE $withRelationships
SET r._lock = true
REMOVE r._lock
RETURN n.id AS id, count(r) AS relationships
