// De relaties tussen de knopen van een groep, met hun eigenschappen.
// @param ids list: ids van de knopen, bijvoorbeeld w-heikant,s-kameleon
UNWIND $ids AS id
MATCH (a:Knoop {id: id})-[r]->(b:Knoop)
WHERE b.id IN $ids
RETURN a.id AS source, b.id AS target, properties(r) AS props
