// Relationships of one entity counted per type and direction.
MATCH (n:Entity {id: $id})
CALL (n) {
  MATCH (n)-[r]->()
  RETURN type(r) AS type, 'out' AS direction, count(r) AS count
  UNION ALL
  MATCH (n)<-[r]-()
  RETURN type(r) AS type, 'in' AS direction, count(r) AS count
}
RETURN type, direction, count
ORDER BY type, direction
