// Removes one watchlist entry; returns how many were removed (0 or 1).
MATCH (w:Watch {ref: $ref})
DELETE w
RETURN count(*) AS removed
