// Readiness: the schema's indexes and constraint-backing indexes, by name, with their state.
SHOW INDEXES YIELD name, state
WHERE name IN $names
RETURN name, state
