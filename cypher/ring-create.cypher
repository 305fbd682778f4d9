// The rings of a run, each with its JSON (for getRun) and linked to the claims it holds.
// $rows: {id, rank, score, flagged, category, claims, json, claimIds}.
MATCH (run:DetectionRun {id: $run})
UNWIND $rows AS row
CREATE (g:Ring {key: $run + '/' + row.id, id: row.id, run: $run, rank: row.rank, score: row.score,
  flagged: row.flagged, category: row.category, claims: row.claims, json: row.json, savedAt: run.savedAt})
CREATE (run)-[:FOUND {rank: row.rank}]->(g)
WITH g, row
UNWIND row.claimIds AS id
MATCH (c:Claim {id: id})
CREATE (g)-[:INCLUDES]->(c)
