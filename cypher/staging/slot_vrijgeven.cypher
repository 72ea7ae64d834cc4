// Geef het laadslot van Neo4j vrij.
// @param houder text: wie laadde
MATCH (l:Laadslot {id: 'laden'})
WHERE l.houder = $houder
DELETE l
RETURN count(*) AS vrijgegeven
