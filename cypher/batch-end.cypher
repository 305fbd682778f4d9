// Marks a batch as fully loaded, with what the last load did.
MATCH (b:Batch {id: $batch})
SET b.status = 'complete', b.completedAt = datetime(), b.added = $added, b.updated = $updated,
    b.unchanged = $unchanged, b.watchlist = $watchlist
