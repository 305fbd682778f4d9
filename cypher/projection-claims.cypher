// One page of the analysis projection: claims in id order after $after (keyset pagination: the
// unique index on Claim.id serves the order, so no SKIP and no sort), each with all its links.
MATCH (c:Claim)
WHERE c.id > $after AND ($asOf IS NULL OR coalesce(c.reportDate, c.accidentDate) <= $asOf)
WITH c ORDER BY c.id LIMIT $page
RETURN c.id AS id, c.insurer AS insurer, c.policyNo AS policyNo, c.product AS product, c.region AS region,
       c.accidentDate AS accidentDate, c.reportDate AS reportDate, c.policyStart AS policyStart,
       c.claimed AS claimed, c.paid AS paid, c.status AS status,
       [(c)-[r:{{links}}]->(e) | [type(r), e.key, r.role, r.person]] AS links
