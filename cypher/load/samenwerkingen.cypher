// Laad een reeks samenwerkingen in een lege graaf (gegenereerd uit model.py).
// @param rows list: [{source, target, props}] per relatie
UNWIND $rows AS row
MATCH (a:Partner {id: row.source}), (b:Partner {id: row.target})
CREATE (a)-[r:WERKT_SAMEN_MET]->(b)
SET r += row.props
RETURN count(r) AS created
