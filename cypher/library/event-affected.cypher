// title: Entities affected by an event
// description: Who suffered an event (AFFECTED_BY), and, when asked, who else took part in it or set it off.
// param id: entityId — The event, e.g. event:scale-ai-document-exposure-2025-06
// param includeParticipants: boolean = false — Also list participants and initiators
MATCH (e:Event {id: $id})<-[r]-(x:Entity)
WHERE type(r) = 'AFFECTED_BY'
  OR ($includeParticipants AND type(r) IN ['PARTICIPATED_IN', 'INITIATED'])
RETURN x.id AS entityId, x.name AS entity, labels(x) AS kind, type(r) AS involvement, r.role AS role,
  r.confidence AS confidence, x, r, e
ORDER BY involvement, entity
LIMIT 1000
