// Console watchdog: ends the listed console transactions inside Neo4j.
TERMINATE TRANSACTIONS $ids
YIELD transactionId, message
RETURN transactionId, message
