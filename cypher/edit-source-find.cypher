// An existing Source entity by id, or by url when a new source names a url already recorded.
OPTIONAL MATCH (byId:Source {id: $id})
OPTIONAL MATCH (byUrl:Source)
WHERE $url IS NOT NULL AND byUrl.url = $url AND byUrl.retractedAt IS NULL
WITH byId, byUrl
LIMIT 1
RETURN byId.id AS id, byId.retractedAt IS NOT NULL AS retracted, byUrl.id AS urlId
