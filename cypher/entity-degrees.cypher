// Name and degree (number of distinct claims) of each {{label}} entity.
UNWIND $keys AS k
MATCH (e:{{label}} {key: k})
RETURN k AS key, e.name AS name, COUNT { MATCH (e)<-[:{{rel}}]-(c:Claim) RETURN DISTINCT c } AS degree
