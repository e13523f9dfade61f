// The app's state whose time is up: sessions, counters, slots, finished import jobs past keeping.
MATCH (n:AppSession|AppCounter|AppSlot|AppJob)
WHERE n.expiresAt < $now
WITH n LIMIT 10000
DETACH DELETE n
RETURN count(*) AS deleted
