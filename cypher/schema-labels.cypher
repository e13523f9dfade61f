// The graph's labels; the app's own state (server/state/labels.ts) is not offered to analysts.
CALL db.labels() YIELD label
WITH label WHERE NOT label IN ['AppSession', 'AppCounter', 'AppSlot', 'AppJob']
RETURN label
ORDER BY label
