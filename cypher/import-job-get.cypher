MATCH (j:AppJob {id: $id})
RETURN j
