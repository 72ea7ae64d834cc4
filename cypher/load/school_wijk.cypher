// Laad een reeks relaties 'school ligt in wijk' in een lege graaf (gegenereerd uit model.py).
// @param rows list: [{source, target, props}] per relatie
UNWIND $rows AS row
MATCH (a:School {id: row.source}), (b:Wijk {id: row.target})
CREATE (a)-[r:LIGT_IN]->(b)
SET r += row.props
RETURN count(r) AS created
