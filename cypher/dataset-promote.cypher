// $rows: [{id, date, p}] computed by DatasetService.remove from the next dataset's kept view:
// its properties replace the deleted owner's, bookkeeping lists included.
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n = row.p
SET n.date = date(row.date)
RETURN count(n) AS written
