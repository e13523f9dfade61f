// Auto-commit only: every relationship the dataset $id asserts, in batches.
MATCH ()-[r]->()
WHERE r.dataset = $id
CALL { WITH r DELETE r } IN TRANSACTIONS OF 10000 ROWS
