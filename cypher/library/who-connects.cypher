// title: Who connects two entities
// description: All shortest paths between two entities (up to 6 hops, any direction), optionally over some families only, with the entities in between.
// param a: entityId — The first entity, e.g. person:alexandr-wang
// param b: entityId — The second entity, e.g. org:openai
// param families: families? — Only follow relationships of these families (list, e.g. ["ownership","client"])
MATCH (a:Entity {id: $a})
MATCH (b:Entity {id: $b})
WHERE a <> b
MATCH p = allShortestPaths((a)-[*..6]-(b))
WHERE all(r IN relationships(p) WHERE $families IS NULL OR r.family IN $families)
RETURN length(p) AS hops,
  [n IN nodes(p)[1..-1] | n.name] AS via,
  [r IN relationships(p) | type(r)] AS relations,
  p
LIMIT 100
