// Een groep knopen met al hun eigenschappen (het deel van het netwerk dat een pagina
// nodig heeft, of één knoop).
// @param ids list: ids van de knopen, bijvoorbeeld w-heikant,s-kameleon
UNWIND $ids AS id
MATCH (n:Knoop {id: id})
RETURN n.id AS id, properties(n) AS props
