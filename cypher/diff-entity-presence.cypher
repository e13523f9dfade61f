// World-time diff: for the entities $ids, how many of their relationships are valid at $from and
// at $to (YYYY-MM-DD): an entity with none at one date and some at the other appeared or left.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
OPTIONAL MATCH (n)-[r]-(:Entity)
WHERE r.retractedAt IS NULL
WITH n, collect(r) AS rels
RETURN n.id AS id,
       size([r IN rels WHERE (r.since IS NULL OR r.since <= date($from)) AND (r.until IS NULL OR date($from) < r.until)]) AS atFrom,
       size([r IN rels WHERE (r.since IS NULL OR r.since <= date($to)) AND (r.until IS NULL OR date($to) < r.until)]) AS atTo
