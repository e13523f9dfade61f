// When and by whom a retracted entity was retracted, and the change that did it.
MATCH (n:Entity {id: $id})
WHERE n.retractedAt IS NOT NULL
OPTIONAL MATCH (c:Change {target: $id, action: 'retract'})
WITH n, c
ORDER BY c.at DESC
LIMIT 1
RETURN toString(n.retractedAt) AS retractedAt, n.retractedBy AS retractedBy, c.id AS change
