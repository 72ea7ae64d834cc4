// De versie van het geladen netwerk, en tot wanneer een lading omschakelt (als ze dat doet):
// een lezer die een omschakeling ziet, wacht en leest opnieuw.
OPTIONAL MATCH (m:Meta)
OPTIONAL MATCH (w:Wissel)
RETURN m.versie AS versie, w.tot AS wissel_tot
