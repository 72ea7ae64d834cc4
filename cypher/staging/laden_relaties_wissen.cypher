// Verwijder een deel van de relaties van de onafgemaakte versie (label Laden).
// @param aantal int: hoogstens zoveel relaties per keer
MATCH (:Laden)-[r]->()
WITH r
LIMIT $aantal
DELETE r
RETURN count(*) AS verwijderd
