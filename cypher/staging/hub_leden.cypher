// Schrijf een reeks hubleden tussen knopen van een nieuwe versie
// (gegenereerd uit model.py).
// @param rows list: [{source, target, props}] per relatie
UNWIND $rows AS row
MATCH (a:Laden {id: row.source}), (b:Laden {id: row.target})
WHERE a.kind = 'partner' AND b.kind = 'hub'
CREATE (a)-[r:LID_VAN]->(b)
SET r += row.props
RETURN count(r) AS created
