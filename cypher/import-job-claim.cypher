// Claims the oldest queued job, or one whose instance stopped renewing its lease. The queue's
// lock node serialises claims across instances, and nothing is claimed while another job runs
// under a live lease: one import at a time on the database, each claimed by one instance.
MERGE (q:AppCounter {id: 'import-queue'})
SET q.lockedAt = $now
WITH q
WHERE NOT EXISTS { MATCH (r:AppJob {status: 'running'}) WHERE r.leaseUntil >= $now }
MATCH (j:AppJob)
WHERE j.status = 'queued' OR (j.status = 'running' AND j.leaseUntil < $now)
WITH j ORDER BY j.createdAt LIMIT 1
SET j.lockedAt = $now
WITH j
WHERE j.status = 'queued' OR (j.status = 'running' AND j.leaseUntil < $now)
SET j.status = 'running', j.owner = $owner, j.leaseUntil = $now + $leaseMs,
    j.attempts = j.attempts + 1, j.startedAt = $now
RETURN j
