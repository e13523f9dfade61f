// Auto-commit only: drops the restore marker in batches once every relationship is in.
MATCH (n:BackupRestore)
CALL { WITH n REMOVE n:BackupRestore REMOVE n.backupRestoreId } IN TRANSACTIONS OF 10000 ROWS
