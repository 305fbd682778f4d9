// Every stored run, newest first.
MATCH (r:DetectionRun)
RETURN r.id AS id, r.startedAt AS startedAt, r.finishedAt AS finishedAt, r.rings AS rings,
       r.flagged AS flagged, r.claims AS claims
ORDER BY r.seq DESC
