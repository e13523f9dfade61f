// $hits hits (1, or an instance's buffered hits) in a fixed window, atomically: the SET takes the
// counter's write lock before it is read, so hits from every instance are counted once each.
MERGE (c:AppCounter {id: $id})
ON CREATE SET c.hits = 0, c.resetAt = $now + $windowMs
SET c.lockedAt = $now
WITH c, c.resetAt <= $now AS fresh
SET c.hits = CASE WHEN fresh THEN $hits ELSE c.hits + $hits END,
    c.resetAt = CASE WHEN fresh THEN $now + $windowMs ELSE c.resetAt END
SET c.expiresAt = c.resetAt
RETURN c.hits AS hits, c.resetAt AS resetAt
