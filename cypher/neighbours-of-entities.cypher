// One hop out of {{label}} entities: each claim once, with its distinct roles, at most $cap per entity.
UNWIND $keys AS k
MATCH (e:{{label}} {key: k})
CALL (e) {
  MATCH (e)<-[r:{{rel}}]-(c:Claim)
  WITH c.id AS claim, collect(DISTINCT r.role) AS roles
  ORDER BY claim LIMIT $cap
  RETURN claim, roles
}
RETURN k AS key, claim, roles
