// Takes the write lock on one relationship (claim id) before the edit reads its version; the
// element id lets the rest of the transaction find it without scanning again.
MATCH ()-[r]->()
WHERE r.id = $id
SET r._lock = true
REMOVE r._lock
RETURN elementId(r) AS elementId
