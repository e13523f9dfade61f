// Replaces the properties of relationships ($rows: [{elementId, props}], props holding the claim
// id and the new version) and stamps the write; $retract marks them retracted at the
// transaction's instant. Nothing is ever deleted.
UNWIND $rows AS row
MATCH ()-[r]->()
WHERE elementId(r) = row.elementId
SET r = row.props
SET r.updatedAt = datetime.transaction(), r.updatedBy = $user
FOREACH (_ IN CASE WHEN $retract THEN [1] ELSE [] END |
  SET r.retractedAt = datetime.transaction(), r.retractedBy = $user)
RETURN row.elementId AS elementId, properties(r) AS properties
