// Deletes up to $limit {{rel}} relationships; called until it returns 0 (bounded transactions:
// a retired relationship type can have one relationship per claim).
MATCH ()-[r:{{rel}}]->()
WITH r LIMIT $limit
DELETE r
RETURN count(*) AS deleted
