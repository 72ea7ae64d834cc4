"""LEA targets and network health, on networks whose figures are worked out by hand."""

from __future__ import annotations

import pytest
from helpers import TINY

from lea_graph.analytics.indicators import lea_targets, network_health
from lea_graph.dataset import Dataset
from lea_graph.graph import to_graph


def targets(rows, year=None):
    return {i.code: i for i in lea_targets(to_graph(Dataset.from_rows(rows)), year)}


def test_reach_by_hand():
    # School B (vo, Noord) gets 800 pupils; school A has 200. Noord is PacT and low SES.
    rows = {**TINY, "scholen": [dict(s) for s in TINY["scholen"]]}
    rows["scholen"][1]["leerlingen"] = "800"
    # 2024-2025: only Dansgroep at A, number of participants unknown. Lower bound: no
    # known participant, 0. Upper: the unknown activity may reach all 200 of A; B has
    # nothing. 0–200 of 1000 pupils: 0–20%, below 100% and below 75% even at best.
    t = targets(rows, "2024-2025")
    assert (t["pact"].bereikt_min, t["pact"].bereikt_max, t["pact"].leerlingen) == (0, 200, 1000)
    assert (t["pact"].ondergrens, t["pact"].bovengrens) == (0.0, 0.2)
    assert t["pact"].status == "niet gehaald" and t["pact"].doel == 1.0
    assert t["pact"].bereik == "tussen 0% en 20%"
    assert "School B" in t["pact"].toelichting
    assert t["lage_ses"].status == "niet gehaald"
    # Both years: A has Muziekschool (25) and Dansgroep (unknown): lower 25, upper 200.
    # B has Voetbalclub (unknown): lower 0, upper 800. 25–1000 of 1000: 2.5–100%, so the
    # 100% target may or may not be met.
    t = targets(rows)
    assert (t["pact"].bereikt_min, t["pact"].bereikt_max) == (25, 1000)
    assert t["pact"].status == "onzeker" and t["pact"].bereik == "tussen 2% en 100%"
    assert "unieke deelnemers per school" in t["pact"].uitsluitsel


def _one_wijk(schools: list[tuple[str, int | None]], activities: list[tuple[str, str | None]]):
    """A PacT wijk with low SES, its schools (id, pupils) and activities (school,
    deelnemers) of a cultural partner."""
    return {
        "wijken": [{"id": "w-1", "naam": "Noord", "pact": "ja", "ses": "laag"}],
        "scholen": [
            {"id": s, "naam": s.upper(), "sector": "po", "wijk": "w-1",
             **({"leerlingen": str(n)} if n is not None else {})}
            for s, n in schools
        ],
        "partners": [{"id": "p-1", "naam": "Muziek", "type": "cultuur"}],
        "activiteiten": [
            {"partner": "p-1", "school": s, **({"deelnemers": d} if d else {})}
            for s, d in activities
        ],
    }  # fmt: skip


def test_gehaald_only_when_the_lower_bound_reaches_the_target():
    # s-1: 200 pupils, one activity of 160 → at least 160, at most 160.
    # s-2: 200 pupils, activities of 150 and 40 → at least 150 (the largest), at most 190.
    # Lower 310 of 400 = 77.5% ≥ 75%: the low-SES target is met whatever the overlap.
    # Upper 350 of 400 = 87.5% < 100%: the PacT target is not met even at best.
    t = targets(_one_wijk([("s-1", 200), ("s-2", 200)],
                          [("s-1", "160"), ("s-2", "150"), ("s-2", "40")]))  # fmt: skip
    assert (t["lage_ses"].bereikt_min, t["lage_ses"].bereikt_max) == (310, 350)
    assert t["lage_ses"].status == "gehaald" and t["lage_ses"].uitsluitsel == ""
    assert t["pact"].status == "niet gehaald"
    # One school, one activity for all its 100 pupils: 100% proven, PacT target met.
    t = targets(_one_wijk([("s-1", 100)], [("s-1", "100")]))
    assert t["pact"].status == "gehaald" and t["pact"].bereik == "100%"


def test_niet_gehaald_when_even_the_upper_bound_stays_below():
    # The case: a PacT school of 1,000 pupils with one activity of 20
    # participants. Bounds 20 and 20 of 1,000: 2%, far from 100% (and from 75%).
    t = targets(_one_wijk([("s-1", 1000)], [("s-1", "20")]))
    assert (t["pact"].ondergrens, t["pact"].bovengrens) == (0.02, 0.02)
    assert t["pact"].status == "niet gehaald" and t["lage_ses"].status == "niet gehaald"
    assert t["pact"].bereik == "2%"


def test_onzeker_between_the_bounds_and_says_what_would_settle_it():
    # 300 pupils; activities of 120, 100 and 150. At least 150 (if all children of the
    # smaller ones are also in the largest), at most 300 (370, capped at the pupils):
    # 50–100%. Both targets lie in between.
    t = targets(_one_wijk([("s-1", 300)], [("s-1", "120"), ("s-1", "100"), ("s-1", "150")]))
    assert (t["pact"].bereikt_min, t["pact"].bereikt_max) == (150, 300)
    for code in ("pact", "lage_ses"):
        assert t[code].status == "onzeker", code
        assert "unieke deelnemers per school" in t[code].toelichting
    # An activity without a number of participants may reach the whole school.
    t = targets(_one_wijk([("s-1", 300)], [("s-1", "40"), ("s-1", None)]))
    assert (t["pact"].bereikt_min, t["pact"].bereikt_max) == (40, 300)
    assert "1 activiteit zonder aantal deelnemers" in t["pact"].toelichting


