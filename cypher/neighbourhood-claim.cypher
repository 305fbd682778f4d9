// Whether a claim exists (the start of a neighbourhood).
MATCH (c:Claim {id: $key})
RETURN count(c) > 0 AS found
