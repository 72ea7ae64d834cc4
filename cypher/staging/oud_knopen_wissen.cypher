// Verwijder een deel van de knopen van de vervangen versie (label Oud).
// @param aantal int: hoogstens zoveel knopen per keer
MATCH (n:Oud)
WITH n
LIMIT $aantal
DETACH DELETE n
RETURN count(*) AS verwijderd
