// The relationships a merge moved, as they are now, found through the canonical entity (there is
// no global index on relationship ids): for the merge's `after` snapshot and the unmerge's checks.
MATCH (c:Entity {id: $canonical})-[r]-()
WHERE r.id IN $ids
RETURN DISTINCT elementId(r) AS elementId, r.id AS id, type(r) AS type, startNode(r).id AS from,
       endNode(r).id AS to, properties(r) AS properties
