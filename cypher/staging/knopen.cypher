// Schrijf een reeks knopen van een nieuwe versie onder het label Laden, nog
// onzichtbaar voor alle vragen (gegenereerd uit model.py).
// @param rows list: [{id, props}] per knoop; props.kind is de soort
UNWIND $rows AS row
CREATE (n:Laden {id: row.id})
SET n += row.props
RETURN count(n) AS created
