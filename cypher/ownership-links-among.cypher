// Every OWNS link valid at $at (null = any time) between two of the entities in $ids, for
// integrated ownership through cycles (a chain query leaves out the links that close a cycle).
UNWIND $ids AS sid
MATCH (a:Entity {id: sid})-[r:OWNS]->(b:Entity)
WHERE b.id IN $ids
  AND (r.retractedAt IS NULL OR date(r.retractedAt) > date($at))
  AND ($at IS NULL
    OR ((r.since IS NULL OR r.since <= date($at)) AND (r.until IS NULL OR date($at) < r.until)))
RETURN r.id AS id, a.id AS source, b.id AS target,
  coalesce(r.stakeMin, r.stake, 0.0) AS stakeMin, coalesce(r.stakeMax, r.stake, 1.0) AS stakeMax,
  coalesce(r.directOrIndirect, 'direct') AS directOrIndirect, coalesce(r.components, []) AS components
LIMIT $limit
