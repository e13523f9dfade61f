// title: Relationships from a source
// description: Every relationship whose provenance is the given Source, with its evidence and confidence: what the graph owes to that source.
// param id: entityId — The Source, e.g. source:scale-ai-layoffs-article-2025-07
// param family: family? — Only relationships of this family
// param limit: integer 1..1000 = 200 — Most relationships to return
MATCH (a:Entity)-[r]->(b:Entity)
WHERE r.source = $id AND ($family IS NULL OR r.family = $family)
RETURN a.name AS from, type(r) AS relation, b.name AS to, r.family AS family,
  r.evidence AS evidence, r.confidence AS confidence, a, r, b
ORDER BY r.family, r.id
LIMIT $limit
