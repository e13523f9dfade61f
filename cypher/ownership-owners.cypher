// Every ownership chain going up from $id: who owns it directly and through holding companies.
// Chains are bounded at 6 hops and simple (no entity twice), so cross-holdings cannot loop.
// Links must be valid at $at (null = any time). At most $limit chains, shortest first.
// `path` runs from the owner down to $id, the direction the stakes multiply in.
MATCH (n:Entity {id: $id})
MATCH p = (m:Entity)(()-[r:OWNS]->() WHERE $at IS NULL
    OR ((r.since IS NULL OR r.since <= date($at)) AND (r.until IS NULL OR date($at) < r.until))){1,6}(n)
WHERE all(x IN nodes(p) WHERE single(y IN nodes(p) WHERE y = x))
WITH p, m
ORDER BY length(p), m.id
LIMIT $limit
RETURN m.id AS id, labels(m) AS labels, m.name AS name,
  [x IN nodes(p) | x.id] AS path,
  [r IN relationships(p) | {id: r.id, source: startNode(r).id, target: endNode(r).id, stake: r.stake, since: r.since, until: r.until}] AS links
