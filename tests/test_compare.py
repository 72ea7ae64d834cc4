"""What changed: comparisons of two small networks worked out by hand, on plain graphs and
on what both stores give back, and on the /veranderingen page and its API."""

from __future__ import annotations

import copy

import pytest
from helpers import STORE_BACKENDS, app_on

from lea_graph.analytics.compare import compare, compare_years, direction, trend
from lea_graph.dataset import Dataset
from lea_graph.graph import to_graph

YEAR = "2024-2025"

# Two wijken, two hubs. Anker is a PacT wijk with low SES (900 children), Berg is not.
# OLD: Sportclub Bravo (sport) and Museum, Dansschool (cultuur) at the school in Anker;
#      Koor (cultuur) at the school in Berg.
# NEW: Museum's activity in Anker is gone; Dansschool starts one in Berg.
BASE = {
    "hubs": [
        {"id": "h-sport", "naam": "Sport en gezondheid", "domein": "sport"},
        {"id": "h-cult", "naam": "Cultuur", "domein": "cultuur"},
    ],
    "wijken": [
        {"id": "w-a", "naam": "Anker", "pact": "ja", "ses": "laag", "kinderen_0_17": "900"},
        {"id": "w-b", "naam": "Berg", "pact": "nee", "ses": "hoog", "kinderen_0_17": "400"},
    ],
    "scholen": [
        {"id": "s-a", "naam": "School Anker", "sector": "po", "wijk": "w-a", "leerlingen": "200"},
        {"id": "s-b", "naam": "School Berg", "sector": "po", "wijk": "w-b", "leerlingen": "100"},
    ],
    "partners": [
        {"id": "p-bravo", "naam": "Sportclub Bravo", "type": "sport"},
        {"id": "p-museum", "naam": "Museum", "type": "cultuur"},
        {"id": "p-dans", "naam": "Dansschool", "type": "cultuur"},
        {"id": "p-koor", "naam": "Koor", "type": "cultuur"},
    ],
    "hub_leden": [
        {"partner": "p-bravo", "hub": "h-sport"},
        {"partner": "p-museum", "hub": "h-cult"},
        {"partner": "p-dans", "hub": "h-cult"},
        {"partner": "p-koor", "hub": "h-cult"},
    ],
}


def act(partner: str, school: str, hub: str, n: int, year: str = YEAR) -> dict:
    return {"partner": partner, "school": school, "hub": hub, "schooljaar": year,
            "deelnemers": str(n)}  # fmt: skip


OLD_ACTS = [
    act("p-bravo", "s-a", "h-sport", 50),
    act("p-museum", "s-a", "h-cult", 80),
    act("p-dans", "s-a", "h-cult", 20),
    act("p-koor", "s-b", "h-cult", 30),
]
NEW_ACTS = [
    act("p-bravo", "s-a", "h-sport", 50),
    act("p-dans", "s-a", "h-cult", 20),
    act("p-koor", "s-b", "h-cult", 30),
    act("p-dans", "s-b", "h-cult", 25),
]


def dataset(acts: list[dict]) -> Dataset:
    rows = copy.deepcopy(BASE)
    rows["activiteiten"] = acts
    return Dataset.from_rows(rows)


OLD, NEW = dataset(OLD_ACTS), dataset(NEW_ACTS)


def check_old_to_new(c) -> None:
    """The answers worked out by hand for OLD → NEW."""
    entities = sorted(
        (r["soort"], r["verandering"], r["naam"]) for r in c.entities.to_dict(orient="records")
    )
    assert entities == [
        ("activiteit", "nieuw", "Dansschool → School Berg (hub Cultuur, schooljaar 2024-2025)"),
        ("activiteit", "weg", "Museum → School Anker (hub Cultuur, schooljaar 2024-2025)"),
    ]
    # Anker × Cultuur: Museum and Dansschool (2) → Dansschool (1): a gap opens.
    # Berg × Cultuur: Koor (1) → Koor and Dansschool (2): a gap closes.
    # Anker × Sport (Bravo alone) and Berg × Sport (nobody) stay as they were.
    gaps = {(r["wijk"], r["hub"]): r for r in c.gaps.to_dict(orient="records")}
    assert set(gaps) == {("w-a", "h-cult"), ("w-b", "h-cult")}
    opened, closed = gaps[("w-a", "h-cult")], gaps[("w-b", "h-cult")]
    assert (opened["verandering"], opened["partners_voor"], opened["partners_na"]) == (
        "geopend",
        2,
        1,
    )
    assert opened["kenmerken"] == "PacT-wijk, lage SES, 900 kinderen van 0-17 jaar"
    assert (closed["verandering"], closed["partners_voor"], closed["partners_na"]) == (
        "gesloten",
        1,
        2,
    )
    assert list(c.gaps["wijk"]) == ["w-a", "w-b"]  # the PacT wijk first
    # PacT target (the school in Anker, 200 pupils): before 50, 80 and 20 take part:
    # at least 80 (the largest), at most 150 (the sum) → 40%–75%; after 50 and 20 →
    # 25%–35%. Both below 100%: "niet gehaald", and lower.
    pact = c.targets.set_index("code").loc["pact"]
    assert (pact["ondergrens_voor"], pact["bovengrens_voor"]) == (80 / 200, 150 / 200)
    assert (pact["ondergrens_na"], pact["bovengrens_na"]) == (50 / 200, 70 / 200)
    assert (pact["status_voor"], pact["status_na"], pact["richting"]) == (
        "niet gehaald", "niet gehaald", "lager",
    )  # fmt: skip
    # Both schools have an activity before and after.
    health = c.health.set_index("maat")
    assert health.loc["aandeel_scholen_bereikt", "voor"] == 1.0
    assert health.loc["aandeel_scholen_bereikt", "richting"] == "gelijk"


