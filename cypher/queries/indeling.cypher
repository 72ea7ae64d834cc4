// De indeling van de agenda: alle ambities, clusters en thema's (een handvol knopen).
MATCH (a:Ambitie)
RETURN a.id AS id
UNION ALL
MATCH (c:Cluster)
RETURN c.id AS id
UNION ALL
MATCH (t:Thema)
RETURN t.id AS id
