// Auto-commit only: deletes in batches so a large graph never needs one huge transaction.
MATCH (n)
CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
