// Removes a stored run and its rings (saving a run id again replaces it).
MATCH (run:DetectionRun {id: $id})
OPTIONAL MATCH (run)-[:FOUND]->(g:Ring)
DETACH DELETE g, run
