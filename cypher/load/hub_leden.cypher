// Laad een reeks hubleden in een lege graaf (gegenereerd uit model.py).
// @param rows list: [{source, target, props}] per relatie
UNWIND $rows AS row
MATCH (a:Partner {id: row.source}), (b:Hub {id: row.target})
CREATE (a)-[r:LID_VAN]->(b)
SET r += row.props
RETURN count(r) AS created
