// Moves relationships of one type ({{TYPE}}, from the allow-list): a relationship cannot change
// its ends in Neo4j, so each is created anew between $rows' ends with its properties (id and
// provenance included) and the old one deleted, in the merge's transaction.
UNWIND $rows AS row
MATCH (s) WHERE elementId(s) = row.start
MATCH (t) WHERE elementId(t) = row.end
MATCH ()-[old]->() WHERE elementId(old) = row.old
CREATE (s)-[r:{{TYPE}}]->(t)
SET r = row.properties
DELETE old
RETURN count(r) AS moved
