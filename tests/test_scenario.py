"""What if: scenarios on a small network worked out by hand, the kwetsbaarheid ranking
against removing each partner in turn, and the /scenario page and its API on both stores."""

from __future__ import annotations

import copy

import pandas as pd
import pytest
from helpers import STORE_BACKENDS, app_on
from test_compare import BASE, OLD_ACTS, YEAR

from lea_graph.analytics.scenario import Scenario, parse_scenario, run, vulnerability
from lea_graph.bereik import lower
from lea_graph.dataset import Dataset
from lea_graph.errors import LeaGraphError
from lea_graph.graph import to_graph

# The network of test_compare's OLD, plus Fitclub: a sport partner in no hub, with
# wijkinzet in Anker and Berg.
ROWS = copy.deepcopy(BASE)
ROWS["partners"].append({"id": "p-fit", "naam": "Fitclub", "type": "sport"})
ROWS["activiteiten"] = OLD_ACTS
ROWS["wijkinzet"] = [
    {"partner": "p-fit", "wijk": "w-a", "schooljaar": YEAR},
    {"partner": "p-fit", "wijk": "w-b", "schooljaar": YEAR},
]
DATA = Dataset.from_rows(ROWS)


@pytest.fixture(scope="module")
def g():
    return to_graph(DATA)


def cells(result) -> dict:
    return {(r["wijk"], r["hub"]): r["verandering"] for r in result.gaps.to_dict(orient="records")}


def test_removing_a_hubs_only_partner_in_a_wijk_opens_that_cell(g):
    result = run(g, parse_scenario(g, zonder=["Sportclub Bravo"]), YEAR)
    # Anker × Sport had Bravo only; nothing else changes cell-wise.
    assert cells(result) == {("w-a", "h-sport"): "verdiept"}
    assert result.zinnen[0] == (
        "Als Sportclub Bravo stopt, heeft Anker geen partner meer voor Sport en gezondheid "
        "(PacT-wijk, lage SES, 900 kinderen van 0-17 jaar)."
    )
    # The school in Anker (200 pupils) keeps Museum (80) and Dansschool (20): at least 80,
    # at most 100 instead of 150 → from 40%–75% to 40%–50%.
    pact = result.targets.set_index("code").loc["pact"]
    assert (pact["bereik_voor"], pact["bereik_na"]) == ("tussen 40% en 75%", "tussen 40% en 50%")
    overview = result.overzicht.set_index("maat")
    # Cells without a partner: Berg × Sport before; Anker × Sport too after.
    assert (overview.loc["Cellen zonder partner", "vandaag"],
            overview.loc["Cellen zonder partner", "scenario"]) == (1, 2)  # fmt: skip
    assert overview.loc["Cellen zonder partner", "verschil"] == "+1"
    assert g.has_node("p-bravo")  # today's network is untouched


def test_adding_a_member_closes_the_cells_of_its_wijkinzet(g):
    result = run(g, parse_scenario(g, met_lid=["p-fit:h-sport"]), YEAR)
    # Fitclub's wijkinzet now counts for the hub: Anker × Sport 1 → 2 (no gap any more),
    # Berg × Sport 0 → 1 (still a gap, but a partner again).
    assert cells(result) == {("w-a", "h-sport"): "gesloten", ("w-b", "h-sport"): "verkleind"}
    assert (
        "Met deze wijzigingen, heeft Berg weer een partner voor Sport en gezondheid: Fitclub"
        in (result.zinnen[0])
    )
    assert set(result.targets["richting"]) <= {"gelijk", "niet te vergelijken"}


def test_stop_and_join_together_close_the_cell_that_stopping_opens(g):
    scenario = parse_scenario(g, zonder=["p-bravo"], met_lid=["Fitclub:Sport en gezondheid"])
    result = run(g, scenario, YEAR)
    # Anker × Sport: Bravo → Fitclub (1 → 1, no change); Berg × Sport: 0 → 1.
    assert cells(result) == {("w-b", "h-sport"): "verkleind"}
    assert result.wijzigingen == [
        "Sportclub Bravo stopt.", "Fitclub wordt lid van hub Sport en gezondheid.",
    ]  # fmt: skip


