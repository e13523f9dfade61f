// The change log, newest first. Filters are null when not asked; $element matches the target or
// any element the change touched; $since/$until are ISO date-times (until exclusive).
MATCH (c:Change)
WHERE ($element IS NULL OR c.target = $element OR $element IN coalesce(c.targets, []))
  AND ($targetType IS NULL OR c.targetType = $targetType)
  AND ($user IS NULL OR c.user = $user)
  AND ($action IS NULL OR c.action = $action)
  AND ($since IS NULL OR c.at >= datetime($since))
  AND ($until IS NULL OR c.at < datetime($until))
RETURN properties(c) AS change
ORDER BY c.at DESC, c.id DESC
SKIP $offset
LIMIT $limit
