// One page of the analysis projection: claims in id order after $after (keyset pagination: the
// unique index on Claim.id serves the order, so no SKIP and no sort), each as one list —
// [id, insurer, policyNo, product, region, accidentDate, reportDate, policyStart, claimed, paid,
// status, links] with links = [[relationship type, entity key, role, person], …] — lists rather
// than maps: no key repeated on every row, and no object per row on the client.
MATCH (c:Claim)
WHERE c.id > $after AND ($asOf IS NULL OR coalesce(c.reportDate, c.accidentDate) <= $asOf)
WITH c ORDER BY c.id LIMIT $page
RETURN [c.id, c.insurer, c.policyNo, c.product, c.region, c.accidentDate, c.reportDate, c.policyStart,
        c.claimed, c.paid, c.status, [(c)-[r:{{links}}]->(e) | [type(r), e.key, r.role, r.person]]] AS claim
