// The dataset's Source node, once its entities and relationships are gone.
MATCH (s:Source {id: 'source:' + $id})
WHERE s.isDataset = true
DETACH DELETE s
RETURN count(*) AS deleted
