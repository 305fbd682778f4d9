// Descriptions of {{label}} entities not carried by a written link (their claims were unchanged,
// or rejected): created if missing, described only if not described before.
WITH datetime($loadedAt) AS at
UNWIND $rows AS row
MERGE (e:{{label}} {key: row.key})
  ON CREATE SET e.insurer = row.insurer, e.batch = $batch, e.loadedAt = at
WITH e, row WHERE e.described IS NULL
SET e.described = true, e.name = row.name, e.region = row.region
