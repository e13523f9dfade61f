// All shortest undirected paths between two entities, over relationships of $types (null = all)
// valid at $at (null = any time). The search is bounded at 8 hops (the API's maximum); paths longer
// than $maxHops are dropped afterwards, which is exact since all shortest paths share one length.
// The relationship predicate is evaluated during the search, so no exhaustive fallback is planned.
MATCH (a:Entity {id: $from})
MATCH (b:Entity {id: $to})
MATCH p = allShortestPaths((a)-[*..8]-(b))
WHERE all(r IN relationships(p) WHERE
  ($types IS NULL OR type(r) IN $types)
  AND (r.retractedAt IS NULL OR date(r.retractedAt) > date($at))
  AND ($at IS NULL OR ((r.since IS NULL OR r.since <= date($at)) AND (r.until IS NULL OR date($at) < r.until))))
WITH p
WHERE length(p) <= $maxHops
WITH p
LIMIT $limit
RETURN
  [n IN nodes(p) | {id: n.id, labels: labels(n), properties: properties(n)}] AS nodes,
  [r IN relationships(p) | {id: r.id, type: type(r), source: startNode(r).id, target: endNode(r).id, properties: properties(r)}] AS edges
