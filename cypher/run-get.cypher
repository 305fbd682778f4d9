// A stored run: its header and its rings' JSON in rank order.
MATCH (run:DetectionRun {id: $id})
RETURN run.header AS header, [(run)-[:FOUND]->(g:Ring) | [g.rank, g.json]] AS rings
