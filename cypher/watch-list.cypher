// The whole watchlist (small: thousands of entries at most).
MATCH (w:Watch)
RETURN w.entity AS entity, w.key AS key, w.reason AS reason, w.listedBy AS listedBy,
       w.listedAt AS listedAt, w.expiresAt AS expiresAt
ORDER BY w.ref
