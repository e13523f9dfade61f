// title: Clients of an entity
// description: Who buys from the entity (CLIENT_OF links pointing at it), with their role, dates and provenance.
// param id: entityId — The supplier, e.g. org:scale-ai
// param at: date? — Only client links valid on this day (YYYY-MM-DD)
MATCH (client:Entity)-[r:CLIENT_OF]->(supplier:Entity {id: $id})
WHERE $at IS NULL
  OR ((r.since IS NULL OR r.since <= date($at)) AND (r.until IS NULL OR date($at) < r.until))
RETURN client.id AS clientId, client.name AS clientName, labels(client) AS kind, r.role AS role,
  r.since AS since, r.until AS until, r.confidence AS confidence, r.source AS source,
  client, r, supplier
ORDER BY client.name
LIMIT 1000
