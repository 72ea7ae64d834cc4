// Laad een reeks relaties 'cluster draagt bij aan ambitie' in een lege graaf (gegenereerd uit model.py).
// @param rows list: [{source, target, props}] per relatie
UNWIND $rows AS row
MATCH (a:Cluster {id: row.source}), (b:Ambitie {id: row.target})
CREATE (a)-[r:DRAAGT_BIJ_AAN]->(b)
SET r += row.props
RETURN count(r) AS created
