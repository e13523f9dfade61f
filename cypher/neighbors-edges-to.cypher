// Edges between $id and each of $ids that pass the expansion's filters, with their properties:
// one expand-into per kept neighbour instead of a walk over all of a hub's edges.
MATCH (a:Entity {id: $id})
UNWIND $ids AS otherId
MATCH (b:Entity {id: otherId})
MATCH (a)-[r]-(b)
WHERE ($direction = 'both'
    OR ($direction = 'out' AND startNode(r) = a)
    OR ($direction = 'in' AND endNode(r) = a))
  AND ($types IS NULL OR type(r) IN $types)
  AND ($at IS NULL OR ((r.since IS NULL OR r.since <= date($at)) AND (r.until IS NULL OR date($at) < r.until)))
RETURN DISTINCT elementId(r) AS elementId, r.id AS id, type(r) AS type,
       startNode(r).id AS source, endNode(r).id AS target, properties(r) AS properties
