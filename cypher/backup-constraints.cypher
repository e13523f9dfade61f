// Backup: the statements that recreate every constraint.
SHOW CONSTRAINTS YIELD name, createStatement
RETURN name, createStatement
