// Backup: the statements that recreate every index a constraint does not own (token lookups are built in).
SHOW INDEXES YIELD name, type, owningConstraint, createStatement
WHERE owningConstraint IS NULL AND type <> 'LOOKUP'
RETURN name, createStatement