def test_two_small_networks_by_hand():
    c = compare(to_graph(OLD), to_graph(NEW), voor="oud", na="nieuw")
    check_old_to_new(c)
    assert c.summary[0] == "Veranderd: activiteit: 1 nieuw, 1 weg."
    assert c.summary[1] == "Gaten: 1 × nieuw gat: nog één partner, 1 × gat gesloten."


def test_the_other_way_round_swaps_every_change():
    c = compare(to_graph(NEW), to_graph(OLD))
    assert sorted(c.entities["verandering"]) == ["nieuw", "weg"]
    gaps = dict(zip(c.gaps["wijk"], c.gaps["verandering"], strict=True))
    assert gaps == {"w-a": "gesloten", "w-b": "geopend"}
    assert c.targets.set_index("code").loc["pact", "richting"] == "hoger"


def test_a_network_compared_with_itself_has_no_changes(tilburg):
    g = to_graph(tilburg)
    c = compare(g, to_graph(tilburg))
    assert c.entities.empty and c.gaps.empty
    assert set(c.targets["richting"]) <= {"gelijk", "niet te vergelijken"}
    assert set(c.health["richting"]) == {"gelijk"}


def test_changed_participants_and_node_attributes_are_changes_not_new_rows():
    acts = copy.deepcopy(OLD_ACTS)
    acts[1]["deelnemers"] = "90"
    rows = copy.deepcopy(BASE)
    rows["activiteiten"] = acts
    rows["wijken"][1]["pact"] = "ja"
    c = compare(to_graph(OLD), to_graph(Dataset.from_rows(rows)))
    changed = {r["soort"]: r for r in c.entities.to_dict(orient="records")}
    assert set(changed) == {"activiteit", "wijk"}
    assert changed["activiteit"]["verandering"] == "gewijzigd"
    assert changed["activiteit"]["toelichting"] == "Deelnemers: 80 → 90"
    assert changed["wijk"]["naam"] == "Berg"
    assert changed["wijk"]["toelichting"] == "PacT-wijk: nee → ja"


def test_two_schooljaren_match_relations_without_their_year():
    # 2023-2024 is OLD's activities, 2024-2025 NEW's, in one network.
    acts = [dict(a, schooljaar="2023-2024") for a in OLD_ACTS] + NEW_ACTS
    g = to_graph(dataset(acts))
    c = compare_years(g, "2023-2024", YEAR)
    names = sorted((r["verandering"], r["naam"]) for r in c.entities.to_dict(orient="records"))
    assert names == [
        ("nieuw", "Dansschool → School Berg (hub Cultuur)"),
        ("weg", "Museum → School Anker (hub Cultuur)"),
    ]
    assert dict(zip(c.gaps["wijk"], c.gaps["verandering"], strict=True)) == {
        "w-a": "geopend", "w-b": "gesloten",
    }  # fmt: skip
    t = trend(g)
    assert list(t["schooljaar"]) == ["2023-2024", YEAR]
    assert list(t["pact_ondergrens"]) == [0.4, 0.25]
    assert list(t["pact_bovengrens"]) == [0.75, 0.35]


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [((0.2, 0.4), (0.2, 0.5), "hoger"), ((0.2, 0.4), (0.1, 0.4), "lager"),
     ((0.2, 0.4), (0.3, 0.3), "gemengd"), ((0.2, 0.4), (0.2, 0.4), "gelijk"),
     ((None, None), (0.2, 0.4), "niet te vergelijken")],
)  # fmt: skip
def test_direction(before, after, expected):
    assert direction(before, after) == expected


