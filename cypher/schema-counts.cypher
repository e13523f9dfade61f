// Node counts per label and relationship counts per type, from the count store (no scan).
CALL db.stats.retrieve('GRAPH COUNTS') YIELD data
RETURN
  [x IN data.nodes WHERE x.label IS NULL | x.count][0] AS nodes,
  [x IN data.relationships WHERE x.relationshipType IS NULL AND x.startLabel IS NULL AND x.endLabel IS NULL | x.count][0] AS relationships,
  [x IN data.nodes WHERE x.label IS NOT NULL | {label: x.label, count: x.count}] AS labelCounts,
  [x IN data.relationships WHERE x.relationshipType IS NOT NULL AND x.startLabel IS NULL AND x.endLabel IS NULL | {type: x.relationshipType, count: x.count}] AS typeCounts
