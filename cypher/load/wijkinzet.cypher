// Laad een reeks wijkinzet in een lege graaf (gegenereerd uit model.py).
// @param rows list: [{source, target, props}] per relatie
UNWIND $rows AS row
MATCH (a:Partner {id: row.source}), (b:Wijk {id: row.target})
CREATE (a)-[r:INZET_IN]->(b)
SET r += row.props
RETURN count(r) AS created
