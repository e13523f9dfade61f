// Takes one of $max slots of a key, atomically across instances: the counter's write lock is held
// while live slots are counted; slots past their lease (an instance that died holding them) go.
MERGE (c:AppCounter {id: $id})
SET c.lockedAt = $now
WITH c
OPTIONAL MATCH (s:AppSlot {counter: $id})
WITH c, collect(s) AS slots
WITH c, [x IN slots WHERE x.expiresAt <= $now] AS stale, size([x IN slots WHERE x.expiresAt > $now]) AS live
FOREACH (x IN stale | DELETE x)
FOREACH (_ IN CASE WHEN live < $max THEN [1] ELSE [] END |
  CREATE (:AppSlot {id: $slot, counter: $id, expiresAt: $now + $leaseMs}))
SET c.expiresAt = CASE WHEN coalesce(c.expiresAt, 0) > $now + $leaseMs THEN c.expiresAt ELSE $now + $leaseMs END
RETURN live < $max AS granted, live AS live
