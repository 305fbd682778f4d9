// Watchlist entries of a batch; an entry whose content is unchanged is left alone.
// $rows: {ref, fingerprint, props}. Returns how many entries were added or changed.
WITH datetime($loadedAt) AS at
UNWIND $rows AS row
OPTIONAL MATCH (old:Watch {ref: row.ref})
WITH at, row, old WHERE old IS NULL OR old.fingerprint <> row.fingerprint
MERGE (w:Watch {ref: row.ref})
SET w += row.props, w.fingerprint = row.fingerprint, w.insurer = row.props.listedBy, w.batch = $batch, w.loadedAt = at
RETURN count(w) AS changed
