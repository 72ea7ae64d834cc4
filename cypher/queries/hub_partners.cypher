// Partners van een hub: hun rol, en de scholen en wijken die ze voor deze hub bereiken.
// Telt activiteiten onder deze hub en activiteiten zonder hub (niet die onder een andere
// hub), en de wijkinzet van de partner. bron is die van het lidmaatschap.
// @param hub text: id van de hub, bijvoorbeeld h-cultuur
// @param schooljaar text = null: alleen dit schooljaar; leeg = alle jaren
MATCH (h:Hub {id: $hub})<-[m:LID_VAN]-(p:Partner)
OPTIONAL MATCH (p)-[a:ACTIVITEIT_OP]->(s:School)-[:LIGT_IN]->(w:Wijk)
WHERE ($schooljaar IS NULL OR a.schooljaar = $schooljaar)
  AND (a.hub IS NULL OR a.hub = $hub)
WITH m, p, count(a) AS activiteiten, collect(DISTINCT s.id) AS scholen,
     collect(DISTINCT w.id) AS wijken_via_scholen
OPTIONAL MATCH (p)-[i:INZET_IN]->(w2:Wijk)
WHERE $schooljaar IS NULL OR i.schooljaar = $schooljaar
WITH m, p, activiteiten, scholen, wijken_via_scholen, collect(DISTINCT w2.id) AS wijken_via_inzet
RETURN p.id AS partner, p.naam AS partner_naam, p.type AS partner_type, m.rol AS rol,
       activiteiten, size(scholen) AS aantal_scholen, scholen, wijken_via_scholen,
       wijken_via_inzet, m.bron AS bron
ORDER BY partner_naam
