// Ranked full-text search over names and aliases. $query is a Lucene query string the server
// builds from escaped user words (never user text spliced here); $limit an Integer.
CALL db.index.fulltext.queryNodes('entity_names', $query, {limit: $limit})
YIELD node, score
WHERE node.retractedAt IS NULL
RETURN node.id AS id, labels(node) AS labels, node.name AS name, node.aliases AS aliases, score
ORDER BY score DESC, id
LIMIT $limit
