// Geïsoleerde partners: zonder samenwerking (in het schooljaar, of lopend: zonder jaar) en
// zonder hub. Met het aantal activiteiten in dat schooljaar, om te zien of ze wel actief zijn.
// @param schooljaar text = null: alleen dit schooljaar; leeg = alle jaren
MATCH (p:Partner)
WHERE NOT (p)-[:LID_VAN]->()
OPTIONAL MATCH (p)-[s:WERKT_SAMEN_MET]-(:Partner)
WHERE $schooljaar IS NULL OR s.schooljaar IS NULL OR s.schooljaar = $schooljaar
WITH p, count(s) AS samenwerkingen
WHERE samenwerkingen = 0
OPTIONAL MATCH (p)-[a:ACTIVITEIT_OP]->()
WHERE $schooljaar IS NULL OR a.schooljaar = $schooljaar
RETURN p.id AS partner, p.naam AS partner_naam, p.type AS partner_type,
       count(a) AS activiteiten
ORDER BY partner_naam
