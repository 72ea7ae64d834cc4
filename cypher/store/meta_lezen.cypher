// Gegevens over het geladen netwerk: versie, laadmoment, kolommen en aantallen.
MATCH (m:Meta)
RETURN properties(m) AS meta
