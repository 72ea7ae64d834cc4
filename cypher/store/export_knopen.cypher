// Alle knopen van het netwerk met hun eigenschappen (voor de export naar networkx).
MATCH (n:Knoop)
RETURN n.id AS id, properties(n) AS props
