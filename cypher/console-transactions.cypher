// Console watchdog: the transactions of one console request (tagged with its metadata).
SHOW TRANSACTIONS
YIELD transactionId, metaData, status, elapsedTime
WHERE metaData.egxConsole = $tag
RETURN transactionId, status, elapsedTime
