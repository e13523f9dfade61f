// Ends a job this instance still owns: a job taken over by another instance is not finished twice.
MATCH (j:AppJob {id: $id})
SET j.lockedAt = $now
WITH j
WHERE j.owner = $owner AND j.status = 'running'
SET j.status = $status, j.finishedAt = $now, j.expiresAt = $expiresAt, j.dataset = $dataset,
    j.format = $format, j.report = $report, j.error = $error,
    j.progressRecords = $progressRecords, j.progressTotal = $progressTotal
REMOVE j.leaseUntil
RETURN j.id AS id
