// Laad een reeks programmadeelnames in een lege graaf (gegenereerd uit model.py).
// @param rows list: [{source, target, props}] per relatie
UNWIND $rows AS row
MATCH (a:Partner {id: row.source}), (b:Programma {id: row.target})
CREATE (a)-[r:DOET_MEE_AAN]->(b)
SET r += row.props
RETURN count(r) AS created
