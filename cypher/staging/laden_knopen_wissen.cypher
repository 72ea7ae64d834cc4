// Verwijder een deel van de knopen van de onafgemaakte versie (label Laden).
// @param aantal int: hoogstens zoveel knopen per keer
MATCH (n:Laden)
WITH n
LIMIT $aantal
DETACH DELETE n
RETURN count(*) AS verwijderd
