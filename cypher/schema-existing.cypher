// The schema the database already has, read once so start-up runs only what is missing: every
// index (a constraint's backing index names its constraint in owningConstraint) and its properties.
SHOW INDEXES YIELD name, owningConstraint, properties, state
RETURN name, owningConstraint, properties, state
