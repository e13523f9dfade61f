// title: Ownership chain of an entity
// description: Every chain of OWNS links up to its ultimate owners and down to its indirect holdings, up to 6 hops, with the effective stake of each chain (product of stakes; null when any stake is unknown) and its bounds (products of the lower and upper bounds; a missing bound reads as 0 or 1).
// param id: entityId — The entity whose owners and holdings to trace
// param at: date? — Only links valid on this day (YYYY-MM-DD); all links when omitted
MATCH (x:Entity {id: $id})
CALL (x) {
  MATCH p = (:Entity)(()-[r:OWNS]->() WHERE $at IS NULL
      OR ((r.since IS NULL OR r.since <= date($at)) AND (r.until IS NULL OR date($at) < r.until))){1,6}(x)
  RETURN 'owner' AS direction, p
  UNION
  MATCH p = (x)(()-[r:OWNS]->() WHERE $at IS NULL
      OR ((r.since IS NULL OR r.since <= date($at)) AND (r.until IS NULL OR date($at) < r.until))){1,6}(:Entity)
  RETURN 'holding' AS direction, p
}
WITH direction, p
WHERE all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
RETURN direction,
  [n IN nodes(p) | n.name] AS chain,
  length(p) AS hops,
  reduce(s = 1.0, r IN relationships(p) |
    CASE WHEN s IS NULL OR r.stake IS NULL THEN null ELSE s * r.stake END) AS effectiveStake,
  reduce(s = 1.0, r IN relationships(p) | s * coalesce(r.stakeMin, r.stake, 0.0)) AS effectiveStakeMin,
  reduce(s = 1.0, r IN relationships(p) | s * coalesce(r.stakeMax, r.stake, 1.0)) AS effectiveStakeMax,
  p
ORDER BY direction DESC, hops, chain
LIMIT 500
