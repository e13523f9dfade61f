// A stored session (sealed), unless its time is up. Keyed by an HMAC of the session id.
MATCH (s:AppSession {id: $id})
WHERE s.expiresAt > $now
RETURN s.data AS data
