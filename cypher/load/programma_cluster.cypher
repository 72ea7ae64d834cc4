// Laad een reeks relaties 'programma valt onder cluster' in een lege graaf (gegenereerd uit model.py).
// @param rows list: [{source, target, props}] per relatie
UNWIND $rows AS row
MATCH (a:Programma {id: row.source}), (b:Cluster {id: row.target})
CREATE (a)-[r:VALT_ONDER]->(b)
SET r += row.props
RETURN count(r) AS created
