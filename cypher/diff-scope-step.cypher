// One hop of a diff's neighbourhood from the $frontier slugs: relationships of any date, retracted
// ones included (a removal is what a diff is about).
UNWIND $frontier AS fromId
MATCH (:Entity {id: fromId})-[]-(b:Entity)
RETURN DISTINCT b.id AS neighbor
LIMIT $rowCap
