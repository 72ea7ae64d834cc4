// Wie doet wat in een wijk: partners, activiteiten, programma's en scholen.
// Eén rij per activiteit op een school of opvanglocatie in de wijk (via = 'school') of per
// inzet van een partner in de wijk zelf (via = 'wijk'), met hub, programma en cluster.
// @param wijk text: id van de wijk, bijvoorbeeld w-heikant
// @param schooljaar text = null: alleen dit schooljaar, bijvoorbeeld 2023-2024; leeg = alle jaren
MATCH (w:Wijk {id: $wijk})<-[:LIGT_IN]-(s:School)<-[a:ACTIVITEIT_OP]-(p:Partner)
WHERE $schooljaar IS NULL OR a.schooljaar = $schooljaar
OPTIONAL MATCH (h:Hub {id: a.hub})
OPTIONAL MATCH (pr:Programma {id: a.programma})
OPTIONAL MATCH (pr)-[:VALT_ONDER]->(c:Cluster)
RETURN 'school' AS via, p.id AS partner, p.naam AS partner_naam, p.type AS partner_type,
       [(p)-[:LID_VAN]->(ph:Hub) | ph.id] AS partner_hubs,
       h.id AS hub, h.naam AS hub_naam, pr.id AS programma, pr.naam AS programma_naam,
       c.id AS cluster, c.naam AS cluster_naam, s.id AS school, s.naam AS school_naam,
       s.sector AS sector, a.schooljaar AS schooljaar, a.deelnemers AS deelnemers,
       a.bron AS bron
UNION ALL
MATCH (w:Wijk {id: $wijk})<-[i:INZET_IN]-(p:Partner)
WHERE $schooljaar IS NULL OR i.schooljaar = $schooljaar
OPTIONAL MATCH (pr:Programma {id: i.programma})
OPTIONAL MATCH (pr)-[:VALT_ONDER]->(c:Cluster)
RETURN 'wijk' AS via, p.id AS partner, p.naam AS partner_naam, p.type AS partner_type,
       [(p)-[:LID_VAN]->(ph:Hub) | ph.id] AS partner_hubs,
       null AS hub, null AS hub_naam, pr.id AS programma, pr.naam AS programma_naam,
       c.id AS cluster, c.naam AS cluster_naam, null AS school, null AS school_naam,
       null AS sector, i.schooljaar AS schooljaar, null AS deelnemers, i.bron AS bron
