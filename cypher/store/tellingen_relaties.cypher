// Aantal relaties per soort.
MATCH (:Knoop)-[r]->(:Knoop)
RETURN r.kind AS kind, count(r) AS aantal
