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
    # School B (vo, Noord) gets 800 pupils; in 2024-2025 only school A (200 pupils) in
    # the PacT wijk Noord has an activity (Dansgroep), so 200 of 1000 pupils are reached.
    rows = {**TINY, "scholen": [dict(s) for s in TINY["scholen"]]}
    rows["scholen"][1]["leerlingen"] = "800"
    t = targets(rows, "2024-2025")
    assert (t["pact"].teller, t["pact"].noemer, t["pact"].waarde) == (200, 1000, 0.2)
    assert t["pact"].status == "niet gehaald" and t["pact"].doel == 1.0
    assert "School B" in t["pact"].toelichting
    assert t["lage_ses"].waarde == 0.2 and t["lage_ses"].status == "niet gehaald"
    # Over both years school B had Voetbalclub too: everyone reached.
    t = targets(rows)
    assert t["pact"].waarde == 1.0 and t["pact"].status == "gehaald"


def test_unknown_pupil_numbers_are_left_out_and_said():
    t = targets(TINY)  # school B has no pupil number
    assert (t["pact"].teller, t["pact"].noemer) == (200, 200)
    assert "1 school zonder leerlingenaantal telt niet mee" in t["pact"].toelichting


def test_activity_outside_brede_talentontwikkeling_does_not_count():
    # Only Losse Partner (type overig, no hub, no programme) works at school A.
    rows = {
        "wijken": [{"id": "w-1", "naam": "Noord", "pact": "ja", "ses": "laag"}],
        "scholen": [{"id": "s-1", "naam": "A", "sector": "po", "wijk": "w-1", "leerlingen": "100"}],
        "partners": [{"id": "p-1", "naam": "Los", "type": "overig"}],
        "activiteiten": [{"partner": "p-1", "school": "s-1"}],
    }
    assert targets(rows)["pact"].waarde == 0.0


def test_targets_that_need_missing_data_say_what_is_missing():
    t = targets(TINY)
    for code in ("so_pact", "buiten_wijk"):
        assert t[code].status == "niet te berekenen" and t[code].waarde is None
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
    assert "Wandelbos Noord" in t["pact"].toelichting
