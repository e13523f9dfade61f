// The properties the entity_names full-text index covers (to rebuild one made before identifiers).
SHOW FULLTEXT INDEXES YIELD name, properties
WHERE name = 'entity_names'
RETURN properties
