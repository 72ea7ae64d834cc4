// De buren van een groep knopen langs bepaalde soorten relaties (beide richtingen):
// de bouwsteen van de gegevens die een pagina over één knoop nodig heeft.
// @param ids list: ids van de knopen, bijvoorbeeld w-heikant,s-kameleon
// @param typen list: relatietypen, bijvoorbeeld LIGT_IN,ACTIVITEIT_OP
UNWIND $ids AS id
MATCH (n:Knoop {id: id})-[r]-(m:Knoop)
WHERE type(r) IN $typen
RETURN DISTINCT m.id AS id
