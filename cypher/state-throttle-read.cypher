UNWIND $ids AS id
OPTIONAL MATCH (c:AppCounter {id: id})
RETURN id, c.failures AS failures, c.last AS last
