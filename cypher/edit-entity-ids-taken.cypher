// Ids already used by an entity (live, retracted or merged away) that a new slug would clash with.
MATCH (n:Entity)
WHERE n.id = $base OR n.id STARTS WITH $base + '-'
RETURN n.id AS id
UNION
MATCH (n:Merged)
WHERE n.id = $base OR n.id STARTS WITH $base + '-'
RETURN n.id AS id
