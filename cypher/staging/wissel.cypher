// Maak de nieuwe versie de huidige, in één transactie (gegenereerd uit model.py):
// de huidige knopen en Meta worden Oud, de knopen onder Laden krijgen hun labels.
// Relaties blijven waar ze zijn: ze verbinden alleen knopen van één versie.
MATCH (n:Knoop)
REMOVE n:Knoop:Ambitie:Cluster:Thema:Hub:Partner:Programma:Wijk:School
SET n:Oud;
MATCH (m:Meta)
REMOVE m:Meta
SET m:Oud;
MATCH (n:Laden)
WHERE n.kind = 'ambitie'
SET n:Knoop:Ambitie
REMOVE n:Laden
RETURN count(n) AS geactiveerd;
MATCH (n:Laden)
WHERE n.kind = 'cluster'
SET n:Knoop:Cluster
REMOVE n:Laden
RETURN count(n) AS geactiveerd;
MATCH (n:Laden)
WHERE n.kind = 'thema'
SET n:Knoop:Thema
REMOVE n:Laden
RETURN count(n) AS geactiveerd;
MATCH (n:Laden)
WHERE n.kind = 'hub'
SET n:Knoop:Hub
REMOVE n:Laden
RETURN count(n) AS geactiveerd;
MATCH (n:Laden)
WHERE n.kind = 'partner'
SET n:Knoop:Partner
REMOVE n:Laden
RETURN count(n) AS geactiveerd;
MATCH (n:Laden)
WHERE n.kind = 'programma'
SET n:Knoop:Programma
REMOVE n:Laden
RETURN count(n) AS geactiveerd;
MATCH (n:Laden)
WHERE n.kind = 'wijk'
SET n:Knoop:Wijk
REMOVE n:Laden
RETURN count(n) AS geactiveerd;
MATCH (n:Laden)
WHERE n.kind = 'school'
SET n:Knoop:School
REMOVE n:Laden
RETURN count(n) AS geactiveerd;
