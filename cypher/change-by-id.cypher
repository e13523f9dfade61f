// One change of the log by its id.
MATCH (c:Change {id: $id})
RETURN properties(c) AS change
