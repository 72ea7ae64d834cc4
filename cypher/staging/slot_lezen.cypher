// Wie heeft het laadslot van Neo4j, en tot wanneer.
MATCH (l:Laadslot {id: 'laden'})
RETURN l.houder AS houder, l.tot AS tot
