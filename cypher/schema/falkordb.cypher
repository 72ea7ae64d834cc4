// Indexen voor de ingebouwde FalkorDB (gegenereerd uit model.py).
CREATE INDEX FOR (n:Knoop) ON (n.id);
CREATE INDEX FOR (n:Ambitie) ON (n.id);
CREATE INDEX FOR (n:Cluster) ON (n.id);
CREATE INDEX FOR (n:Thema) ON (n.id);
CREATE INDEX FOR (n:Hub) ON (n.id);
CREATE INDEX FOR (n:Partner) ON (n.id);
CREATE INDEX FOR (n:Programma) ON (n.id);
CREATE INDEX FOR (n:Wijk) ON (n.id);
CREATE INDEX FOR (n:School) ON (n.id);
CREATE INDEX FOR (n:Wijk) ON (n.gemeente);
CREATE INDEX FOR (n:Hub) ON (n.gemeente);
