// How an id resolves: an entity's own id, or a merged one's `mergedInto` (one step of a chain).
OPTIONAL MATCH (e:Entity {id: $id})
OPTIONAL MATCH (m:Merged {id: $id})
RETURN e IS NOT NULL AS entity, e.mergedFrom AS mergedFrom, m.mergedInto AS mergedInto
