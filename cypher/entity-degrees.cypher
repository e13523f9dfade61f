// Degree (all relationships, any time) of each entity in $ids: the order neighbours are kept in.
MATCH (n:Entity)
WHERE n.id IN $ids
RETURN n.id AS id, COUNT { (n)--() } AS degree
