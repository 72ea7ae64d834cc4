// Uniciteit en indexen voor Neo4j (gegenereerd uit model.py).
CREATE CONSTRAINT knoop_id IF NOT EXISTS FOR (n:Knoop) REQUIRE n.id IS UNIQUE;
CREATE INDEX ambitie_id IF NOT EXISTS FOR (n:Ambitie) ON (n.id);
CREATE INDEX cluster_id IF NOT EXISTS FOR (n:Cluster) ON (n.id);
CREATE INDEX thema_id IF NOT EXISTS FOR (n:Thema) ON (n.id);
CREATE INDEX hub_id IF NOT EXISTS FOR (n:Hub) ON (n.id);
CREATE INDEX partner_id IF NOT EXISTS FOR (n:Partner) ON (n.id);
CREATE INDEX programma_id IF NOT EXISTS FOR (n:Programma) ON (n.id);
CREATE INDEX wijk_id IF NOT EXISTS FOR (n:Wijk) ON (n.id);
CREATE INDEX school_id IF NOT EXISTS FOR (n:School) ON (n.id);
CREATE INDEX wijk_gemeente IF NOT EXISTS FOR (n:Wijk) ON (n.gemeente);
CREATE INDEX hub_gemeente IF NOT EXISTS FOR (n:Hub) ON (n.gemeente);
CREATE CONSTRAINT laden_id IF NOT EXISTS FOR (n:Laden) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT laadslot_id IF NOT EXISTS FOR (n:Laadslot) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT wissel_id IF NOT EXISTS FOR (n:Wissel) REQUIRE n.id IS UNIQUE;
