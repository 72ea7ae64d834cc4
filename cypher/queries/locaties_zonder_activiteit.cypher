// Scholen en opvanglocaties waar geen enkele partner een activiteit heeft.
// @param schooljaar text = null: alleen dit schooljaar; leeg = alle jaren
MATCH (s:School)-[:LIGT_IN]->(w:Wijk)
OPTIONAL MATCH (s)<-[a:ACTIVITEIT_OP]-(:Partner)
WHERE $schooljaar IS NULL OR a.schooljaar = $schooljaar
WITH s, w, count(a) AS activiteiten
WHERE activiteiten = 0
RETURN s.id AS school, s.naam AS school_naam, s.sector AS sector, s.leerlingen AS leerlingen,
       w.id AS wijk, w.naam AS wijk_naam, w.pact AS pact, w.ses AS ses
ORDER BY wijk_naam, school_naam
