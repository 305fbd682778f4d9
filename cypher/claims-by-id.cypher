// Claims by id (missing ids are skipped).
UNWIND $ids AS id
MATCH (c:Claim {id: id})
RETURN c.id AS id, c.insurer AS insurer, c.policyNo AS policyNo, c.product AS product, c.region AS region,
       c.accidentDate AS accidentDate, c.reportDate AS reportDate, c.policyStart AS policyStart,
       c.claimed AS claimed, c.paid AS paid, c.status AS status
