// Endpoints of relationships a named query returned without their nodes, so the graph is whole.
MATCH (n)
WHERE elementId(n) IN $ids
RETURN n
