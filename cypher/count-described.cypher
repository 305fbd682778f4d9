// Number of described {{label}} entities (what the projection returns as entity info).
MATCH (n:{{label}})
WHERE n.described = true
RETURN count(n) AS n
