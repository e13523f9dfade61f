// Renews the lease of a job this instance still owns (lock first, then check), with its progress.
MATCH (j:AppJob {id: $id})
SET j.lockedAt = timestamp()
WITH j
WHERE j.owner = $owner AND j.status = 'running'
SET j.leaseUntil = $leaseUntil, j.progressRecords = $progressRecords, j.progressTotal = $progressTotal
RETURN j.id AS id
