// Whether a change was already undone (an unmerge or revert names it).
MATCH (u:Change {revertOf: $id})
WHERE u.action IN ['unmerge', 'revert']
RETURN u.id AS id
LIMIT 1
