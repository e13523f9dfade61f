// The merged entity leaves the graph but keeps its id: no :Entity nor kind label ({{KIND}}), so it
// is never drawn, searched or counted; :Merged with `mergedInto` so its id still resolves.
MATCH (m:Entity {id: $id})
REMOVE m:Entity:{{KIND}}
SET m = $properties
SET m:Merged, m.mergedAt = datetime.transaction()
RETURN m.id AS id
