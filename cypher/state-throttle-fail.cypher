// One more failed sign-in per key (account, address); failures older than $forgetMs start over.
UNWIND $ids AS id
MERGE (c:AppCounter {id: id})
SET c.lockedAt = $now
WITH c, CASE WHEN c.last IS NULL OR $now - c.last > $forgetMs THEN 0 ELSE c.failures END AS before
SET c.failures = before + 1, c.last = $now, c.expiresAt = $now + $forgetMs
