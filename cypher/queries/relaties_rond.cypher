// Alle relaties van één knoop, in beide richtingen, met hun eigenschappen.
// @param id text: id van de knoop, bijvoorbeeld p-factorium
MATCH (a:Knoop {id: $id})-[r]->(b:Knoop)
RETURN a.id AS source, b.id AS target, properties(r) AS props
UNION ALL
MATCH (a:Knoop)-[r]->(b:Knoop {id: $id})
RETURN a.id AS source, b.id AS target, properties(r) AS props
