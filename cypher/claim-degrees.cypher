// Degree (number of links) of each claim.
UNWIND $ids AS id
MATCH (c:Claim {id: id})
RETURN id, COUNT { (c)-[:{{links}}]->() } AS degree
