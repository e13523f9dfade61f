// Every chain of ownership or control (OWNS, CONTROLS) going up from $id: who may control it.
// Chains are bounded at 6 hops and simple (no entity twice), so cross-holdings cannot loop.
// Links must be valid at $at (null = any time). Several links between one pair (alternative
// claims) give one chain each; the service groups them. Missing bounds read as the contract says:
// coalesce(stakeMin, stake, 0) / coalesce(stakeMax, stake, 1), never 0 or 1 for the stake itself.
// At most $limit chains, shortest first.
// `path` runs from the controller down to $id. The service keeps the chains that give control.
MATCH (n:Entity {id: $id})
MATCH p = (m:Entity)(()-[r:OWNS|CONTROLS]->() WHERE $at IS NULL
    OR ((r.since IS NULL OR r.since <= date($at)) AND (r.until IS NULL OR date($at) < r.until))){1,6}(n)
WHERE all(x IN nodes(p) WHERE single(y IN nodes(p) WHERE y = x))
  AND all(x IN relationships(p) WHERE (x.retractedAt IS NULL OR date(x.retractedAt) > date($at)))
WITH p, m
ORDER BY length(p), m.id
LIMIT $limit
RETURN m.id AS id, labels(m) AS labels, m.name AS name,
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
