// Every relationship of the entity a merge retires (retracted ones too: they move with their
// history), each with its ends; a self-loop comes back twice and is read once.
MATCH (m:Entity {id: $id})-[r]-(o)
RETURN elementId(r) AS elementId, r.id AS id, type(r) AS type, startNode(r).id AS from,
       endNode(r).id AS to, elementId(startNode(r)) AS start, elementId(endNode(r)) AS end,
       properties(r) AS properties
