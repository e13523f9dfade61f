// Replaces an entity's properties ($props holds the id and the new version) and stamps the write;
// $retract marks it retracted at the transaction's instant. Nothing is ever deleted.
MATCH (n:Entity {id: $id})
SET n = $props
SET n.updatedAt = datetime.transaction(), n.updatedBy = $user
FOREACH (_ IN CASE WHEN $retract THEN [1] ELSE [] END |
  SET n.retractedAt = datetime.transaction(), n.retractedBy = $user)
RETURN labels(n) AS labels, properties(n) AS properties
