MATCH (n:Note {id: $id})
DELETE n
RETURN count(*) AS deleted
