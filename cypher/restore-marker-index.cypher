// Restore: restored nodes carry a marker label and their backup id until relationships are in.
CREATE INDEX backup_restore_id IF NOT EXISTS FOR (n:BackupRestore) ON (n.backupRestoreId)
