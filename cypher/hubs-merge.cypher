// The insurers and regions a chunk's claims point at, merged once per chunk rather than once per
// claim. $insurers / $regions: [[name or code, insurer of the first claim naming it], …].
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
