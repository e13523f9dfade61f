// Backup: every relationship with its end nodes' element ids, type and properties, streamed.
MATCH (a)-[r]->(b)
RETURN elementId(a) AS start, elementId(b) AS end, type(r) AS type, properties(r) AS props
