// title: Leadership history of an entity
// description: Who led, founded or spoke for an organization over time, or which roles a person held, ordered by date (a role known only by its end date sorts by that end; undated roles last).
// param id: entityId — An organization or a person, e.g. org:scale-ai or person:alexandr-wang
MATCH (x:Entity {id: $id})-[r:CEO_OF|LEADS|FOUNDED|SPOKESPERSON_FOR]-(other:Entity)
WITH x, r, other, startNode(r) AS person, endNode(r) AS organization
RETURN person.name AS personName, type(r) AS relation, r.role AS role,
  organization.name AS organizationName,
  r.since AS since, r.until AS until, r.datePrecision AS datePrecision, r.confidence AS confidence,
  person, r, organization
ORDER BY coalesce(r.since, r.until) IS NULL, coalesce(r.since, r.until), r.until IS NULL, personName
LIMIT 1000
