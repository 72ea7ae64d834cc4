// Schrijf een reeks relaties 'cluster draagt bij aan ambitie' tussen knopen van een nieuwe versie
// (gegenereerd uit model.py).
// @param rows list: [{source, target, props}] per relatie
UNWIND $rows AS row
MATCH (a:Laden {id: row.source}), (b:Laden {id: row.target})
WHERE a.kind = 'cluster' AND b.kind = 'ambitie'
CREATE (a)-[r:DRAAGT_BIJ_AAN]->(b)
SET r += row.props
RETURN count(r) AS created
