// Schrijf een reeks relaties 'programma valt onder cluster' tussen knopen van een nieuwe versie
// (gegenereerd uit model.py).
// @param rows list: [{source, target, props}] per relatie
UNWIND $rows AS row
MATCH (a:Laden {id: row.source}), (b:Laden {id: row.target})
WHERE a.kind = 'programma' AND b.kind = 'cluster'
CREATE (a)-[r:VALT_ONDER]->(b)
SET r += row.props
RETURN count(r) AS created
