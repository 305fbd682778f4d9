// One hop out of claims: each linked entity once, with its distinct roles, at most $cap per claim.
UNWIND $ids AS id
MATCH (c:Claim {id: id})
CALL (c) {
  MATCH (c)-[r:{{links}}]->(e)
  WITH type(r) AS rel, e.key AS key, collect(DISTINCT r.role) AS roles
  ORDER BY rel, key LIMIT $cap
  RETURN rel, key, roles
}
RETURN id, rel, key, roles
