// A new relationship (one claim) from the editing API: {{TYPE}} from the allow-list of types.
MATCH (a:Entity {id: $from})
MATCH (b:Entity {id: $to})
CREATE (a)-[r:{{TYPE}}]->(b)
SET r = $props
SET r.version = 1, r.createdAt = datetime.transaction(), r.createdBy = $user
RETURN elementId(r) AS elementId, properties(r) AS properties
