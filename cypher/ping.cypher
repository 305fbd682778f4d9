// Liveness.
RETURN 1 AS one
