// Geïsoleerde partners: zonder vastgelegde samenwerking en zonder hub.
// Met het aantal activiteiten, om te zien of ze wel actief zijn.
MATCH (p:Partner)
WHERE NOT (p)-[:WERKT_SAMEN_MET]-() AND NOT (p)-[:LID_VAN]->()
OPTIONAL MATCH (p)-[a:ACTIVITEIT_OP]->()
RETURN p.id AS partner, p.naam AS partner_naam, p.type AS partner_type,
       count(a) AS activiteiten
ORDER BY partner_naam
