// Notes, newest first: on one element ($target), by one author ($author), or all (nulls = any).
MATCH (n:Note)
WHERE ($target IS NULL OR n.target = $target) AND ($author IS NULL OR n.author = $author)
RETURN properties(n) AS note
ORDER BY n.at DESC, n.id
LIMIT $limit
