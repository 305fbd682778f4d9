// Whether a {{label}} entity takes part in at least one claim (the start of a neighbourhood).
MATCH (e:{{label}} {key: $key})
RETURN EXISTS { (e)<-[:{{rel}}]-(:Claim) } AS found
