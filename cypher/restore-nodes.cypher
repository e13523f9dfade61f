// Restore: one batch of nodes. $rows: [{id: backup id, labels: [..], props: {..} typed}].
UNWIND $rows AS row
CREATE (n:BackupRestore)
SET n = row.props
SET n.backupRestoreId = row.id
SET n:$(row.labels)
RETURN count(n) AS written
