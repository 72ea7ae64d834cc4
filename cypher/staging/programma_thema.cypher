// Schrijf een reeks relaties 'programma gaat over thema' tussen knopen van een nieuwe versie
// (gegenereerd uit model.py).
// @param rows list: [{source, target, props}] per relatie
UNWIND $rows AS row
MATCH (a:Laden {id: row.source}), (b:Laden {id: row.target})
WHERE a.kind = 'programma' AND b.kind = 'thema'
CREATE (a)-[r:GAAT_OVER]->(b)
SET r += row.props
RETURN count(r) AS created
