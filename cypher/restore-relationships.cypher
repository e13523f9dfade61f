// Restore: one batch of relationships between restored nodes. $rows: [{start, end, type, props}].
UNWIND $rows AS row
MATCH (a:BackupRestore {backupRestoreId: row.start})
MATCH (b:BackupRestore {backupRestoreId: row.end})
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
RETURN count(r) AS written
