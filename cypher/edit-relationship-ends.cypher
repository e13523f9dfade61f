// Locks both ends of a relationship about to be created and says whether each is live; also the
// claim ids already used between them, so a new claim id never repeats one.
OPTIONAL MATCH (a:Entity {id: $from})
OPTIONAL MATCH (b:Entity {id: $to})
SET a._lock = true, b._lock = true
REMOVE a._lock, b._lock
WITH a, b
RETURN a IS NOT NULL AS fromExists, a.retractedAt IS NOT NULL AS fromRetracted,
       b IS NOT NULL AS toExists, b.retractedAt IS NOT NULL AS toRetracted,
       COLLECT { MATCH (a)-[r]-() WHERE r.id STARTS WITH $base RETURN r.id } AS taken
