// Number of {{label}} nodes (from the count store).
MATCH (n:{{label}})
RETURN count(n) AS n
