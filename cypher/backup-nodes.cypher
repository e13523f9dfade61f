// Backup: every node with its labels and properties, streamed. The app's own state (sessions,
// counters, jobs: server/state/labels.ts) is not part of the graph and is left out.
MATCH (n)
WHERE NOT n:AppSession|AppCounter|AppSlot|AppJob
RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props
