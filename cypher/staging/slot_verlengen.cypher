// Verleng het laadslot van Neo4j (na elke reeks rijen).
// @param houder text: wie laadt
// @param tot int: tot wanneer het slot nu geldt, in milliseconden sinds 1970
MATCH (l:Laadslot {id: 'laden'})
WHERE l.houder = $houder
SET l.tot = $tot
RETURN count(l) AS verlengd
