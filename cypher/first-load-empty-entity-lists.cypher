// First load: other empty lists of entities, which the batch importer cannot write.
// $rows: [{id, key}]; the key is a property name from the records (set by name, not by Cypher text).
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n[row.key] = []
