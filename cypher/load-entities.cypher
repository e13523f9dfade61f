// Bulk loader, one kind per batch: {{KIND}} is filled from the allow-list of entity kinds.
// $rows: [{id, date (YYYY-MM-DD, absent when none), dataset (absent when none), view (the row as
// JSON, with a dataset), p: every other property, id included}].
// MERGE on the id (unique constraint): re-running a batch rewrites it, never duplicates it.
// `datasets` lists every dataset that asserts the entity, in the order they came: kept, never
// duplicated. The first (or a row without a dataset) owns the node's properties: `SET n = row.p`
// replaces them (a re-run drops facts the row no longer has; p holds the id, so the constrained
// key is never removed and re-added). A later dataset never overwrites them: its names join the
// aliases, its identifiers the identifiers, and its whole view is kept in `assertedBy`
// ("<dataset>\u001f<json>") so deleting the first dataset can restore it (DatasetService.remove).
// `otherNames` / `otherIdentifiers` ("<dataset>\u001f<value>") say which dataset added which;
// `ownAliases` / `ownIdentifiers` are the first dataset's own. See docs/import.md, "Provenance".
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
WITH n, row, coalesce(n.datasets, []) AS had
WITH n, row, had, row.dataset IS NULL OR size(had) = 0 OR had[0] = row.dataset AS owner
CALL {
  WITH n, row, had, owner
  WITH * WHERE owner
  WITH n, row, had, coalesce(n.assertedBy, []) AS views, coalesce(n.otherNames, []) AS names,
       coalesce(n.otherIdentifiers, []) AS ids
  SET n:{{KIND}}
  SET n = row.p
  SET n.date = date(row.date),
      n.datasets = CASE
        WHEN row.dataset IS NULL OR row.dataset IN had THEN CASE WHEN size(had) = 0 THEN null ELSE had END
        ELSE had + row.dataset
      END
  FOREACH (_ IN CASE WHEN size(views) > 0 THEN [1] ELSE [] END |
    SET n.assertedBy = views, n.otherNames = names, n.otherIdentifiers = ids,
        n.ownAliases = coalesce(row.p.aliases, []),
        n.ownIdentifiers = coalesce(row.p.identifiers, []),
        n.aliases = reduce(acc = [], a IN coalesce(row.p.aliases, []) + [x IN names | split(x, '\u001f')[1]] |
          CASE WHEN a IN acc OR a = row.p.name THEN acc ELSE acc + a END),
        n.identifiers = reduce(acc = [], a IN coalesce(row.p.identifiers, []) + [x IN ids | split(x, '\u001f')[1]] |
          CASE WHEN a IN acc THEN acc ELSE acc + a END)
  )
}
CALL {
  WITH n, row, had, owner
  WITH * WHERE NOT owner
  WITH n, row, had, row.dataset + '\u001f' AS tag
  WITH n, row, had, tag,
       [x IN coalesce(n.otherNames, []) WHERE NOT x STARTS WITH tag] +
         [x IN [row.p.name] + coalesce(row.p.aliases, []) | tag + x] AS names,
       [x IN coalesce(n.otherIdentifiers, []) WHERE NOT x STARTS WITH tag] +
         [x IN coalesce(row.p.identifiers, []) | tag + x] AS ids,
       coalesce(n.ownAliases, n.aliases, []) AS own,
       coalesce(n.ownIdentifiers, n.identifiers, []) AS ownIds
  SET n.ownAliases = own,
      n.ownIdentifiers = ownIds,
      n.otherNames = names,
      n.otherIdentifiers = ids,
      n.assertedBy = [x IN coalesce(n.assertedBy, []) WHERE NOT x STARTS WITH tag] + (tag + row.view),
      n.aliases = reduce(acc = [], a IN own + [x IN names | split(x, '\u001f')[1]] |
        CASE WHEN a IN acc OR a = n.name THEN acc ELSE acc + a END),
      n.identifiers = reduce(acc = [], a IN ownIds + [x IN ids | split(x, '\u001f')[1]] |
        CASE WHEN a IN acc THEN acc ELSE acc + a END),
      n.datasets = CASE WHEN row.dataset IN had THEN had ELSE had + row.dataset END
}
RETURN count(n) AS written
