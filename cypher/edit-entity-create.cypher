// A new entity from the editing API: {{KIND}} from the allow-list of kinds; $props holds the id.
CREATE (n:Entity:{{KIND}})
SET n = $props
SET n.version = 1, n.createdAt = datetime.transaction(), n.createdBy = $user
RETURN labels(n) AS labels, properties(n) AS properties
