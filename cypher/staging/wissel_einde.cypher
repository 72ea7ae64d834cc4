// Haal de markering van een omschakeling weg (ná staging/wissel, of na een afgebroken lading).
MATCH (w:Wissel)
DELETE w
RETURN count(*) AS verwijderd
