// Laad een reeks relaties 'programma gaat over thema' in een lege graaf (gegenereerd uit model.py).
// @param rows list: [{source, target, props}] per relatie
UNWIND $rows AS row
MATCH (a:Programma {id: row.source}), (b:Thema {id: row.target})
CREATE (a)-[r:GAAT_OVER]->(b)
SET r += row.props
RETURN count(r) AS created
