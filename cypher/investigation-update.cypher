// Replaces a saved investigation when it is still at the version the writer read ($expected);
// no row back = missing or stale (the service tells which).
MATCH (i:Investigation {id: $id})
WHERE i.version = $expected
SET i.name = $name, i.description = $description, i.role = $role, i.state = $state,
    i.version = $expected + 1, i.updatedAt = datetime.transaction(), i.updatedBy = $user
RETURN properties(i) AS investigation
