// A queued import job (server/ingest/import-jobs.ts); the upload itself waits in the spool.
CREATE (j:AppJob {
  id: $id, status: 'queued', format: $format, dryRun: $dryRun, createdBy: $createdBy,
  createdAt: $now, options: $options, attempts: 0, progressRecords: 0, progressTotal: 0
})
RETURN j
