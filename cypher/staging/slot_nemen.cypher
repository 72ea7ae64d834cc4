// Neem het laadslot van Neo4j: er laadt steeds hoogstens één proces een nieuwe versie.
// Geeft één rij als het slot nu van $houder is, geen rij als een ander het heeft.
// @param houder text: wie laadt (host:pid:willekeurig)
// @param nu int: nu, in milliseconden sinds 1970
// @param tot int: tot wanneer het slot geldt als het niet wordt verlengd
// @param vrij list: houders die niet meer bestaan; hun slot mag worden overgenomen
MERGE (l:Laadslot {id: 'laden'})
ON CREATE SET l.houder = $houder, l.tot = $tot
WITH l
WHERE l.houder = $houder OR l.tot < $nu OR l.houder IN $vrij
SET l.houder = $houder, l.tot = $tot
RETURN l.houder AS houder
