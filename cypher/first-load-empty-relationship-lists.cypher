// First load: empty lists of relationships (e.g. `components: []`), which the batch importer
// cannot write. $rows: [{type, from, to, id, key}].
UNWIND $rows AS row
MATCH (:Entity {id: row.from})-[r {id: row.id}]->(:Entity {id: row.to})
WHERE type(r) = row.type
SET r[row.key] = []