def test_a_new_activity_without_a_number_only_raises_the_upper_bound(g):
    result = run(g, parse_scenario(g, met_activiteit=["p-koor:s-a:h-sport"]), YEAR)
    assert cells(result) == {("w-a", "h-sport"): "gesloten"}
    pact = result.targets.set_index("code").loc["pact"]
    # The new activity may reach the whole school (200): upper 100%; lower stays 40%.
    assert (pact["ondergrens_na"], pact["bovengrens_na"]) == (0.4, 1.0)
    assert (pact["status_voor"], pact["status_na"]) == ("niet gehaald", "onzeker")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"zonder": ["Onbekend"]}, "Partner 'Onbekend' staat niet in het netwerk"),
     ({"met_lid": ["p-fit"]}, "--met-lid 'p-fit': schrijf het als PARTNER:HUB."),
     ({"met_lid": ["p-fit:h-geen"]}, "Hub 'h-geen' staat niet in het netwerk"),
     ({"met_activiteit": ["p-fit:s-geen"]}, "School of locatie 's-geen' staat niet in het netwerk"),
     ({"zonder": ["p-fit"], "met_lid": ["p-fit:h-sport"]}, "Partner 'Fitclub' stopt in dit scenario")],
)  # fmt: skip
def test_unknown_values_get_a_dutch_message(g, kwargs, message):
    with pytest.raises(LeaGraphError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_scenario(g, **kwargs)


def test_kwetsbaarheid_ranking_by_hand(g):
    v = vulnerability(g, YEAR).set_index("partner")
    # Bravo: Anker × Sport empty (900 children); Koor: Berg × Cultuur empty (400);
    # Museum: no empty cell, but the PacT lower bound drops from 80 to 50 of 200 pupils;
    # Dansschool: Anker × Cultuur left with one partner; Fitclub: nothing.
    assert list(v.index) == ["p-bravo", "p-koor", "p-museum", "p-dans", "p-fit"]
    assert v.loc["p-bravo", "lege_cellen"] == 1 and v.loc["p-bravo", "kinderen"] == "900"
    assert v.loc["p-koor", "kinderen"] == "400"
    assert v.loc["p-museum", "daling_ondergrens"] == pytest.approx(30 / 200)
    assert v.loc["p-museum", "kwetsbare_cellen"] == 1
    assert v.loc["p-fit", "toelichting"] == (
        "Als Fitclub stopt, verandert er niets aan de gaten, de doelen of het netwerk."
    )


def _one_by_one(g, year):
    """For every partner: the answers of a full re-analysis without it."""
    out = {}
    for p in [n for n, d in g.nodes(data=True) if d.get("kind") == "partner"]:
        result = run(g, Scenario(zonder=[p]), year)
        gaps = result.gaps
        emptied = gaps[gaps["verandering"] == "verdiept"]
        # The children of the emptied wijken: the sums of their bounds, as text.
        rows = emptied.drop_duplicates("wijk").to_dict(orient="records")
        low = high = 0
        for r in rows:
            if r["kinderen_tekst"]:
                lo, _, hi = r["kinderen_tekst"].replace(".", "").partition("–")
                low, high = low + int(lo), high + int(hi or lo)
        kids = (
            ""
            if not any(r["kinderen_tekst"] for r in rows)
            else (
                f"{low:,}".replace(",", ".")
                if low == high
                else f"{low:,}–{high:,}".replace(",", ".")
            )
        )
        # The largest fall of a lower bound as shown: rounded down to whole percents.
        drop = 0.0
        for t in result.targets.to_dict(orient="records"):
            if pd.notna(t["ondergrens_voor"]) and pd.notna(t["ondergrens_na"]):
                shown = lower(t["ondergrens_voor"]) - lower(t["ondergrens_na"])
                drop = max(drop, shown / 100)
        out[p] = (
            len(emptied),
            kids,
            round(drop, 6),
            int((gaps["verandering"] == "geopend").sum()),
        )
    return out


@pytest.mark.parametrize("which", ["small", "tilburg"])
def test_kwetsbaarheid_equals_removing_each_partner_in_turn(which, g, tilburg):
    graph = g if which == "small" else to_graph(tilburg)
    expected = _one_by_one(graph, YEAR)
    v = vulnerability(graph, YEAR)
    found = {
        r["partner"]: (
            r["lege_cellen"],
            r["kinderen"],
            r["daling_ondergrens"],
            r["kwetsbare_cellen"],
        )
        for r in v.to_dict(orient="records")
    }
    assert found == expected
    if which == "tilburg":
        assert v["lege_cellen"].max() > 0  # the seed has partners whose leaving opens cells


@pytest.mark.parametrize("backend", STORE_BACKENDS)
def test_scenario_page_and_api(backend, tmp_path):
    with app_on(backend, tmp_path, DATA, "scenario-test", SEED_ON_EMPTY=False) as (app, _):
        client = app.test_client()
        page = client.get(f"/scenario?zonder=p-bravo&schooljaar={YEAR}")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert "heeft Anker geen partner meer voor Sport en gezondheid" in html
        assert "Kwetsbaarheid" in html
        form = client.get(f"/scenario?lid_partner=p-fit&lid_hub=h-sport&schooljaar={YEAR}")
        assert "heeft Berg weer een partner voor Sport en gezondheid" in form.get_data(as_text=True)
        data = client.get(f"/api/v1/scenario?met_lid=p-fit:h-sport&schooljaar={YEAR}").get_json()
        assert {(r["wijk"], r["verandering"]) for r in data["gaten"]} == {
            ("w-a", "gesloten"), ("w-b", "verkleind"),
        }  # fmt: skip
        bad = client.get("/api/v1/scenario?zonder=p-onbekend")
        assert bad.status_code == 404
        assert "staat niet in het netwerk" in bad.get_json()["detail"]
        bad_page = client.get("/scenario?zonder=p-onbekend")
        assert bad_page.status_code == 404
        assert client.get("/api/v1/scenario?met_lid=p-fit").status_code == 400
        assert "staat niet in het netwerk" in bad_page.get_data(as_text=True)
        ranking = client.get(f"/api/v1/kwetsbaarheid?schooljaar={YEAR}").get_json()
        assert [r["partner"] for r in ranking["partners"]][:2] == ["p-bravo", "p-koor"]
        assert ranking["regel"].startswith("Gerangschikt op")
