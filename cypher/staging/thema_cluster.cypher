// Schrijf een reeks relaties 'thema hoort bij cluster' tussen knopen van een nieuwe versie
// (gegenereerd uit model.py).
// @param rows list: [{source, target, props}] per relatie
UNWIND $rows AS row
MATCH (a:Laden {id: row.source}), (b:Laden {id: row.target})
WHERE a.kind = 'thema' AND b.kind = 'cluster'
CREATE (a)-[r:HOORT_BIJ]->(b)
SET r += row.props
RETURN count(r) AS created
