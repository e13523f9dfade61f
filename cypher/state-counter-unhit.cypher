MATCH (c:AppCounter {id: $id})
SET c.lockedAt = timestamp()
WITH c
SET c.hits = CASE WHEN c.hits > 0 THEN c.hits - 1 ELSE 0 END
