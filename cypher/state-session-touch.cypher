MATCH (s:AppSession {id: $id})
SET s.expiresAt = CASE WHEN s.expiresAt > $expiresAt THEN s.expiresAt ELSE $expiresAt END
