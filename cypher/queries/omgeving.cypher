// Alles rond één knoop: de knoop zelf en al zijn directe relaties en buren.
// Eén rij per relatie; een knoop zonder relaties geeft één rij met lege relatievelden.
// @param id text: id van de knoop
// @param limit int = 500: hoogstens zoveel relaties
MATCH (n:Knoop {id: $id})
OPTIONAL MATCH (n)-[r]-(m:Knoop)
WITH n, r, m
LIMIT $limit
RETURN n.id AS id, n.kind AS kind, n.naam AS naam, properties(n) AS props,
       r.kind AS relatie, type(r) AS type, startNode(r).id = n.id AS uitgaand,
       properties(r) AS relatie_props, m.id AS buur, m.kind AS buur_kind, m.naam AS buur_naam