@pytest.mark.parametrize("backend", STORE_BACKENDS)
def test_what_each_store_gives_back_compares_the_same(backend, tmp_path):
    """OLD loaded into the store and read back, compared with NEW: the same answers."""
    from helpers import make_store

    store = make_store(backend, tmp_path)
    try:
        store.load(OLD, source="oud")
        check_old_to_new(compare(store.to_networkx(), to_graph(NEW)))
    finally:
        store.close()


@pytest.mark.parametrize("backend", STORE_BACKENDS)
def test_veranderingen_page_and_api_after_a_load(backend, tmp_path):
    """Load OLD, then NEW through the app's own load (which saves OLD as a version):
    the page and the API compare the saved version with the current network."""
    from web import services

    with app_on(backend, tmp_path, OLD, "oud", SEED_ON_EMPTY=False) as (app, _):
        with app.app_context():
            services.load(lambda _current: NEW, user="test", source="nieuw")
        client = app.test_client()
        data = client.get("/api/v1/veranderingen").get_json()
        assert data["vergelijk"] == "versies" and data["na"] == "huidig"
        assert data["voor"].endswith("oud") or data["voor_label"].startswith("versie geladen op")
        kinds = sorted((r["verandering"], r["naam"]) for r in data["veranderingen"])
        assert kinds == [
            ("nieuw", "Dansschool → School Berg (hub Cultuur, schooljaar 2024-2025)"),
            ("weg", "Museum → School Anker (hub Cultuur, schooljaar 2024-2025)"),
        ]
        assert {(g["wijk"], g["verandering"]) for g in data["gaten"]} == {
            ("w-a", "geopend"), ("w-b", "gesloten"),
        }  # fmt: skip
        page = client.get("/veranderingen")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert "Museum → School Anker" in html and "gat gesloten" in html
        years = client.get("/veranderingen?vergelijk=jaren")
        assert years.status_code == 200
        assert "minstens twee nodig" in years.get_data(as_text=True)
        missing = client.get("/veranderingen?vergelijk=versies&voor=bestaat-niet")
        assert missing.status_code == 404
        assert "Er is geen opgeslagen versie" in missing.get_data(as_text=True)


def test_the_upload_preview_and_the_comparison_count_by_one_rule():
    """Issue 27: the upload preview (:func:`lea_graph.diff.dataset_diff`) and every
    comparison (Veranderingen, ``compare``, the PDF) count rows by one rule: a row is
    the same by its key (a node by id, a relation by what it connects and its
    schooljaar); another value is one changed row. Worked out by hand on TINY."""
    from collections import Counter

    from helpers import TINY

    from lea_graph import model
    from lea_graph.diff import dataset_diff

    rows = copy.deepcopy(TINY)
    acts = rows["activiteiten"]
    acts[0]["deelnemers"] = "40"  # Muziekschool at School A: changed
    acts[3]["school"] = "s-a"  # Voetbalclub at School A instead of B: one gone, one new
    acts.append(dict(acts[2]))  # Dansgroep at School A a second time: new
    rows["samenwerkingen"][0]["soort"] = "netwerk"  # changed
    one = rows["samenwerkingen"][1]  # the same pair the other way round: the same
    one["partner_a"], one["partner_b"] = one["partner_b"], one["partner_a"]
    rows["hub_leden"][2]["rol"] = "trekker"  # changed
    rows["programma_partners"][0]["rol"] = "regie"  # changed
    rows["themas"][0]["naam"] = "Cultuur"  # changed
    old, new = Dataset.from_rows(copy.deepcopy(TINY)), Dataset.from_rows(rows)
    expected = {t: (0, 0, 0) for t in model.TABLES} | {
        "activiteiten": (2, 1, 1),
        "samenwerkingen": (0, 0, 1),
        "hub_leden": (0, 0, 1),
        "programma_partners": (0, 0, 1),
        "themas": (0, 0, 1),
    }
    preview = {r["tabel"]: (r["nieuw"], r["weg"], r["gewijzigd"]) for r in dataset_diff(old, new)}
    assert preview == expected
    gelijk = {r["tabel"]: r["gelijk"] for r in dataset_diff(old, new)}
    assert gelijk["activiteiten"] == 3 and gelijk["samenwerkingen"] == 1
    c = compare(to_graph(old), to_graph(new))
    counted = Counter(zip(c.entities["soort"], c.entities["verandering"], strict=True))
    noun = {t: s.singular for t, s in model.TABLES.items()}
    compared = {
        t: tuple(counted[(noun[t], k)] for k in ("nieuw", "weg", "gewijzigd")) for t in model.TABLES
    }
    assert compared == expected
    assert c.summary[0] == (
        "Veranderd: thema: 1 gewijzigd; hublidmaatschap: 1 gewijzigd; activiteit: 2 nieuw, "
        "1 weg, 1 gewijzigd; samenwerking: 1 gewijzigd; programmadeelname: 1 gewijzigd."
    )
