// New text for a note; updatedAt is the write's instant.
MATCH (n:Note {id: $id})
SET n.text = $text, n.updatedAt = datetime.transaction()
RETURN properties(n) AS note
