// A saved investigation: its view ($state, JSON text) and who may open it ($role: the least role).
CREATE (i:Investigation {id: $id, name: $name, description: $description, owner: $owner,
                         role: $role, state: $state, version: 1,
                         createdAt: datetime.transaction(), updatedAt: datetime.transaction()})
RETURN properties(i) AS investigation
