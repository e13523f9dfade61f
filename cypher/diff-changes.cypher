// Record-time diff: the change log between two instants ($since inclusive, $until exclusive,
// ISO date-times), oldest first; $cap bounds the read.
MATCH (c:Change)
WHERE c.at >= datetime($since) AND c.at < datetime($until)
RETURN properties(c) AS change
ORDER BY c.at, c.id
LIMIT $cap
