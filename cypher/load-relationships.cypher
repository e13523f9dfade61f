// Bulk loader, one type per batch: {{TYPE}} is filled from the allow-list of relationship types.
// $rows: lists [from, to, id, ...REL_COLUMNS of server/ingest/loader.ts] (null = no such
// property); $family: the type's family, the same for every row. MERGE on the claim id: one
// pair may hold several claims (two sources, two versions of a record), each its own relationship.
// Every model property is SET by name (null removes it), which replaces them as `SET r = map`
// would but without the Eager that a map SET forces (it could rewrite the id MERGE reads).
// Rows whose endpoints do not exist are skipped (the loader then asks load-missing-endpoints
// which ones, to report their line numbers).
UNWIND $rows AS row
MATCH (a:Entity {id: row[0]})
MATCH (b:Entity {id: row[1]})
MERGE (a)-[r:{{TYPE}} {id: row[2]}]->(b)
SET r.family = $family,
    r.stake = row[3],
    r.stakeMin = row[4],
    r.stakeMax = row[5],
    r.stakeMinExclusive = row[6],
    r.stakeMaxExclusive = row[7],
    r.interestType = row[8],
    r.directOrIndirect = row[9],
    r.components = row[10],
    r.beneficialOwnershipOrControl = row[11],
    r.amountUsd = row[12],
    r.amount = row[13],
    r.currency = row[14],
    r.datePrecision = row[15],
    r.role = row[16],
    r.source = row[17],
    r.evidence = row[18],
    r.confidence = row[19],
    r.dataset = row[20],
    r.sourceRecord = row[21],
    r.record = row[22],
    r.publisher = row[23],
    r.sourceType = row[24],
    r.since = date(row[25]),
    r.until = date(row[26])
RETURN count(r) AS written
