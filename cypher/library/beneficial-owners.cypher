// title: Beneficial owners of an entity
// description: Natural persons, states and unknown owners at the top of OWNS and BENEFITS_FROM (a trust's beneficiaries, rights to profit, read as shares) chains (up to 6 hops, stopping at a person, a state or an unknown owner) whose share reaches the threshold, as an interval: along a chain the bounds multiply, several claims about one pair span one interval (lowest min, highest max), chains add up, capped at 1. `certain` when the minimum reaches the threshold. Tops that are companies with no recorded owners come back with kind 'gap': their owners are unknown in our data. The API's GET /api/beneficial-owners/:id adds voting rights, control (per chain), the roles in trusts, interests of unknown nature and the chains.
// param id: entityId — The company whose beneficial owners to find
// param thresholdPercent: integer 1..100 = 25 — Threshold, in percent
// param at: date? — Only links valid on this day (YYYY-MM-DD); all links when omitted
MATCH (x:Entity {id: $id})
MATCH p = (top:Entity)(()-[r:OWNS|BENEFITS_FROM]->() WHERE $at IS NULL
    OR ((r.since IS NULL OR r.since <= date($at)) AND (r.until IS NULL OR date($at) < r.until))){1,6}(x)
WHERE all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
  AND none(n IN nodes(p)[1..-1] WHERE n:Person OR n:Government OR n:Unknown)
  AND (top:Person OR top:Government OR top:Unknown
    OR NOT EXISTS { (:Entity)-[q:OWNS|CONTROLS|BENEFITS_FROM|ROLE_IN|HAS_INTEREST]->(top) WHERE $at IS NULL
      OR ((q.since IS NULL OR q.since <= date($at)) AND (q.until IS NULL OR date($at) < q.until)) })
WITH top, [n IN nodes(p) | n.id] AS ids, collect(relationships(p)) AS alternatives, collect(p) AS ps
// One chain per entity path: each hop spans its alternative claims. (UNWIND, not range() in an
// expression: the console's screen only takes literal bounds there.)
WITH top, ids, ps[0] AS p, alternatives
UNWIND range(0, size(ids) - 2) AS i
WITH top, ids, p,
  reduce(a = 1.0, rs IN alternatives | CASE WHEN coalesce(rs[i].stakeMin, rs[i].stake, 0.0) < a
    THEN coalesce(rs[i].stakeMin, rs[i].stake, 0.0) ELSE a END) AS hopMin,
  reduce(a = 0.0, rs IN alternatives | CASE WHEN coalesce(rs[i].stakeMax, rs[i].stake, 1.0) > a
    THEN coalesce(rs[i].stakeMax, rs[i].stake, 1.0) ELSE a END) AS hopMax
WITH top, ids, p, collect(hopMin) AS mins, collect(hopMax) AS maxs
WITH top, p, reduce(lo = 1.0, m IN mins | lo * m) AS chainMin,
  reduce(hi = 1.0, m IN maxs | hi * m) AS chainMax
WITH top, collect(p) AS chains, sum(chainMin) AS lo, sum(chainMax) AS hi
WITH top, chains,
  CASE WHEN lo > 1.0 THEN 1.0 ELSE lo END AS stakeMin,
  CASE WHEN hi > 1.0 THEN 1.0 ELSE hi END AS stakeMax
WHERE stakeMax >= $thresholdPercent / 100.0
RETURN top.id AS ownerId, top.name AS owner,
  CASE WHEN top:Person THEN 'person' WHEN top:Government THEN 'state'
    WHEN top:Unknown THEN 'unknown' ELSE 'gap' END AS kind,
  CASE WHEN top:Unknown THEN coalesce(top.unspecifiedReason, top.description)
    WHEN top:Person OR top:Government THEN null ELSE 'owners not recorded' END AS reason,
  stakeMin, stakeMax, stakeMin >= $thresholdPercent / 100.0 AS certain, chains
ORDER BY certain DESC, stakeMax DESC, ownerId
LIMIT 200
