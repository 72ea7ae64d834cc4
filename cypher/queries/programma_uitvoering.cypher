// Waar een programma wordt uitgevoerd: de partner en de school van elke activiteit en
// de partner en de wijk van elke wijkinzet die het programma noemt.
// @param programma text: id van het programma, bijvoorbeeld pr-cultuurcoaches
// @param schooljaar text = null: alleen dit schooljaar, bijvoorbeeld 2024-2025; leeg = alle jaren
MATCH (p:Partner)-[a:ACTIVITEIT_OP]->(s:School)
WHERE a.programma = $programma AND ($schooljaar IS NULL OR a.schooljaar = $schooljaar)
RETURN p.id AS partner, s.id AS plek
UNION ALL
MATCH (p:Partner)-[i:INZET_IN]->(w:Wijk)
WHERE i.programma = $programma AND ($schooljaar IS NULL OR i.schooljaar = $schooljaar)
RETURN p.id AS partner, w.id AS plek
