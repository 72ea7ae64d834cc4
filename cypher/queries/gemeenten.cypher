// De gemeenten die wijken en hubs noemen, elk één keer.
MATCH (w:Wijk)
WHERE w.gemeente IS NOT NULL
RETURN DISTINCT w.gemeente AS gemeente
UNION
MATCH (h:Hub)
WHERE h.gemeente IS NOT NULL
RETURN DISTINCT h.gemeente AS gemeente
