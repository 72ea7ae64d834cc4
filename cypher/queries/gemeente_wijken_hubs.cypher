// De wijken en hubs van één gemeente.
// @param gemeente text: naam van de gemeente, bijvoorbeeld Tilburg
MATCH (w:Wijk {gemeente: $gemeente})
RETURN w.id AS id
UNION ALL
MATCH (h:Hub {gemeente: $gemeente})
RETURN h.id AS id
