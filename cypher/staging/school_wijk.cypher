// Schrijf een reeks relaties 'school ligt in wijk' tussen knopen van een nieuwe versie
// (gegenereerd uit model.py).
// @param rows list: [{source, target, props}] per relatie
UNWIND $rows AS row
MATCH (a:Laden {id: row.source}), (b:Laden {id: row.target})
WHERE a.kind = 'school' AND b.kind = 'wijk'
CREATE (a)-[r:LIGT_IN]->(b)
SET r += row.props
RETURN count(r) AS created
