// Leg vast welk netwerk geladen is (één Meta-knoop per netwerk).
// @param meta map: versie, geladen_op, kolommen (JSON), aantallen (JSON)
CREATE (m:Meta)
SET m += $meta
RETURN count(m) AS created
