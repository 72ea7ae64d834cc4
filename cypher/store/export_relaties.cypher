// Alle relaties van het netwerk met hun eigenschappen (voor de export naar networkx).
MATCH (a:Knoop)-[r]->(b:Knoop)
RETURN a.id AS source, b.id AS target, properties(r) AS props
