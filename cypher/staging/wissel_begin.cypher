// Markeer dat een lading de nieuwe versie de huidige gaat maken (vóór staging/wissel):
// lezers wachten tot de markering weg is of verlopen.
// @param tot int: tot wanneer de markering geldt, in milliseconden sinds 1970
MERGE (w:Wissel {id: 'wissel'})
SET w.tot = $tot
RETURN w.tot AS tot
