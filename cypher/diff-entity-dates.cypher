// World-time diff: entities whose own dates fall in ($from, $to] (YYYY-MM-DD): founded or born,
// dissolved or died (BODS dates, kept as text, maybe only a year or a month), an event's `date`.
// $ids limits to a neighbourhood (null = whole graph); retracted entities are out.
MATCH (n:Entity)
WHERE ($ids IS NULL OR n.id IN $ids)
  AND n.retractedAt IS NULL
  AND ((n:Event AND n.date > date($from) AND n.date <= date($to))
    OR (toString(coalesce(n.foundingDate, n.birthDate)) > $from AND toString(coalesce(n.foundingDate, n.birthDate)) <= $to)
    OR (toString(coalesce(n.dissolutionDate, n.deathDate)) > $from AND toString(coalesce(n.dissolutionDate, n.deathDate)) <= $to))
RETURN n.id AS id, labels(n) AS labels, properties(n) AS properties
ORDER BY id
LIMIT $cap
