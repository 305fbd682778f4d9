// Deletes up to $limit {{label}} nodes with their relationships; called until it returns 0.
MATCH (n:{{label}})
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
