// A chunk's new and updated claims, whole, in one statement: the insurers, regions and entities they
// point at are merged once per chunk (each list sorted by key: concurrent chunks lock shared nodes in
// one global order), the claims are merged, and every link is CREATEd — a new claim, or an updated one
// whose old relationships claim-detach just deleted, has none, so nothing needs MERGE. Nodes merged
// here are held in lists and links address them by position, so no link costs an index lookup.
//   $insurers, $regions: [[name or code, insurer of the first claim naming it], …]
//   $claims:  [[id, fingerprint, insurer, policyNo, product, region, accidentDate, reportDate,
//               policyStart, claimed, paid, status, insurer #, region #], …]
//   $entities[t]: [[key, info, insurer of the first claim], …] for entity type t in model order
//               (Person, Phone, BankAccount, Vehicle, Hospital, RepairShop, Appraiser, Lawyer, Tow);
//               info = [name, region] or null, and the first description wins
//   $links[t]:  [[claim #, entity #, role, person], …], sorted by entity #
// Provenance (insurer, batch, loadedAt) goes on every node created and every relationship.
// Setting a property to null removes it (an updated claim's cleared field); CREATE skips nulls.
// Properties are written in this order on purpose: Neo4j puts a property in the head record of the
// entity's property chain, or in a new head, so what is written last is found first. The projection
// reads a link's role and person and a claim's fields, never the provenance; with role first on a
// relationship, reading it walked the whole chain (1M projection: server CPU 47 → 86 s).
// replan=skip: the plan does not depend on how big the graph is (every lookup is a unique-key seek),
// and re-planning this long statement each time the store's statistics move costs ~10% of a load.
CYPHER replan=skip
WITH datetime($loadedAt) AS at
CALL (at) {
  UNWIND $insurers AS row
  MERGE (i:Insurer {name: row[0]})
    ON CREATE SET i.insurer = row[1], i.batch = $batch, i.loadedAt = at
  RETURN collect(i) AS insurers
}
CALL (at) {
  UNWIND $regions AS row
  MERGE (g:Region {code: row[0]})
    ON CREATE SET g.insurer = row[1], g.batch = $batch, g.loadedAt = at
  RETURN collect(g) AS regions
}
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
CALL (at, insurers, regions) {
  UNWIND $claims AS row
  MERGE (c:Claim {id: row[0]})
  SET c.fingerprint = row[1], c.batch = $batch, c.loadedAt = at, c.insurer = row[2], c.policyNo = row[3],
      c.product = row[4], c.region = row[5], c.accidentDate = row[6], c.reportDate = row[7],
      c.policyStart = row[8], c.claimed = row[9], c.paid = row[10], c.status = row[11]
  WITH at, row, c, insurers[toInteger(row[12])] AS i, regions[toInteger(row[13])] AS g
  CREATE (c)-[:FILED_WITH {insurer: row[2], batch: $batch, loadedAt: at}]->(i)
  CREATE (c)-[:OCCURRED_IN {insurer: row[2], batch: $batch, loadedAt: at}]->(g)
  RETURN collect(c) AS claims
}
CALL (at, claims, e0) {
  UNWIND $links[0] AS l
  WITH at, l, claims[toInteger(l[0])] AS c, e0[toInteger(l[1])] AS e
  CREATE (c)-[:INVOLVES {insurer: $claims[toInteger(l[0])][2], batch: $batch, loadedAt: at, role: l[2], person: l[3]}]->(e)
}
CALL (at, claims, e1) {
  UNWIND $links[1] AS l
  WITH at, l, claims[toInteger(l[0])] AS c, e1[toInteger(l[1])] AS e
  CREATE (c)-[:CONTACT {insurer: $claims[toInteger(l[0])][2], batch: $batch, loadedAt: at, role: l[2], person: l[3]}]->(e)
}
CALL (at, claims, e2) {
  UNWIND $links[2] AS l
  WITH at, l, claims[toInteger(l[0])] AS c, e2[toInteger(l[1])] AS e
  CREATE (c)-[:PAYS_TO {insurer: $claims[toInteger(l[0])][2], batch: $batch, loadedAt: at, role: l[2], person: l[3]}]->(e)
}
CALL (at, claims, e3) {
  UNWIND $links[3] AS l
  WITH at, l, claims[toInteger(l[0])] AS c, e3[toInteger(l[1])] AS e
  CREATE (c)-[:USES_VEHICLE {insurer: $claims[toInteger(l[0])][2], batch: $batch, loadedAt: at, role: l[2], person: l[3]}]->(e)
}
CALL (at, claims, e4) {
  UNWIND $links[4] AS l
  WITH at, l, claims[toInteger(l[0])] AS c, e4[toInteger(l[1])] AS e
  CREATE (c)-[:TREATED_AT {insurer: $claims[toInteger(l[0])][2], batch: $batch, loadedAt: at, role: l[2], person: l[3]}]->(e)
}
CALL (at, claims, e5) {
  UNWIND $links[5] AS l
  WITH at, l, claims[toInteger(l[0])] AS c, e5[toInteger(l[1])] AS e
  CREATE (c)-[:REPAIRED_AT {insurer: $claims[toInteger(l[0])][2], batch: $batch, loadedAt: at, role: l[2], person: l[3]}]->(e)
}
CALL (at, claims, e6) {
  UNWIND $links[6] AS l
  WITH at, l, claims[toInteger(l[0])] AS c, e6[toInteger(l[1])] AS e
  CREATE (c)-[:APPRAISED_BY {insurer: $claims[toInteger(l[0])][2], batch: $batch, loadedAt: at, role: l[2], person: l[3]}]->(e)
}
CALL (at, claims, e7) {
  UNWIND $links[7] AS l
  WITH at, l, claims[toInteger(l[0])] AS c, e7[toInteger(l[1])] AS e
  CREATE (c)-[:REPRESENTED_BY {insurer: $claims[toInteger(l[0])][2], batch: $batch, loadedAt: at, role: l[2], person: l[3]}]->(e)
}
CALL (at, claims, e8) {
  UNWIND $links[8] AS l
  WITH at, l, claims[toInteger(l[0])] AS c, e8[toInteger(l[1])] AS e
  CREATE (c)-[:TOWED_BY {insurer: $claims[toInteger(l[0])][2], batch: $batch, loadedAt: at, role: l[2], person: l[3]}]->(e)
}
RETURN size(claims) AS claims
