// Laad een reeks relaties 'thema hoort bij cluster' in een lege graaf (gegenereerd uit model.py).
// @param rows list: [{source, target, props}] per relatie
UNWIND $rows AS row
MATCH (a:Thema {id: row.source}), (b:Cluster {id: row.target})
CREATE (a)-[r:HOORT_BIJ]->(b)
SET r += row.props
RETURN count(r) AS created
