// A chunk's new and updated claims, whole, in one statement: the entities they point at are merged
// once per chunk (each list sorted by key: concurrent chunks lock shared nodes in one global order),
// the claims are merged, and every link is CREATEd — a new claim, or an updated one
// whose old relationships claim-detach just deleted, has none, so nothing needs MERGE. Nodes merged
// here are held in lists and links address them by position, so no link costs an index lookup.
//   $claims:  [[id, fingerprint, insurer, policyNo, product, region, accidentDate, reportDate,
//               policyStart, claimed, paid, status, fingerprint read], …]
// A claim's insurer and region are its properties (indexed), not links to Insurer / Region nodes:
// every claim linking one of a few such nodes made them dense write hot spots (cypher/README.md).
// `raced` counts claims whose stored fingerprint is no longer the one the chunk read (null: absent):
// another load wrote them in between and this chunk would add a second set of links. The client
// rolls the chunk back and runs it again (store/neo4j/load.ts).
//   $entities[t]: [[key, info, insurer of the first claim], …] for entity type t in model order
//               (Person, Phone, BankAccount, Vehicle, Hospital, RepairShop, Appraiser, Lawyer, Tow);
//               info = [name, region] or null, and the first description wins
//   $links[t]:  two numbers per link (store/neo4j/chunk-links.ts), in entity # order:
//               claim # + nc × entity #, then role # + nr × person # (nc claims, nr roles);
//               person # 0 = none, 2k + 1 = the key of $entities[0][k], 2k + 2 = $persons[k]
//   $roles, $persons: the chunk's distinct roles, and persons with no Person row in the chunk
// The lists are walked with range(0, size - 2, 2): in Neo4j 5.26 range(0, -1, 2) is [0], not [].
// Provenance (insurer, batch, loadedAt) goes on every node created and every relationship.
// Setting a property to null removes it (an updated claim's cleared field); CREATE skips nulls.
// Properties are written in this order on purpose: Neo4j puts a property in the head record of the
// entity's property chain, or in a new head, so what is written last is found first. The projection
// reads a link's role and person and a claim's fields, never the provenance; with role first on a
// relationship, reading it walked the whole chain (1M projection: server CPU 47 → 86 s).
// replan=skip: the plan does not depend on how big the graph is (every lookup is a unique-key seek),
// and re-planning this long statement each time the store's statistics move costs ~10% of a load.
CYPHER replan=skip
WITH datetime($loadedAt) AS at, size($claims) AS nc, size($roles) AS nr
CALL (at) {
  UNWIND $entities[0] AS row
  MERGE (e:Person {key: row[0]})
    ON CREATE SET e.insurer = row[2], e.batch = $batch, e.loadedAt = at
  FOREACH (info IN CASE WHEN row[1] IS NOT NULL AND e.described IS NULL THEN [row[1]] ELSE [] END |
    SET e.described = true, e.name = info[0], e.region = info[1])
  RETURN collect(e) AS e0
}
CALL (at) {
  UNWIND $entities[1] AS row
  MERGE (e:Phone {key: row[0]})
    ON CREATE SET e.insurer = row[2], e.batch = $batch, e.loadedAt = at
  FOREACH (info IN CASE WHEN row[1] IS NOT NULL AND e.described IS NULL THEN [row[1]] ELSE [] END |
    SET e.described = true, e.name = info[0], e.region = info[1])
  RETURN collect(e) AS e1
}
CALL (at) {
  UNWIND $entities[2] AS row
  MERGE (e:BankAccount {key: row[0]})
    ON CREATE SET e.insurer = row[2], e.batch = $batch, e.loadedAt = at
  FOREACH (info IN CASE WHEN row[1] IS NOT NULL AND e.described IS NULL THEN [row[1]] ELSE [] END |
    SET e.described = true, e.name = info[0], e.region = info[1])
  RETURN collect(e) AS e2
}
CALL (at) {
  UNWIND $entities[3] AS row
  MERGE (e:Vehicle {key: row[0]})
    ON CREATE SET e.insurer = row[2], e.batch = $batch, e.loadedAt = at
  FOREACH (info IN CASE WHEN row[1] IS NOT NULL AND e.described IS NULL THEN [row[1]] ELSE [] END |
    SET e.described = true, e.name = info[0], e.region = info[1])
  RETURN collect(e) AS e3
}
CALL (at) {
  UNWIND $entities[4] AS row
  MERGE (e:Hospital {key: row[0]})
    ON CREATE SET e.insurer = row[2], e.batch = $batch, e.loadedAt = at
  FOREACH (info IN CASE WHEN row[1] IS NOT NULL AND e.described IS NULL THEN [row[1]] ELSE [] END |
    SET e.described = true, e.name = info[0], e.region = info[1])
  RETURN collect(e) AS e4
}
CALL (at) {
  UNWIND $entities[5] AS row
  MERGE (e:RepairShop {key: row[0]})
    ON CREATE SET e.insurer = row[2], e.batch = $batch, e.loadedAt = at
  FOREACH (info IN CASE WHEN row[1] IS NOT NULL AND e.described IS NULL THEN [row[1]] ELSE [] END |
    SET e.described = true, e.name = info[0], e.region = info[1])
  RETURN collect(e) AS e5
}
CALL (at) {
  UNWIND $entities[6] AS row
  MERGE (e:Appraiser {key: row[0]})
    ON CREATE SET e.insurer = row[2], e.batch = $batch, e.loadedAt = at
  FOREACH (info IN CASE WHEN row[1] IS NOT NULL AND e.described IS NULL THEN [row[1]] ELSE [] END |
    SET e.described = true, e.name = info[0], e.region = info[1])
  RETURN collect(e) AS e6
}
CALL (at) {
  UNWIND $entities[7] AS row
  MERGE (e:Lawyer {key: row[0]})
    ON CREATE SET e.insurer = row[2], e.batch = $batch, e.loadedAt = at
  FOREACH (info IN CASE WHEN row[1] IS NOT NULL AND e.described IS NULL THEN [row[1]] ELSE [] END |
    SET e.described = true, e.name = info[0], e.region = info[1])
  RETURN collect(e) AS e7
}
CALL (at) {
  UNWIND $entities[8] AS row
  MERGE (e:Tow {key: row[0]})
    ON CREATE SET e.insurer = row[2], e.batch = $batch, e.loadedAt = at
  FOREACH (info IN CASE WHEN row[1] IS NOT NULL AND e.described IS NULL THEN [row[1]] ELSE [] END |
    SET e.described = true, e.name = info[0], e.region = info[1])
  RETURN collect(e) AS e8
}
CALL (at) {
  UNWIND $claims AS row
  MERGE (c:Claim {id: row[0]})
  WITH at, row, c, coalesce(c.fingerprint, '') <> coalesce(row[12], '') AS raced
  SET c.fingerprint = row[1], c.batch = $batch, c.loadedAt = at, c.insurer = row[2], c.policyNo = row[3],
      c.product = row[4], c.region = row[5], c.accidentDate = row[6], c.reportDate = row[7],
      c.policyStart = row[8], c.claimed = row[9], c.paid = row[10], c.status = row[11]
  RETURN collect(c) AS claims, count(CASE WHEN raced THEN 1 END) AS raced
}
CALL (at, nc, nr, claims, e0) {
  UNWIND range(0, size($links[0]) - 2, 2) AS i
  WITH at, nc, nr, claims, e0, toInteger($links[0][i]) AS a, toInteger($links[0][i + 1]) AS b
  WITH at, claims[a % nc] AS c, e0[a / nc] AS e, a % nc AS n, b % nr AS r, b / nr AS p
  CREATE (c)-[:INVOLVES {insurer: $claims[n][2], batch: $batch, loadedAt: at, role: $roles[r],
    person: CASE p WHEN 0 THEN null ELSE CASE p % 2 WHEN 1 THEN $entities[0][p / 2][0] ELSE $persons[p / 2 - 1] END END}]->(e)
}
CALL (at, nc, nr, claims, e1) {
  UNWIND range(0, size($links[1]) - 2, 2) AS i
  WITH at, nc, nr, claims, e1, toInteger($links[1][i]) AS a, toInteger($links[1][i + 1]) AS b
  WITH at, claims[a % nc] AS c, e1[a / nc] AS e, a % nc AS n, b % nr AS r, b / nr AS p
  CREATE (c)-[:CONTACT {insurer: $claims[n][2], batch: $batch, loadedAt: at, role: $roles[r],
    person: CASE p WHEN 0 THEN null ELSE CASE p % 2 WHEN 1 THEN $entities[0][p / 2][0] ELSE $persons[p / 2 - 1] END END}]->(e)
}
CALL (at, nc, nr, claims, e2) {
  UNWIND range(0, size($links[2]) - 2, 2) AS i
  WITH at, nc, nr, claims, e2, toInteger($links[2][i]) AS a, toInteger($links[2][i + 1]) AS b
  WITH at, claims[a % nc] AS c, e2[a / nc] AS e, a % nc AS n, b % nr AS r, b / nr AS p
  CREATE (c)-[:PAYS_TO {insurer: $claims[n][2], batch: $batch, loadedAt: at, role: $roles[r],
    person: CASE p WHEN 0 THEN null ELSE CASE p % 2 WHEN 1 THEN $entities[0][p / 2][0] ELSE $persons[p / 2 - 1] END END}]->(e)
}
CALL (at, nc, nr, claims, e3) {
  UNWIND range(0, size($links[3]) - 2, 2) AS i
  WITH at, nc, nr, claims, e3, toInteger($links[3][i]) AS a, toInteger($links[3][i + 1]) AS b
  WITH at, claims[a % nc] AS c, e3[a / nc] AS e, a % nc AS n, b % nr AS r, b / nr AS p
  CREATE (c)-[:USES_VEHICLE {insurer: $claims[n][2], batch: $batch, loadedAt: at, role: $roles[r],
    person: CASE p WHEN 0 THEN null ELSE CASE p % 2 WHEN 1 THEN $entities[0][p / 2][0] ELSE $persons[p / 2 - 1] END END}]->(e)
}
CALL (at, nc, nr, claims, e4) {
  UNWIND range(0, size($links[4]) - 2, 2) AS i
  WITH at, nc, nr, claims, e4, toInteger($links[4][i]) AS a, toInteger($links[4][i + 1]) AS b
  WITH at, claims[a % nc] AS c, e4[a / nc] AS e, a % nc AS n, b % nr AS r, b / nr AS p
  CREATE (c)-[:TREATED_AT {insurer: $claims[n][2], batch: $batch, loadedAt: at, role: $roles[r],
    person: CASE p WHEN 0 THEN null ELSE CASE p % 2 WHEN 1 THEN $entities[0][p / 2][0] ELSE $persons[p / 2 - 1] END END}]->(e)
}
CALL (at, nc, nr, claims, e5) {
  UNWIND range(0, size($links[5]) - 2, 2) AS i
  WITH at, nc, nr, claims, e5, toInteger($links[5][i]) AS a, toInteger($links[5][i + 1]) AS b
  WITH at, claims[a % nc] AS c, e5[a / nc] AS e, a % nc AS n, b % nr AS r, b / nr AS p
  CREATE (c)-[:REPAIRED_AT {insurer: $claims[n][2], batch: $batch, loadedAt: at, role: $roles[r],
    person: CASE p WHEN 0 THEN null ELSE CASE p % 2 WHEN 1 THEN $entities[0][p / 2][0] ELSE $persons[p / 2 - 1] END END}]->(e)
}
CALL (at, nc, nr, claims, e6) {
  UNWIND range(0, size($links[6]) - 2, 2) AS i
  WITH at, nc, nr, claims, e6, toInteger($links[6][i]) AS a, toInteger($links[6][i + 1]) AS b
  WITH at, claims[a % nc] AS c, e6[a / nc] AS e, a % nc AS n, b % nr AS r, b / nr AS p
  CREATE (c)-[:APPRAISED_BY {insurer: $claims[n][2], batch: $batch, loadedAt: at, role: $roles[r],
    person: CASE p WHEN 0 THEN null ELSE CASE p % 2 WHEN 1 THEN $entities[0][p / 2][0] ELSE $persons[p / 2 - 1] END END}]->(e)
}
CALL (at, nc, nr, claims, e7) {
  UNWIND range(0, size($links[7]) - 2, 2) AS i
  WITH at, nc, nr, claims, e7, toInteger($links[7][i]) AS a, toInteger($links[7][i + 1]) AS b
  WITH at, claims[a % nc] AS c, e7[a / nc] AS e, a % nc AS n, b % nr AS r, b / nr AS p
  CREATE (c)-[:REPRESENTED_BY {insurer: $claims[n][2], batch: $batch, loadedAt: at, role: $roles[r],
    person: CASE p WHEN 0 THEN null ELSE CASE p % 2 WHEN 1 THEN $entities[0][p / 2][0] ELSE $persons[p / 2 - 1] END END}]->(e)
}
CALL (at, nc, nr, claims, e8) {
  UNWIND range(0, size($links[8]) - 2, 2) AS i
  WITH at, nc, nr, claims, e8, toInteger($links[8][i]) AS a, toInteger($links[8][i + 1]) AS b
  WITH at, claims[a % nc] AS c, e8[a / nc] AS e, a % nc AS n, b % nr AS r, b / nr AS p
  CREATE (c)-[:TOWED_BY {insurer: $claims[n][2], batch: $batch, loadedAt: at, role: $roles[r],
    person: CASE p WHEN 0 THEN null ELSE CASE p % 2 WHEN 1 THEN $entities[0][p / 2][0] ELSE $persons[p / 2 - 1] END END}]->(e)
}
RETURN size(claims) AS claims, raced
