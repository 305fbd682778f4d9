// The links of one entity type ({{label}} via {{rel}}) for the new and updated claims of a chunk,
// one row per distinct entity so each entity is merged once per chunk:
//   $rows: [key, info, insurer, links], info = [name, region] or null, links = [[claim, role, person, insurer], …]
// `info` rides on the first row of a load that describes the entity; the first description wins,
// as in the embedded store. Rows are arrays, not maps: half the bytes on the wire.
WITH datetime($loadedAt) AS at
UNWIND $rows AS row
MERGE (e:{{label}} {key: row[0]})
  ON CREATE SET e.insurer = row[2], e.batch = $batch, e.loadedAt = at
FOREACH (info IN CASE WHEN row[1] IS NOT NULL AND e.described IS NULL THEN [row[1]] ELSE [] END |
  SET e.described = true, e.name = info[0], e.region = info[1])
WITH at, e, row
UNWIND row[3] AS l
MATCH (c:Claim {id: l[0]})
CREATE (c)-[r:{{rel}} {role: l[1], insurer: l[3], batch: $batch, loadedAt: at}]->(e)
SET r.person = l[2]
