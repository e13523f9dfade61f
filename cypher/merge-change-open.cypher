// The latest merge of $merged into $canonical that no unmerge has undone yet.
MATCH (c:Change {target: $canonical})
WHERE c.action = 'merge' AND $merged IN c.targets
  AND NOT EXISTS { MATCH (u:Change {revertOf: c.id}) WHERE u.action IN ['unmerge', 'revert'] }
RETURN properties(c) AS change
ORDER BY c.at DESC
LIMIT 1
