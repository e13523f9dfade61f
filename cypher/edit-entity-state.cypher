// An entity as an edit sees it (after edit-entity-lock): labels and every property.
MATCH (n:Entity {id: $id})
RETURN labels(n) AS labels, properties(n) AS properties
