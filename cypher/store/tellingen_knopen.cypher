// Aantal knopen per soort.
MATCH (n:Knoop)
RETURN n.kind AS kind, count(n) AS aantal
