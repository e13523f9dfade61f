// The blocks one entity is in (its name keys and identifiers): candidates for that entity alone.
MATCH (e:Entity {id: $id})
UNWIND coalesce(e.nameKeys, ['n:' + toLower(trim(e.name))])
  + [i IN coalesce(e.identifiers, []) | 'i:' + i] AS key
MATCH (n:Entity)
WHERE n <> e AND NOT n:Source AND NOT n:Unknown AND n.retractedAt IS NULL
  AND (key IN coalesce(n.nameKeys, ['n:' + toLower(trim(n.name))])
    OR key IN [i IN coalesce(n.identifiers, []) | 'i:' + i])
WITH key, collect(n.id)[..$blockCap] AS ids
RETURN key, size(ids) + 1 AS size, [$id] + ids AS ids
