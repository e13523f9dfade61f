// Record-time diff: datasets imported between two instants ($since inclusive, $until exclusive),
// with their relationships (both ends in $ids when given, of $families when given) and the
// entities they were the first to assert. $cap bounds each list.
MATCH (s:Source)
WHERE s.isDataset = true
  AND datetime(s.importedAt) >= datetime($since) AND datetime(s.importedAt) < datetime($until)
WITH s, s.datasetId AS dataset
CALL {
  WITH dataset
  MATCH (a:Entity)-[r]->(b:Entity)
  WHERE r.dataset = dataset AND r.retractedAt IS NULL
    AND ($ids IS NULL OR (a.id IN $ids AND b.id IN $ids))
    AND ($families IS NULL OR r.family IN $families)
  WITH a, r, b ORDER BY r.id LIMIT $cap
  RETURN collect({id: r.id, type: type(r), source: a.id, target: b.id, properties: properties(r)}) AS edges
}
CALL {
  WITH s, dataset
  MATCH (n:Entity)
  WHERE n.datasets[0] = dataset AND n <> s AND n.retractedAt IS NULL
    AND ($ids IS NULL OR n.id IN $ids)
  WITH n ORDER BY n.id LIMIT $cap
  RETURN collect({id: n.id, labels: labels(n), properties: properties(n)}) AS nodes
}
RETURN dataset, s.importedAt AS importedAt, s.importedBy AS importedBy, edges, nodes
ORDER BY importedAt, dataset
