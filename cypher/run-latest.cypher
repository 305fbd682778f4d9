// The id of the run saved last.
MATCH (r:DetectionRun)
RETURN r.id AS id
ORDER BY r.seq DESC
LIMIT 1
