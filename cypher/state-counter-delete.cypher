UNWIND $ids AS id
MATCH (c:AppCounter {id: id})
DELETE c
