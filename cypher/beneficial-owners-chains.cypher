// Chains of ownership and control (OWNS, CONTROLS, and BENEFITS_FROM: beneficiaries of a trust,
// rights to profit or assets) going up from $id, for its beneficial owners.
// A chain stops at a natural person, a state or an unknown owner: none of them sits inside one.
// Chains are bounded at 6 hops and simple (no entity twice), so cross-holdings cannot loop.
// Links must be valid at $at (null = any time). At most $limit chains, shortest first.
// `ownersOfTop`: who owns or controls the chain's top entity at $at, to tell a recorded end
// (nobody above, or only entities already on the chain: a cross-holding) from a longer chain.
// Missing bounds read as coalesce(stakeMin, stake, 0) / coalesce(stakeMax, stake, 1).
MATCH (n:Entity {id: $id})
MATCH p = (m:Entity)(()-[r:OWNS|CONTROLS|BENEFITS_FROM]->() WHERE $at IS NULL
    OR ((r.since IS NULL OR r.since <= date($at)) AND (r.until IS NULL OR date($at) < r.until))){1,6}(n)
WHERE all(x IN nodes(p) WHERE single(y IN nodes(p) WHERE y = x))
  AND all(x IN relationships(p) WHERE (x.retractedAt IS NULL OR date(x.retractedAt) > date($at)))
  AND none(x IN nodes(p)[1..-1] WHERE x:Person OR x:Government OR x:Unknown)
WITH p, m
ORDER BY length(p), m.id
LIMIT $limit
RETURN m.id AS id, labels(m) AS labels, m.name AS name,
  m.unspecifiedReason AS unspecifiedReason, m.description AS description,
  [(o:Entity)-[q:OWNS|CONTROLS|BENEFITS_FROM]->(m) WHERE (q.retractedAt IS NULL OR date(q.retractedAt) > date($at)) AND ($at IS NULL
    OR ((q.since IS NULL OR q.since <= date($at)) AND (q.until IS NULL OR date($at) < q.until))) | o.id] AS ownersOfTop,
  [x IN nodes(p) | x.id] AS path,
  [r IN relationships(p) | {id: r.id, type: type(r), source: startNode(r).id, target: endNode(r).id,
    stake: r.stake,
    stakeMin: coalesce(r.stakeMin, r.stake, 0.0), stakeMax: coalesce(r.stakeMax, r.stake, 1.0),
    stakeMinExclusive: coalesce(r.stakeMinExclusive, false),
    stakeMaxExclusive: coalesce(r.stakeMaxExclusive, false),
    interestType: r.interestType, directOrIndirect: coalesce(r.directOrIndirect, 'direct'),
    components: coalesce(r.components, []),
    provenance: {source: r.source, evidence: r.evidence, confidence: r.confidence,
      dataset: r.dataset, sourceRecord: r.sourceRecord},
    since: r.since, until: r.until}] AS links
