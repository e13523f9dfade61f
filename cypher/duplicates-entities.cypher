// The entities of candidate pairs, with what the scorer compares: properties, degree and up to
// $neighbourCap neighbours (sources aside: two records citing one article say nothing).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, labels(n) AS labels, properties(n) AS properties,
       COUNT { (n)-[r]-() WHERE r.retractedAt IS NULL } AS degree,
       COLLECT {
         MATCH (n)-[r]-(x:Entity)
         WHERE NOT x:Source AND r.retractedAt IS NULL
         RETURN DISTINCT x.id LIMIT $neighbourCap
       } AS neighbours
