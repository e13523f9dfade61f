// Stored decisions on the given pairs (`<a>|<b>`, ids sorted).
MATCH (d:DuplicateDecision)
WHERE d.pair IN $pairs
RETURN d.pair AS pair, d.decision AS decision
