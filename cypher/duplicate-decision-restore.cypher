// Unmerge: the pair's decision as it was before the merge ($properties null: there was none).
MATCH (d:DuplicateDecision {pair: $pair})
FOREACH (_ IN CASE WHEN $properties IS NULL THEN [1] ELSE [] END | DELETE d)
FOREACH (_ IN CASE WHEN $properties IS NULL THEN [] ELSE [1] END | SET d = $properties)
