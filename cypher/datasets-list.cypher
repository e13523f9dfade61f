// Imported datasets: their Source node (isDataset) with how many entities assert them and how
// many relationships they carry.
MATCH (s:Source)
WHERE s.isDataset = true
WITH s, s.datasetId AS id
CALL {
  WITH s, id
  MATCH (n:Entity)
  WHERE id IN n.datasets AND n <> s
  RETURN count(n) AS entities
}
CALL {
  WITH id
  MATCH ()-[r]->()
  WHERE r.dataset = id
  RETURN count(r) AS relationships
}
RETURN id, s.name AS name, s.format AS format, s.importedAt AS importedAt,
       s.importedBy AS importedBy, entities, relationships
ORDER BY importedAt DESC, id
