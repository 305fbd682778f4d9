// A load's first phase, before any entity or claim: the insurers and regions its new and changed
// claims point at (see entity-merge for why nodes shared across chunks are created first).
//   $insurers, $regions: [[name or code, insurer of the first claim naming it], …] sorted by key
CYPHER replan=skip
WITH datetime($loadedAt) AS at
CALL (at) {
  UNWIND $insurers AS row
  MERGE (i:Insurer {name: row[0]})
    ON CREATE SET i.insurer = row[1], i.batch = $batch, i.loadedAt = at
}
CALL (at) {
  UNWIND $regions AS row
  MERGE (g:Region {code: row[0]})
    ON CREATE SET g.insurer = row[1], g.batch = $batch, g.loadedAt = at
}
RETURN count(*) AS merged
