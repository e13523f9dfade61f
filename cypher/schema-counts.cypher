// Node counts per label and relationship counts per type, from the count store (no scan). The
// app's own state (server/state/labels.ts: one label per node, no relationships) is left out.
CALL db.stats.retrieve('GRAPH COUNTS') YIELD data
WITH data, ['AppSession', 'AppCounter', 'AppSlot', 'AppJob'] AS state
RETURN
  [x IN data.nodes WHERE x.label IS NULL | x.count][0]
    - reduce(s = 0, x IN [y IN data.nodes WHERE y.label IN state] | s + x.count) AS nodes,
  [x IN data.relationships WHERE x.relationshipType IS NULL AND x.startLabel IS NULL AND x.endLabel IS NULL | x.count][0] AS relationships,
  [x IN data.nodes WHERE x.label IS NOT NULL AND NOT x.label IN state | {label: x.label, count: x.count}] AS labelCounts,
  [x IN data.relationships WHERE x.relationshipType IS NOT NULL AND x.startLabel IS NULL AND x.endLabel IS NULL | {type: x.relationshipType, count: x.count}] AS typeCounts
