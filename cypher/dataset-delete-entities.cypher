// Auto-commit only, after dataset-delete-relationships: entities only the dataset $id asserts
// and no other dataset's relationship still touches. Its Source node goes last.
MATCH (n:Entity)
WHERE n.datasets = [$id] AND n.id <> 'source:' + $id AND NOT EXISTS { (n)--() }
CALL { WITH n DELETE n } IN TRANSACTIONS OF 5000 ROWS
