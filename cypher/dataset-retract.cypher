// Auto-commit only, after dataset-delete-entities: entities a later dataset $id restated (it does
// not own their properties) lose what it added — its names from the aliases, its identifiers, its
// kept view — and the dataset from their list. With no other restating dataset left, the
// bookkeeping lists go too (load-entities.cypher explains them).
MATCH (n:Entity)
WHERE $id IN n.datasets AND n.datasets[0] <> $id
CALL {
  WITH n
  WITH n, $id + '\u001f' AS tag
  WITH n, [x IN coalesce(n.otherNames, []) WHERE NOT x STARTS WITH tag] AS names,
       [x IN coalesce(n.otherIdentifiers, []) WHERE NOT x STARTS WITH tag] AS ids,
       [x IN coalesce(n.assertedBy, []) WHERE NOT x STARTS WITH tag] AS views,
       coalesce(n.ownAliases, n.aliases, []) AS own,
       coalesce(n.ownIdentifiers, n.identifiers, []) AS ownIds
  WITH n, names, ids, views, own, ownIds,
       reduce(acc = [], a IN own + [x IN names | split(x, '\u001f')[1]] |
         CASE WHEN a IN acc OR a = n.name THEN acc ELSE acc + a END) AS aliases,
       reduce(acc = [], a IN ownIds + [x IN ids | split(x, '\u001f')[1]] |
         CASE WHEN a IN acc THEN acc ELSE acc + a END) AS identifiers
  SET n.aliases = aliases,
      n.identifiers = CASE WHEN size(identifiers) = 0 THEN null ELSE identifiers END,
      n.datasets = [d IN n.datasets WHERE d <> $id],
      n.otherNames = CASE WHEN size(views) = 0 THEN null ELSE names END,
      n.otherIdentifiers = CASE WHEN size(views) = 0 THEN null ELSE ids END,
      n.assertedBy = CASE WHEN size(views) = 0 THEN null ELSE views END,
      n.ownAliases = CASE WHEN size(views) = 0 THEN null ELSE own END,
      n.ownIdentifiers = CASE WHEN size(views) = 0 THEN null ELSE ownIds END
} IN TRANSACTIONS OF 5000 ROWS
