// Relationships of one entity counted per type and direction.
MATCH (n:Entity {id: $id})
CALL (n) {
  MATCH (n)-[r]->()
  WHERE (r.retractedAt IS NULL OR date(r.retractedAt) > date($at))
  RETURN type(r) AS type, 'out' AS direction, count(r) AS count
  UNION ALL
  MATCH (n)<-[r]-()
  WHERE (r.retractedAt IS NULL OR date(r.retractedAt) > date($at))
  RETURN type(r) AS type, 'in' AS direction, count(r) AS count
}
RETURN type, direction, count
ORDER BY type, direction
