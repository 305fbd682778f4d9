// The stored fingerprint of each claim of a chunk that already exists: equal means unchanged.
UNWIND $ids AS id
MATCH (c:Claim {id: id})
RETURN c.id AS id, c.fingerprint AS fingerprint
