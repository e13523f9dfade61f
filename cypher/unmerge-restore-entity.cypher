// Unmerge: the merged entity comes back as it was ({{KIND}} from its snapshot, properties given).
MATCH (m:Merged {id: $id})
REMOVE m:Merged
SET m:Entity:{{KIND}}
SET m = $properties
RETURN m.id AS id
