// Verwijder het hele netwerk (Neo4j, binnen de transactie die het nieuwe netwerk laadt).
MATCH (n:Knoop)
DETACH DELETE n;
MATCH (m:Meta)
DELETE m
