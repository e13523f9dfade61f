// What a note is about: an entity by its slug, else a relationship (claim) by its id, with its ends.
OPTIONAL MATCH (n:Entity {id: $id})
OPTIONAL MATCH (a:Entity)-[r]->(b:Entity)
WHERE n IS NULL AND r.id = $id
RETURN CASE WHEN n IS NOT NULL THEN 'entity' WHEN r IS NOT NULL THEN 'relationship' END AS targetType,
       CASE WHEN r IS NULL THEN [] ELSE [a.id, b.id] END AS ends
LIMIT 1
