// Node counts per label and relationship counts per type, from the count store (no scan). `nodes`
// counts the graph (:Entity): not the change log, notes, merged ids or the app's own state.
CALL db.stats.retrieve('GRAPH COUNTS') YIELD data
WITH data, ['AppSession', 'AppCounter', 'AppSlot', 'AppJob'] AS state
RETURN
  coalesce([x IN data.nodes WHERE x.label = 'Entity' | x.count][0], 0) AS nodes,
  [x IN data.relationships WHERE x.relationshipType IS NULL AND x.startLabel IS NULL AND x.endLabel IS NULL | x.count][0] AS relationships,
  [x IN data.nodes WHERE x.label IS NOT NULL AND NOT x.label IN state | {label: x.label, count: x.count}] AS labelCounts,
  [x IN data.relationships WHERE x.relationshipType IS NOT NULL AND x.startLabel IS NULL AND x.endLabel IS NULL | {type: x.relationshipType, count: x.count}] AS typeCounts
