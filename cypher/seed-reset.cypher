// Auto-commit only: deletes in batches so a large graph never needs one huge transaction.
// The app's own state (server/state/labels.ts) stays: a reseed signs nobody out.
MATCH (n)
WHERE NOT n:AppSession|AppCounter|AppSlot|AppJob
CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
