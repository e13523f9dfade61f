// The kept entities $ids ($id among them) of a depth-1 expansion, each with the edges that join
// it to $id under the expansion's filters: one expand-into per kept entity, not a walk over all
// of a hub's edges. $id's own row has no edges (a self-loop would cost a walk over all of them).
MATCH (a:Entity {id: $id})
UNWIND $ids AS otherId
MATCH (b:Entity {id: otherId})
CALL (a, b) {
  WITH a, b
  WHERE a <> b
  MATCH (a)-[r]-(b)
  WHERE ($direction = 'both'
      OR ($direction = 'out' AND startNode(r) = a)
      OR ($direction = 'in' AND endNode(r) = a))
    AND ($types IS NULL OR type(r) IN $types)
    AND (r.retractedAt IS NULL OR date(r.retractedAt) > date($at))
    AND ($at IS NULL OR ((r.since IS NULL OR r.since <= date($at)) AND (r.until IS NULL OR date($at) < r.until)))
  WITH DISTINCT r
  RETURN [x IN collect(r) | {elementId: elementId(x), id: x.id, type: type(x),
          source: startNode(x).id, target: endNode(x).id, properties: properties(x)}] AS edges
}
RETURN b.id AS id, labels(b) AS labels, properties(b) AS properties, edges
