// Deletes a saved investigation still at the version the writer read ($expected).
MATCH (i:Investigation {id: $id})
WHERE i.version = $expected
DELETE i
RETURN count(*) AS deleted
