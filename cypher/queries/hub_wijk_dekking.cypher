// Dekking hub × wijk: per hub en wijk de partners en het aantal activiteiten dat de wijk
// bereikt, via scholen in de wijk (activiteiten onder die hub, via = 'school') en via
// wijkinzet van de leden van de hub (via = 'wijk'). Alleen cellen met iets erin.
// @param schooljaar text = null: alleen dit schooljaar; leeg = alle jaren
MATCH (p:Partner)-[a:ACTIVITEIT_OP]->(s:School)-[:LIGT_IN]->(w:Wijk)
WHERE a.hub IS NOT NULL AND ($schooljaar IS NULL OR a.schooljaar = $schooljaar)
RETURN a.hub AS hub, w.id AS wijk, 'school' AS via, collect(DISTINCT p.id) AS partners,
       count(a) AS aantal, collect(DISTINCT s.id) AS scholen
UNION ALL
MATCH (h:Hub)<-[:LID_VAN]-(p:Partner)-[i:INZET_IN]->(w:Wijk)
WHERE $schooljaar IS NULL OR i.schooljaar = $schooljaar
RETURN h.id AS hub, w.id AS wijk, 'wijk' AS via, collect(DISTINCT p.id) AS partners,
       count(i) AS aantal, [] AS scholen
