// De verwijzingen (een school naar haar wijk, een programma naar zijn cluster en thema,
// een thema naar zijn cluster, een cluster naar zijn ambitie) die uit een groep knopen
// vertrekken, met hun eigenschappen.
// @param ids list: ids van de knopen, bijvoorbeeld s-kameleon,pr-cultuurcoaches
UNWIND $ids AS id
MATCH (a:Knoop {id: id})-[r:LIGT_IN|HOORT_BIJ|DRAAGT_BIJ_AAN|VALT_ONDER|GAAT_OVER]->(b:Knoop)
RETURN a.id AS source, b.id AS target, properties(r) AS props
