// De wijken en hubs van één gemeente (zonder gemeente: alle wijken en hubs).
// @param gemeente text = null: naam van de gemeente, bijvoorbeeld Tilburg; leeg = alle
MATCH (w:Wijk)
WHERE $gemeente IS NULL OR w.gemeente = $gemeente
RETURN w.id AS id
UNION ALL
MATCH (h:Hub)
WHERE $gemeente IS NULL OR h.gemeente = $gemeente
RETURN h.id AS id
