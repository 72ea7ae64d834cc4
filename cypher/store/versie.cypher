// De versie van het geladen netwerk (om te zien of een lading tijdens het lezen omschakelde).
MATCH (m:Meta)
RETURN m.versie AS versie
