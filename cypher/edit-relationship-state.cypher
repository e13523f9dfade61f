// A relationship as an edit sees it (after edit-relationship-lock), by element id.
MATCH (a)-[r]->(b)
WHERE elementId(r) = $elementId
RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS properties
