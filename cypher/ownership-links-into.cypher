// The direct OWNS claims into each entity of $ids valid at $at (null = any time): how much of each
// entity's shares the data accounts for. Declared indirect interests are left out (they summarise
// chains, they are not shares held). Missing bounds read as coalesce(stakeMin, stake, 0) /
// coalesce(stakeMax, stake, 1).
UNWIND $ids AS tid
MATCH (o:Entity)-[r:OWNS]->(t:Entity {id: tid})
WHERE coalesce(r.directOrIndirect, 'direct') <> 'indirect'
  AND (r.retractedAt IS NULL OR date(r.retractedAt) > date($at))
  AND ($at IS NULL
    OR ((r.since IS NULL OR r.since <= date($at)) AND (r.until IS NULL OR date($at) < r.until)))
RETURN t.id AS target, o.id AS owner,
  coalesce(r.stakeMin, r.stake, 0.0) AS stakeMin, coalesce(r.stakeMax, r.stake, 1.0) AS stakeMax
LIMIT $limit
