// Blocking for duplicate detection: entities that share a name key (`nameKeys`, written by the
// loader, server/model/name-keys.ts; the lower-cased name where it is missing) or an identifier,
// grouped by that key in one pass, so no pair is compared unless it shares one. Sources and
// unknown owners are never duplicates. A block larger than $blockCap comes back without its ids.
MATCH (n:Entity)
WHERE NOT n:Source AND NOT n:Unknown AND n.retractedAt IS NULL
UNWIND coalesce(n.nameKeys, ['n:' + toLower(trim(n.name))])
  + [i IN coalesce(n.identifiers, []) | 'i:' + i] AS key
WITH key, collect(n.id) AS ids
WHERE key IS NOT NULL AND size(ids) > 1
RETURN key, size(ids) AS size, CASE WHEN size(ids) <= $blockCap THEN ids ELSE [] END AS ids
