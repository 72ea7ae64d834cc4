// De rijen van de relatietabellen (hub_leden, activiteiten, wijkinzet, samenwerkingen,
// programma_partners) die bij een groep knopen aankomen, met hun eigenschappen.
// @param ids list: ids van de knopen, bijvoorbeeld w-heikant,s-kameleon
UNWIND $ids AS id
MATCH (a:Knoop)-[r:LID_VAN|ACTIVITEIT_OP|INZET_IN|WERKT_SAMEN_MET|DOET_MEE_AAN]->(b:Knoop {id: id})
RETURN a.id AS source, b.id AS target, properties(r) AS props
