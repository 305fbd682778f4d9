// Marks a batch as being loaded; a rerun of an interrupted load finds it still 'loading'.
MERGE (b:Batch {id: $batch})
  ON CREATE SET b.firstLoadedAt = datetime($loadedAt)
SET b.status = 'loading', b.loadedAt = datetime($loadedAt), b.insurer = $insurers, b.batch = $batch,
    b.claims = $claims
