"""The ranking "Waar is het netwerk het dunst?" on a hand-made set of wijken."""

from __future__ import annotations

from lea_graph.analytics.dunst import DUNST_REGEL, dunste_wijken


def _wijk(wijk, kids, partners, *, soort="woonwijk", pact="nee", ses="midden", gaten=0):
    return {"wijk": wijk, "naam": wijk.upper(), "soort": soort, "pact": pact, "ses": ses,
            "kinderen_midden": kids, "partners_via_hubs": partners, "gaten": gaten}  # fmt: skip


ROWS = [
    # 200 ÷ (3 + 1) × 1,5 (PacT) × 1,5 (lage SES) = 112,5
    _wijk("e", 200, 3, pact="ja", ses="laag"),
    # 300 ÷ (0 + 1) = 300
    _wijk("f", 300, 0, gaten=1),
    # 600 ÷ (1 + 1) = 300: the same score as f, but more gaps, so first
    _wijk("g", 600, 1, gaten=4),
    # 100 ÷ (9 + 1) = 10: exactly the lowest number of children that counts
    _wijk("k", 100, 9),
    # left out: no children figure, too few children, a bedrijventerrein
    _wijk("h", None, 0, gaten=6),
    _wijk("i", 99, 0, gaten=6),
    _wijk("j", 5000, 0, soort="bedrijventerrein", gaten=0),
]


def test_thinnest_first_by_children_per_partner_weighted_by_pact_and_ses():
    ranked = dunste_wijken(ROWS)
    assert [(r["rang"], r["wijk"], r["score"]) for r in ranked] == [
        (1, "g", 300.0),
        (2, "f", 300.0),
        (3, "e", 112.5),
        (4, "k", 10.0),
    ]


def test_at_most_n_and_the_rule_is_in_words():
    assert [r["wijk"] for r in dunste_wijken(ROWS, n=2)] == ["g", "f"]
    assert "Bedrijventerreinen" in DUNST_REGEL and "PacT" in DUNST_REGEL


def test_buitengebied_with_few_children_does_not_top_the_list():
    rows = [_wijk("buiten", 40, 0, soort="buitengebied", gaten=9), _wijk("stad", 1000, 4)]
    assert [r["wijk"] for r in dunste_wijken(rows)] == ["stad"]
