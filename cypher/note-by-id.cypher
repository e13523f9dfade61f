MATCH (n:Note {id: $id})
RETURN properties(n) AS note
