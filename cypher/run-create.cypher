// A detection run: summary fields for listing, the run header (JSON) for getRun, and a sequence
// number from a locked counter so "latest" is the last saved, even within one millisecond.
MERGE (s:Sequence {name: 'detection_run'})
SET s.value = coalesce(s.value, 0) + 1
CREATE (run:DetectionRun {id: $run.id, seq: s.value, startedAt: $run.startedAt, finishedAt: $run.finishedAt,
  rings: $run.rings, flagged: $run.flagged, claims: $run.claims, header: $header, savedAt: datetime()})
