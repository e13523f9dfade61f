// Backup: one node created while the backup ran, met as a relationship's end.
MATCH (n)
WHERE elementId(n) = $id
RETURN labels(n) AS labels, properties(n) AS props
