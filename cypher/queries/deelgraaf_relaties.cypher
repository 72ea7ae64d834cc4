// De relaties die uit een groep knopen vertrekken, met hun eigenschappen (wie ze
// vraagt, houdt die tussen de knopen van de groep).
// @param ids list: ids van de knopen, bijvoorbeeld w-heikant,s-kameleon
UNWIND $ids AS id
MATCH (a:Knoop {id: id})-[r]->(b:Knoop)
RETURN a.id AS source, b.id AS target, properties(r) AS props
