// Laad een reeks wijken in een lege graaf (gegenereerd uit model.py).
// @param rows list: [{id, props}] per knoop
UNWIND $rows AS row
CREATE (n:Knoop:Wijk {id: row.id})
SET n += row.props
RETURN count(n) AS created
