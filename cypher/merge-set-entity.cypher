// Replaces an entity's properties (the id inside them, unchanged) in a merge or an unmerge.
MATCH (n:Entity {id: $id})
SET n = $properties
RETURN n.id AS id
