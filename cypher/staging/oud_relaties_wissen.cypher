// Verwijder een deel van de relaties van de vervangen versie (label Oud).
// @param aantal int: hoogstens zoveel relaties per keer
MATCH (:Oud)-[r]->()
WITH r
LIMIT $aantal
DELETE r
RETURN count(*) AS verwijderd