def test_bounds_round_outwards():
    # 1 of 3 pupils proven (33.3…%), 2 of 3 possible (66.6…%): shown as 33% and 67%,
    # never claiming more than proven or less than possible.
    t = targets(_one_wijk([("s-1", 3)], [("s-1", "1"), ("s-1", "1")]))
    assert t["pact"].bereik == "tussen 33% en 67%"


def test_unknown_pupil_numbers_are_left_out_and_said():
    t = targets(TINY)  # school B has no pupil number; A has 200
    assert t["pact"].leerlingen == 200
    assert "1 school zonder leerlingenaantal telt niet mee" in t["pact"].toelichting
    none_known = targets(_one_wijk([("s-1", None)], [("s-1", "5")]))
    assert none_known["pact"].status == "niet te berekenen"
    assert none_known["pact"].ontbrekend == ["leerlingenaantallen van de scholen"]


def test_activity_outside_brede_talentontwikkeling_does_not_count():
    # Only Losse Partner (type overig, no hub, no programme) works at school A.
    rows = {
        "wijken": [{"id": "w-1", "naam": "Noord", "pact": "ja", "ses": "laag"}],
        "scholen": [{"id": "s-1", "naam": "A", "sector": "po", "wijk": "w-1", "leerlingen": "100"}],
        "partners": [{"id": "p-1", "naam": "Los", "type": "overig"}],
        "activiteiten": [{"partner": "p-1", "school": "s-1", "deelnemers": "100"}],
    }
    t = targets(rows)["pact"]
    assert (t.ondergrens, t.bovengrens, t.status) == (0.0, 0.0, "niet gehaald")


def test_a_target_on_illustrative_data_says_so():
    rows = _one_wijk([("s-1", 100)], [("s-1", "100")])
    assert targets(rows)["pact"].voorbeeld == ""
    rows["scholen"][0]["bron"] = "voorbeeld"
    rows["wijken"][0]["kenmerken_bron"] = "voorbeeld"
    t = targets(rows)
    assert "leerlingenaantallen" in t["pact"].voorbeeld
    assert "SES" not in t["pact"].voorbeeld  # PacT is not an illustrative column
    assert "SES van de wijken" in t["lage_ses"].voorbeeld


def test_targets_that_need_missing_data_say_what_is_missing():
    t = targets(TINY)
    for code in ("so_pact", "buiten_wijk"):
        assert t[code].status == "niet te berekenen" and t[code].ondergrens is None
        assert t[code].ontbrekend
    no_pact = {**TINY, "wijken": [{**w, "pact": "nee"} for w in TINY["wijken"]]}
    assert targets(no_pact)["pact"].status == "niet te berekenen"


def test_network_health_by_hand():
    health = network_health(to_graph(Dataset.from_rows(TINY))).set_index("schooljaar")
    # Two collaborations without a year count in every year: density 2 of 10 pairs.
    assert health["samenwerkingen"].tolist() == [2, 2, 2]
    assert health["dichtheid"].tolist() == [0.2, 0.2, 0.2]
    # Nobody works with a member of another hub (Welzijn Zuid has no hub).
    assert health["aandeel_tussen_hubs"].tolist() == [0.0, 0.0, 0.0]
    # 2023-2024: A, B and C each one partner, D none → 0.75 per location, 3 of 4 reached.
    assert health.loc["2023-2024", "partners_per_school"] == 0.75
    assert health.loc["2023-2024", "aandeel_scholen_bereikt"] == 0.75
    assert health.loc["2024-2025", "partners_per_school"] == 0.5
    assert health.loc["alle jaren", "partners_per_school"] == 1.25


@pytest.mark.parametrize("year", [None, "2023-2024"])
def test_seed_pact_target_is_missed_because_of_the_thin_pact_wijk(tilburg, year):
    t = {i.code: i for i in lea_targets(to_graph(tilburg), year)}
    assert t["pact"].status == "niet gehaald"
    # The schools it names as without any activity are those of the thin PacT wijk.
    missed = t["pact"].toelichting.split("Geen activiteit: ", 1)[1].split(".", 1)[0]
    thin = {r["naam"] for r in tilburg.rows("scholen") if r["wijk"] == "w-wandelbos-noord"}
    assert missed and set(missed.split("; ")) <= thin
    # Pupils are DUO's, and the schools DUO does not count here are said to be left out.
    assert t["pact"].bron.startswith("Leerlingen: DUO, 1 oktober")
    assert "zonder leerlingenaantal tellen niet mee" in t["pact"].toelichting


def test_a_wijk_whose_schools_count_no_pupils_has_no_reach_share():
    """DUO counts 0 pupils at a location that closed (found on the real national
    network): a wijk with only such schools has no share to compute, it does not divide
    by zero."""
    from lea_graph.analytics.indicators import wijk_reach

    g = to_graph(Dataset.from_rows({
        "wijken": [{"id": "w-1", "naam": "Noord", "pact": "ja"}],
        "scholen": [{"id": "s-1", "naam": "Gesloten", "sector": "po", "wijk": "w-1",
                     "leerlingen": "0"}],
        "partners": [{"id": "p-1", "naam": "Muziek", "type": "cultuur"}],
        "activiteiten": [{"partner": "p-1", "school": "s-1"}],
    }))  # fmt: skip
    reach = wijk_reach(g, "w-1")
    assert reach.status == "niet te berekenen"
    assert reach.ondergrens is None and reach.bovengrens is None
    assert (
        reach.toelichting.startswith("De scholen in ") and "samen 0 leerlingen" in reach.toelichting
    )
    assert "1 van 1 school heeft een activiteit" in reach.toelichting
