MERGE (s:AppSession {id: $id})
SET s.data = $data, s.expiresAt = $expiresAt
