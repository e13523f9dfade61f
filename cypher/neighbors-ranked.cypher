// Depth-1 neighbours of $id ranked in the database (degree desc, then id), so a hub ships
// $limit ids, not one row per edge; no row when $id does not exist. Filters as in
// neighbors-step.cypher. Neighbours are grouped by degree first, so only the groups that reach
// the cut have their ids read and sorted (a hub's thousands of one-client leaves rarely do).
MATCH (a:Entity {id: $id})
WHERE (a.retractedAt IS NULL OR date(a.retractedAt) > date($at))
CALL (a) {
  MATCH (a)-[r]-(b:Entity)
  WHERE b <> a
    AND ($direction = 'both'
      OR ($direction = 'out' AND startNode(r) = a)
      OR ($direction = 'in' AND endNode(r) = a))
    AND ($types IS NULL OR type(r) IN $types)
    AND (r.retractedAt IS NULL OR date(r.retractedAt) > date($at))
    AND ($at IS NULL OR ((r.since IS NULL OR r.since <= date($at)) AND (r.until IS NULL OR date($at) < r.until)))
  WITH DISTINCT b
  WITH COUNT { (b)--() } AS degree, collect(b) AS members
  ORDER BY degree DESC
  RETURN collect({degree: degree, members: members}) AS groups
}
WITH a, groups, reduce(s = [0], g IN groups | s + (s[-1] + size(g.members))) AS before
CALL (groups, before) {
  UNWIND range(0, size(groups) - 1) AS i
  WITH groups[i] AS g, before[i] AS n
  WHERE n < $limit
  UNWIND g.members AS b
  WITH b.id AS id, g.degree AS degree
  ORDER BY degree DESC, id ASC
  LIMIT $limit
  RETURN collect({id: id, degree: degree}) AS kept
}
RETURN COUNT { (a)--() } AS degree, before[-1] AS total, kept
