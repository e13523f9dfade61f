// Full-text search over notes' text ($query: a Lucene string the server builds from escaped
// words): the entity each note is about (a relationship's note: its first entity), best first.
CALL db.index.fulltext.queryNodes('note_text', $query, {limit: $limit})
YIELD node, score
WITH node, score, CASE node.targetType WHEN 'entity' THEN node.target ELSE node.ends[0] END AS entityId
MATCH (e:Entity {id: entityId})
WHERE e.retractedAt IS NULL
RETURN e.id AS id, labels(e) AS labels, e.name AS name, e.aliases AS aliases, score,
       node.id AS noteId, node.text AS noteText, node.target AS noteTarget, node.targetType AS noteTargetType
ORDER BY score DESC, id
LIMIT $limit
