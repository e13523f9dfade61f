// Relationships whose both ends are in $ids and that are valid at $at (null = any time).
MATCH (a:Entity)-[r]->(b:Entity)
WHERE a.id IN $ids AND b.id IN $ids
  AND (r.retractedAt IS NULL OR date(r.retractedAt) > date($at))
  AND ($at IS NULL OR ((r.since IS NULL OR r.since <= date($at)) AND (r.until IS NULL OR date($at) < r.until)))
RETURN r.id AS id, type(r) AS type, a.id AS source, b.id AS target, properties(r) AS properties
ORDER BY id
