// Laad een reeks activiteiten in een lege graaf (gegenereerd uit model.py).
// @param rows list: [{source, target, props}] per relatie
UNWIND $rows AS row
MATCH (a:Partner {id: row.source}), (b:School {id: row.target})
CREATE (a)-[r:ACTIVITEIT_OP]->(b)
SET r += row.props
RETURN count(r) AS created
