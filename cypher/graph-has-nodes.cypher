// Whether the graph has any node; the app's own state (sessions, counters, jobs) does not count.
RETURN EXISTS { MATCH (n) WHERE NOT n:AppSession|AppCounter|AppSlot|AppJob } AS hasNodes
