// New and updated claims of a chunk, linked to their insurer and region (merged just before by
// hubs-merge). $rows: {id, fingerprint, insurer, policyNo, …}. Every field is set explicitly:
// setting null removes the property, so a field cleared by an update is cleared here.
WITH datetime($loadedAt) AS at
UNWIND $rows AS row
MERGE (c:Claim {id: row.id})
SET c.insurer = row.insurer, c.policyNo = row.policyNo, c.product = row.product, c.region = row.region,
    c.accidentDate = row.accidentDate, c.reportDate = row.reportDate, c.policyStart = row.policyStart,
    c.claimed = row.claimed, c.paid = row.paid, c.status = row.status,
    c.fingerprint = row.fingerprint, c.batch = $batch, c.loadedAt = at
WITH at, row, c
MATCH (i:Insurer {name: row.insurer})
MATCH (g:Region {code: row.region})
CREATE (c)-[:FILED_WITH {insurer: row.insurer, batch: $batch, loadedAt: at}]->(i)
CREATE (c)-[:OCCURRED_IN {insurer: row.insurer, batch: $batch, loadedAt: at}]->(g)
