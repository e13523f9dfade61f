MATCH (n:Entity)
WHERE (n.retractedAt IS NULL OR date(n.retractedAt) > date($at))
RETURN count(n) AS nodes
