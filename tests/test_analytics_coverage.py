"""Coverage, gaps and domains per school, on the hand-worked TINY network and the seed."""

from __future__ import annotations

from collections import defaultdict

from lea_graph.analytics.coverage import coverage_gaps, coverage_matrix, school_domains
from lea_graph.graph import to_graph


def cells(matrix):
    return {
        (r.wijk, r.hub): (r.partners, r.activiteiten, r.wijkinzet, r.scholen_bereikt)
        for r in matrix.itertuples()
    }


def test_matrix_by_hand(tiny_graph):
    # Noord × Cultuur: Muziekschool and Dansgroep at school A (2 activities).
    # Noord × Sport: Voetbalclub at school B and through wijkinzet in Noord.
    # Zuid × Cultuur: Muziekschool at school C. Zuid × Sport: nobody.
    assert cells(coverage_matrix(tiny_graph)) == {
        ("w-noord", "h-cultuur"): (2, 2, 0, 1),
        ("w-noord", "h-sport"): (1, 1, 1, 1),
        ("w-zuid", "h-cultuur"): (1, 1, 0, 1),
        ("w-zuid", "h-sport"): (0, 0, 0, 0),
    }
    # In 2023-2024 only Muziekschool (school A) and Voetbalclub (school B) count.
    assert cells(coverage_matrix(tiny_graph, "2023-2024")) == {
        ("w-noord", "h-cultuur"): (1, 1, 0, 1),
        ("w-noord", "h-sport"): (1, 1, 0, 1),
        ("w-zuid", "h-cultuur"): (0, 0, 0, 0),
        ("w-zuid", "h-sport"): (0, 0, 0, 0),
    }
    m = coverage_matrix(tiny_graph).set_index(["wijk", "hub"])
    assert (
        m.loc[("w-noord", "h-cultuur"), "partner_namen"] == "Dansgroep Éénheid; Muziekschool Café"
    )
    assert m.loc[("w-zuid", "h-sport"), "scholen"] == 2


def test_gaps_are_ranked_by_need(tiny_graph):
    gaps = coverage_gaps(tiny_graph)
    # Noord × Sport: PacT 3 + low SES 2 + 2 × (200 pupils / 200 in the largest wijk) = 7.
    # Zuid × Sport: empty cell 1 + no pupils known 0 = 1. Zuid × Cultuur: 0.
    assert gaps[["rang", "wijk", "hub", "soort", "prioriteit"]].values.tolist() == [
        [1, "w-noord", "h-sport", "één partner", 7.0],
        [2, "w-zuid", "h-sport", "geen partner", 1.0],
        [3, "w-zuid", "h-cultuur", "één partner", 0.0],
    ]
    first = gaps.iloc[0]
    assert "alleen via Voetbalclub" in first["toelichting"]
    assert "PacT-wijk" in first["toelichting"] and "lage SES" in first["toelichting"]
    assert first["scholen"] == "School A; School B"
    assert coverage_gaps(tiny_graph, max_partners=0)["hub"].tolist() == ["h-sport"]


def test_domains_per_school(tiny_graph):
    table = school_domains(tiny_graph).set_index("school")
    assert table.loc["s-a", "cultuur"] and not table.loc["s-a", "sport"]
    assert table.loc["s-b", "sport"]
    # Losse Partner (type overig, no hub) adds no domain to school C.
    assert table.loc["s-c", "aantal_domeinen"] == 1
    assert table.loc["s-d", "aantal_domeinen"] == 0
    assert table.loc["s-d", "ontbrekend"] == "cultuur, sport, techniek, natuur, werk, burgerschap"


def test_matrix_matches_a_brute_force_count_on_the_seed(tilburg):
    g = to_graph(tilburg)
    school_wijk = {r["id"]: r["wijk"] for r in tilburg.rows("scholen")}
    members = defaultdict(set)
    for r in tilburg.rows("hub_leden"):
        members[r["partner"]].add(r["hub"])
    for year in (None, "2024-2025"):
        partners, acts = defaultdict(set), defaultdict(int)
        for a in tilburg.rows("activiteiten"):
            if a["hub"] and (year is None or a["schooljaar"] == year):
                partners[(school_wijk[a["school"]], a["hub"])].add(a["partner"])
                acts[(school_wijk[a["school"]], a["hub"])] += 1
        for i in tilburg.rows("wijkinzet"):
            if year is None or i["schooljaar"] == year:
                for hub in members[i["partner"]]:
                    partners[(i["wijk"], hub)].add(i["partner"])
        matrix = coverage_matrix(g, year)
        assert len(matrix) == tilburg.counts()["wijken"] * tilburg.counts()["hubs"]
        for r in matrix.itertuples():
            assert r.partners == len(partners[(r.wijk, r.hub)])
            assert r.activiteiten == acts[(r.wijk, r.hub)]
