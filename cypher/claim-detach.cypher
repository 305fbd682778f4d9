// An updated claim loses all its old links (parties, vehicles, providers)
// in the same transaction that writes the new ones, so it is never half old, half new.
UNWIND $ids AS id
MATCH (c:Claim {id: id})-[r]->()
DELETE r
