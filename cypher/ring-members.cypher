// Links rings to their {{label}} members. $rows: [ring key, member key, roles, organiser].
// Only what graph queries filter on rides on the relationship; claims, degree and betweenness
// are in the ring's JSON: a 1M-claim run has ~350,000 members, all in one transaction.
UNWIND $rows AS row
MATCH (g:Ring {key: row[0]})
MATCH (e:{{label}} {key: row[1]})
CREATE (g)-[:HAS_MEMBER {roles: row[2], organiser: row[3]}]->(e)
