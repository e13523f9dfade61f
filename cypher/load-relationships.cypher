// Bulk loader, one type per batch: {{TYPE}} is filled from the allow-list of relationship types.
// $rows: lists [from, to, stake, amountUsd, datePrecision, role, source, evidence, confidence,
// since, until] (REL_COLUMNS in seed/bulk-loader.ts; null = no such property); $family: the
// type's family, the same for every row. The id `TYPE:from->to` is derived here, not sent.
// Every model property is SET by name (null removes it), which replaces them as `SET r = map`
// would but without the Eager that a map SET forces (it could rewrite the id MERGE reads).
// Rows whose endpoints do not exist are skipped (the loader then asks load-missing-endpoints
// which ones, to report their line numbers).
UNWIND $rows AS row
MATCH (a:Entity {id: row[0]})
MATCH (b:Entity {id: row[1]})
MERGE (a)-[r:{{TYPE}} {id: '{{TYPE}}:' + row[0] + '->' + row[1]}]->(b)
SET r.family = $family,
    r.stake = row[2],
    r.amountUsd = row[3],
    r.datePrecision = row[4],
    r.role = row[5],
    r.source = row[6],
    r.evidence = row[7],
    r.confidence = row[8],
    r.since = date(row[9]),
    r.until = date(row[10])
RETURN count(r) AS written
