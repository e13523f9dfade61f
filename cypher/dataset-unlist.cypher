// Auto-commit only: entities that stay (other datasets assert them or their relationships
// still touch them) no longer list the deleted dataset $id.
MATCH (n:Entity)
WHERE $id IN n.datasets AND n.id <> 'source:' + $id
CALL { WITH n SET n.datasets = [d IN n.datasets WHERE d <> $id] } IN TRANSACTIONS OF 5000 ROWS
