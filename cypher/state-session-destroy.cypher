MATCH (s:AppSession {id: $id})
DELETE s
