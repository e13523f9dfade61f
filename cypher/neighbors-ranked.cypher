// Depth-1 neighbours of $id ranked in the database (degree desc, then id), so a hub ships
// $limit ids, not one row per edge; no row when $id does not exist. Filters as in
// neighbors-step.cypher.
MATCH (a:Entity {id: $id})
CALL (a) {
  MATCH (a)-[r]-(b:Entity)
  WHERE b <> a
    AND ($direction = 'both'
      OR ($direction = 'out' AND startNode(r) = a)
      OR ($direction = 'in' AND endNode(r) = a))
    AND ($types IS NULL OR type(r) IN $types)
    AND ($at IS NULL OR ((r.since IS NULL OR r.since <= date($at)) AND (r.until IS NULL OR date($at) < r.until)))
  WITH DISTINCT b
  WITH b.id AS id, COUNT { (b)--() } AS degree
  ORDER BY degree DESC, id ASC
  RETURN collect({id: id, degree: degree}) AS ranked
}
RETURN COUNT { (a)--() } AS degree, size(ranked) AS total, ranked[0..$limit] AS kept
