// One hop of a neighbourhood expansion from the $frontier slugs. $direction is 'out', 'in' or
// 'both'; $types the relationship types allowed (null = all); $at a YYYY-MM-DD or null.
UNWIND $frontier AS fromId
MATCH (a:Entity {id: fromId})-[r]-(b:Entity)
WHERE ($direction = 'both'
    OR ($direction = 'out' AND startNode(r) = a)
    OR ($direction = 'in' AND endNode(r) = a))
  AND ($types IS NULL OR type(r) IN $types)
  AND (r.retractedAt IS NULL OR date(r.retractedAt) > date($at))
  AND ($at IS NULL OR ((r.since IS NULL OR r.since <= date($at)) AND (r.until IS NULL OR date($at) < r.until)))
// No properties here: a hub has thousands of edges and only the kept ones are fetched whole.
RETURN fromId, b.id AS neighbor, elementId(r) AS elementId, r.id AS id, type(r) AS type,
       startNode(r).id AS source, endNode(r).id AS target
LIMIT $rowCap
