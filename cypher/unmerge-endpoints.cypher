// Element ids of the entities (or the merged entity, still :Merged) an unmerge reconnects.
UNWIND $ids AS id
OPTIONAL MATCH (e:Entity {id: id})
OPTIONAL MATCH (m:Merged {id: id})
WITH id, coalesce(e, m) AS n
WHERE n IS NOT NULL
RETURN id, elementId(n) AS elementId
