// De buren van een groep knopen langs bepaalde soorten relaties (beide richtingen):
// de bouwsteen van de gegevens die een pagina over één knoop nodig heeft. Eén deel per
// relatietype, zodat de database alleen de gevraagde soorten relaties doorloopt.
// @param ids list: ids van de knopen, bijvoorbeeld w-heikant,s-kameleon
// @param typen list: relatietypen, bijvoorbeeld LIGT_IN,ACTIVITEIT_OP
UNWIND $ids AS id
WITH id
WHERE 'LID_VAN' IN $typen
MATCH (:Knoop {id: id})-[:LID_VAN]-(m:Knoop)
RETURN m.id AS id
UNION
UNWIND $ids AS id
WITH id
WHERE 'ACTIVITEIT_OP' IN $typen
MATCH (:Knoop {id: id})-[:ACTIVITEIT_OP]-(m:Knoop)
RETURN m.id AS id
UNION
UNWIND $ids AS id
WITH id
WHERE 'INZET_IN' IN $typen
MATCH (:Knoop {id: id})-[:INZET_IN]-(m:Knoop)
RETURN m.id AS id
UNION
UNWIND $ids AS id
WITH id
WHERE 'WERKT_SAMEN_MET' IN $typen
MATCH (:Knoop {id: id})-[:WERKT_SAMEN_MET]-(m:Knoop)
RETURN m.id AS id
UNION
UNWIND $ids AS id
WITH id
WHERE 'DOET_MEE_AAN' IN $typen
MATCH (:Knoop {id: id})-[:DOET_MEE_AAN]-(m:Knoop)
RETURN m.id AS id
UNION
UNWIND $ids AS id
WITH id
WHERE 'LIGT_IN' IN $typen
MATCH (:Knoop {id: id})-[:LIGT_IN]-(m:Knoop)
RETURN m.id AS id
UNION
UNWIND $ids AS id
WITH id
WHERE 'HOORT_BIJ' IN $typen
MATCH (:Knoop {id: id})-[:HOORT_BIJ]-(m:Knoop)
RETURN m.id AS id
UNION
UNWIND $ids AS id
WITH id
WHERE 'DRAAGT_BIJ_AAN' IN $typen
MATCH (:Knoop {id: id})-[:DRAAGT_BIJ_AAN]-(m:Knoop)
RETURN m.id AS id
UNION
UNWIND $ids AS id
WITH id
WHERE 'VALT_ONDER' IN $typen
MATCH (:Knoop {id: id})-[:VALT_ONDER]-(m:Knoop)
RETURN m.id AS id
UNION
UNWIND $ids AS id
WITH id
WHERE 'GAAT_OVER' IN $typen
MATCH (:Knoop {id: id})-[:GAAT_OVER]-(m:Knoop)
RETURN m.id AS id
