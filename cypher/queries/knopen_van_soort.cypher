// Alle knopen van één soort met hun eigenschappen, bijvoorbeeld alle wijken.
// @param soort text: de soort, bijvoorbeeld wijk, hub of partner
MATCH (n:Knoop)
WHERE n.kind = $soort
RETURN n.id AS id, properties(n) AS props
