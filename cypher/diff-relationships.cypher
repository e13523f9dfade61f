// World-time diff: relationships whose validity differs between $from and $to (YYYY-MM-DD,
// from <= to), i.e. with a `since` or an `until` in (from, to]. $ids keeps both ends inside a
// neighbourhood (null = whole graph), $families some families (null = all). Retracted claims
// are out, as in every default read. Earliest boundary first; $cap bounds the scan.
MATCH (a:Entity)-[r]->(b:Entity)
WHERE ((r.since > date($from) AND r.since <= date($to)) OR (r.until > date($from) AND r.until <= date($to)))
  AND ($ids IS NULL OR (a.id IN $ids AND b.id IN $ids))
  AND ($families IS NULL OR r.family IN $families)
  AND r.retractedAt IS NULL
WITH a, r, b,
     CASE WHEN r.since > date($from) AND r.since <= date($to) THEN r.since ELSE r.until END AS boundary
RETURN r.id AS id, type(r) AS type, a.id AS source, b.id AS target, properties(r) AS properties
ORDER BY boundary, id
LIMIT $cap
