// The Source entities that mention an entity: the provenance (r.source) of its relationships,
// plus the sources that REPORT it. Sources named in provenance but absent as nodes still appear.
MATCH (n:Entity {id: $id})
CALL (n) {
  MATCH (n)-[r]-()
  WHERE r.source IS NOT NULL AND type(r) <> 'REPORTS'
    AND (r.retractedAt IS NULL OR date(r.retractedAt) > date($at))
  RETURN r.source AS sourceId, 'provenance' AS via
  UNION ALL
  MATCH (n)<-[r:REPORTS]-(s:Source)
  WHERE (r.retractedAt IS NULL OR date(r.retractedAt) > date($at))
  RETURN s.id AS sourceId, 'reports' AS via
  UNION ALL
  MATCH (n)<-[r:REPORTS]-()
  WHERE r.source IS NOT NULL
    AND (r.retractedAt IS NULL OR date(r.retractedAt) > date($at))
  RETURN r.source AS sourceId, 'provenance' AS via
}
WITH sourceId, via, count(*) AS mentions
WITH sourceId, collect(via) AS via, sum(CASE WHEN via = 'provenance' THEN mentions ELSE 0 END) AS relationships
OPTIONAL MATCH (s:Entity {id: sourceId})
RETURN sourceId AS id, labels(s) AS labels, properties(s) AS properties, via, relationships
ORDER BY id
