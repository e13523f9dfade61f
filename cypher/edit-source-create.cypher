// A new Source entity named by a write's `source: {"title","url","date"}`.
CREATE (s:Entity:Source {id: $id})
SET s.name = $title, s.url = $url, s.date = date($date), s.description = $description,
    s.aliases = [], s.version = 1, s.createdAt = datetime.transaction(), s.createdBy = $user
RETURN labels(s) AS labels, properties(s) AS properties
