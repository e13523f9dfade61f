// Auto-commit only: a failed restore deletes what it had written (the marked nodes).
MATCH (n:BackupRestore)
CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
