// A load's first phase: the {{label}} nodes its new and changed claims link to, merged before any
// claim is written. Each key is in exactly one of these transactions, so concurrent ones never wait
// on each other; the claim chunks that follow then only find nodes (a shared lock), never create
// one another chunk is about to create (an exclusive lock held to that chunk's commit).
//   $rows: [[key, info, insurer of the first claim naming it], …] sorted by key;
//          info = [name, region] or null, and the first description wins
CYPHER replan=skip
WITH datetime($loadedAt) AS at
UNWIND $rows AS row
MERGE (e:{{label}} {key: row[0]})
  ON CREATE SET e.insurer = row[2], e.batch = $batch, e.loadedAt = at
FOREACH (info IN CASE WHEN row[1] IS NOT NULL AND e.described IS NULL THEN [row[1]] ELSE [] END |
  SET e.described = true, e.name = info[0], e.region = info[1])
