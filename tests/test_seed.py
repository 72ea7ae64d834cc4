"""The Tilburg seed network is honest about its sources and shaped like a real network."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict

import pytest

from lea_graph import model
from lea_graph.resources import seed_path

DOC = "LEA Tilburg 2023-2026"


def test_every_row_names_its_source(tilburg):
    for table in model.TABLES:
        for row in tilburg.rows(table):
            assert row["bron"], (table, row)


def test_facts_come_from_the_lea_document_or_a_public_source(tilburg):
    facts = seed_path("facts")
    for path in sorted(facts.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                assert row["bron"] and row["bron"] != "voorbeeld", (path.name, row)
    # The structure of the LEA is taken from the document, not invented.
    for table in ("ambities", "clusters", "themas", "hubs", "programmas"):
        assert all(DOC in r["bron"] for r in tilburg.rows(table)), table


def test_lea_structure(tilburg):
    names = lambda t: {r["naam"] for r in tilburg.rows(t)}  # noqa: E731
    assert names("ambities") == {
        "Leren doe je overal",
        "Het netwerk versterken",
        "Kansrijk starten, een leven lang",
    }
    assert names("clusters") == {"De basis", "Brede talentontwikkeling", "Welzijn"}
    assert sorted(r["domein"] for r in tilburg.rows("hubs")) == sorted(model.ENUMS["domein"])
    programmas = names("programmas")
    for expected in (
        "Taal52",
        "Schakelklassen",
        "Zomerscholen",
        "POVO 013",
        "Rijke Schooldag",
        "Talentendriehoek",
        "Leerrijke plekken",
        "Onderwijs400",
        "Cultuurcoaches",
        "Sportcombinatiefunctionarissen",
        "IMC Weekendschool",
        "Petje af!",
        "Jinc",
        "Schoolmaatschappelijk werk",
        "Gezonde School",
        "Schoolontbijt",
        "Convenant Veilige School",
    ):
        assert expected in programmas, expected
    partners = names("partners")
    for expected in (
        "Factorium",
        "CiST",
        "Artfact",
        "Sportbedrijf",
        "GGD Hart voor Brabant",
        "Ontdekstation013",
        "Natuurmuseum Brabant",
        "IMC Weekendschool",
        "Petje af!",
        "R-NewT",
        "Stadsmuseum Tilburg",
        "Bibliotheek Midden-Brabant",
        "T-Primair",
        "Plein013",
        "Portvolio",
        "Kentalis",
        "Stichting Leergeld Tilburg",
        "Jeugdeducatiefonds",
        "Veilig Thuis",
        "Smart Start",
    ):
        assert expected in partners, expected


def test_hub_members_from_the_document(tilburg):
    facts = {
        (r["partner"], r["hub"]) for r in tilburg.rows("hub_leden") if r["bron"] != "voorbeeld"
    }
    assert ("p-factorium", "h-cultuur") in facts
    assert ("p-ontdekstation013", "h-techniek") in facts
    assert ("p-ontdekstation013", "h-werk") in facts
    assert ("p-natuurmuseum", "h-natuur") in facts


def test_illustrative_rows_say_so(tilburg):
    for table in ("partners", "scholen"):
        for row in tilburg.rows(table):
            if row["bron"] == "voorbeeld":
                assert row["naam"].endswith("(voorbeeld)"), row
    for row in tilburg.rows("scholen"):
        childcare = row["sector"] in ("kinderopvang", "peuteropvang")
        # The schools are DUO's; only childcare is made up (no copy of the LRK at hand).
        assert (row["bron"] == "voorbeeld") == childcare, row
        if childcare:  # never an invented register code presented as real
            assert row["brin"] == row["vestigingscode"] == row["lrk_nummer"] == ""
        else:
            assert row["vestigingscode"].startswith(row["brin"]) and len(row["brin"]) == 4
    for row in tilburg.rows("wijken"):
        # No wijk figure is made up: each comes from CBS and says so.
        for figure, source in (("ses", "ses_bron"), ("kinderen_0_14", "kinderen_bron"),
                               ("inwoners", "inwoners_bron")):  # fmt: skip
            assert bool(row[figure]) == bool(row[source]), (row["id"], figure)
            assert row[source] == "" or row[source].startswith("CBS"), (row["id"], source)
        assert row["kinderen_0_17"] == ""
    for table in ("activiteiten", "wijkinzet", "samenwerkingen"):
        assert {r["bron"] for r in tilburg.rows(table)} == {"voorbeeld"}


def test_wijken_are_real_and_pact_is_marked(tilburg):
    wijken = {r["naam"]: r for r in tilburg.rows("wijken")}
    assert len(wijken) == 59  # every CBS wijk of 2024, business parks and outskirts too
    pact = {n for n, r in wijken.items() if r["pact"] == "ja"}
    assert {"Stokhasselt", "Heikant", "Quirijnstok", "Groenewoud", "Het Zand"} <= pact
    assert wijken["Binnenstad"]["cbs_code"] == "WK085510"
    assert all("voorbeeld" not in r["bron"] for r in wijken.values())
    assert {r["stadsdeel"] for r in wijken.values()} >= {"Reeshof", "Noord", "West", "Dorpen"}


def test_size_is_about_tilburg(tilburg):
    c = tilburg.counts()
    assert 130 <= c["scholen"] <= 170
    assert 60 <= c["partners"] <= 80
    rels = sum(c[r.table] for r in model.RELATIONS)
    assert 1300 <= rels <= 1700
    sectors = Counter(r["sector"] for r in tilburg.rows("scholen"))
    # Every sector but mbo: DUO's list of mbo locations is not among the public files.
    assert set(sectors) == set(model.ENUMS["sector"]) - {"mbo"}
    years = Counter(r["schooljaar"] for r in tilburg.rows("activiteiten"))
    assert set(years) == {"2023-2024", "2024-2025"}


def test_every_school_with_a_point_lies_in_a_wijk(tilburg):
    """The schools are where DUO and the BAG put them; every one with a point is in a
    wijk (the two without a point, newer than the points, are listed on every read)."""
    placed = [r for r in tilburg.rows("scholen") if r["punt"]]
    assert len(placed) >= 75 and all(r["wijk"] for r in placed)
    assert [r["naam"] for r in tilburg.rows("scholen") if not r["wijk"]] == [
        r["naam"] for r in tilburg.rows("scholen") if not r["punt"] and r["bron"] != "voorbeeld"
    ]


@pytest.fixture(scope="module")
def shape(tilburg):
    school_wijk = {r["id"]: r["wijk"] for r in tilburg.rows("scholen")}
    per_wijk = Counter(school_wijk[a["school"]] for a in tilburg.rows("activiteiten"))
    hubs = defaultdict(set)
    for r in tilburg.rows("hub_leden"):
        hubs[r["partner"]].add(r["hub"])
    collab = Counter()
    for r in tilburg.rows("samenwerkingen"):
        a, b = hubs[r["partner_a"]], hubs[r["partner_b"]]
        collab["binnen" if a & b else "tussen" if a and b else "overig"] += 1
    linked = {r["partner_a"] for r in tilburg.rows("samenwerkingen")}
    linked |= {r["partner_b"] for r in tilburg.rows("samenwerkingen")}
    isolated = [r["id"] for r in tilburg.rows("partners") if r["id"] not in linked | set(hubs)]
    active = {a["school"] for a in tilburg.rows("activiteiten")}
    return per_wijk, collab, isolated, active, school_wijk


def test_shape_gives_analyses_something_to_find(tilburg, shape):
    per_wijk, collab, isolated, active, school_wijk = shape
    counts = sorted(per_wijk.get(w, 0) for w in (r["id"] for r in tilburg.rows("wijken")))
    assert counts[0] <= 3 and counts[-1] >= 40  # thin and rich wijken
    pact = [r["id"] for r in tilburg.rows("wijken") if r["pact"] == "ja"]
    assert min(per_wijk.get(w, 0) for w in pact) <= 3  # a PacT wijk the network misses
    assert collab["binnen"] > 3 * collab["tussen"] > 0  # hubs as closed bastions
    assert 2 <= len(isolated) <= 10
    assert 0 < len(set(school_wijk) - active) < 30  # some locations without any activity
