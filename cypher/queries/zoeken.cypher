// Zoek knopen op naam; hoofdletters en accenten tellen niet mee.
// Namen die met de zoektekst beginnen komen eerst.
// @param term search: (een deel van) de naam
// @param soorten list = null: alleen deze soorten, bijvoorbeeld partner,wijk; leeg = alle
// @param limit int = 25: hoogstens zoveel resultaten
MATCH (n:Knoop)
WHERE n.zoeknaam CONTAINS $term AND ($soorten IS NULL OR n.kind IN $soorten)
RETURN n.id AS id, n.kind AS kind, n.naam AS naam,
       CASE WHEN n.zoeknaam STARTS WITH $term THEN 0 ELSE 1 END AS rang
ORDER BY rang, naam
LIMIT $limit
