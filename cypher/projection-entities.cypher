// One page of the described {{label}} entities (names, provider regions), in key order after $after.
MATCH (e:{{label}})
WHERE e.key > $after AND e.described = true
WITH e ORDER BY e.key LIMIT $page
RETURN e.key AS key, e.name AS name, e.region AS region
