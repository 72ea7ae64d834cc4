"""The national network of the real schools (``generate_duo_national``) on three gemeenten.

The expected values are read here from DUO's raw files (csv, json, zipfile), never
through the program's readers; without ``../shared/real`` (the CI clone has none) these
tests skip with one line.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from lea_graph import cijfers
from lea_graph.dataset import Dataset
from lea_graph.generate import SCHOOLJAREN, generate_duo_national

SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL, GEO = SHARED / "real", SHARED / "geo" / "tilburg-wijken-2024.geojson"
DUO = REAL / "duo"
BO = DUO / "02.-alle-schoolvestigingen-basisonderwijs.csv"
HISTORIE = DUO / "06.-historisch-overzicht-aantal-leerlingen-per-schoolvestiging.csv"
PUNTEN = DUO / "scholen-20241122.geo.zip"

#: (name given, DUO's spelling): a city with wijk boundaries, a city without, and the
#: smallest (one school).
GEMEENTEN = (("Tilburg", "TILBURG"), ("Utrecht", "UTRECHT"), ("Vlieland", "VLIELAND"))

#: The generated tables: every row illustrative.
GENERATED = (
    "hubs", "partners", "programmas", "hub_leden", "programma_partners", "activiteiten",
    "wijkinzet", "samenwerkingen",
)  # fmt: skip


def _need_real() -> None:
    if not all(p.exists() for p in (BO, HISTORIE, PUNTEN, GEO)):
        pytest.skip(f"De openbare bestanden van DUO staan niet in {REAL} (geen ../shared hier)")


@pytest.fixture(scope="module")
def network() -> Dataset:
    _need_real()
    return generate_duo_national(REAL, seed=7, gemeenten=[g for g, _ in GEMEENTEN], geo=GEO)


def _rows(dataset: Dataset, table: str) -> list[dict[str, str]]:
    return list(dataset.rows(table))


# -- the raw files, read without the program ---------------------------------------------------


def _raw_points() -> dict[str, dict]:
    """The properties of every point of the points file, by vestigingscode."""
    with zipfile.ZipFile(PUNTEN) as zf:
        data = json.loads(zf.read(zf.namelist()[0]))
    return {f["properties"]["vestigingscode"]: f["properties"] for f in data["features"]}


def _raw_bo() -> dict[str, dict[str, str]]:
    """DUO's basisonderwijs address list (Windows-1252, ``;``), by vestigingscode."""
    text = BO.read_bytes().decode("cp1252")
    return {r["VESTIGINGSCODE"]: r for r in csv.DictReader(io.StringIO(text), delimiter=";")}


def _raw_history() -> dict[str, dict[str, str]]:
    text = HISTORIE.read_bytes().decode("utf-8-sig")
    return {r["VESTIGINGSCODE"]: r for r in csv.DictReader(io.StringIO(text), delimiter=";")}


# -- what is real --------------------------------------------------------------------------------


def test_every_school_location_of_the_gemeenten_and_no_other(network):
    points, bo = _raw_points(), _raw_bo()
    scholen = _rows(network, "scholen")
    assert {s["gemeente"] for s in scholen} == {g for g, _ in GEMEENTEN}
    for naam, duo_naam in GEMEENTEN:
        mine = [s for s in scholen if s["gemeente"] == naam]
        raw_points = {c for c, p in points.items() if p["gemeente"] == duo_naam}
        raw_bo = {c for c, r in bo.items() if r["GEMEENTENAAM"].strip() == duo_naam}
        # Every point of the gemeente is a school with that point; a BO location the
        # points file does not have yet (registered later) is a school without one.
        assert {s["vestigingscode"] for s in mine if s["punt"]} == raw_points, naam
        assert {s["vestigingscode"] for s in mine if not s["punt"]} == raw_bo - raw_points
        assert len(mine) == len(raw_points | raw_bo)
    vlieland = sorted(s["sector"] for s in scholen if s["gemeente"] == "Vlieland")
    assert vlieland == ["po", "vo"]  # De Jutter, basisschool and vmbo
    # Tilburg's numbers as the README of the real files gives them: 56 BO locations.
    assert len({c for c, r in bo.items() if r["GEMEENTENAAM"] == "TILBURG"}) == 56
    for s in scholen:
        raw = points.get(s["vestigingscode"])
        if raw is not None:
            assert s["naam"] in (raw["naam"], bo.get(s["vestigingscode"], {}).get("VESTIGINGSNAAM"))
            lat, lon = (float(x) for x in s["punt"].split(","))
            assert lat > 50.7 and 3.3 < lon < 7.3  # in the Netherlands, latitude first


def test_pupils_are_duos_count(network):
    history = _raw_history()
    scholen = {s["vestigingscode"]: s for s in _rows(network, "scholen")}
    # A named school: De Jutter on Vlieland, DUO's count of 1 October 2024.
    jutter = next(s for s in scholen.values() if s["naam"] == "Basisschool De Jutter")
    assert cijfers.leerlingen(jutter, "2024-2025") == int(
        history[jutter["vestigingscode"]]["LEERLINGEN_2024"]
    )
    counted = 0
    for code, s in scholen.items():
        raw = history.get(code)
        if raw is None or s["sector"] == "vo":
            assert s["leerlingen_per_jaar"] == "" and s["leerlingen_bron"] == ""
            continue
        counts = cijfers.parse_tellingen(s["leerlingen_per_jaar"])
        assert len(counts) == 10 and s["leerlingen_bron"] == "DUO"  # the newest ten years
        for year, count in counts.items():
            raw_count = raw[f"LEERLINGEN_{year[:4]}"]  # exact, or "<5" (DUO's screening)
            assert count == ((1, 4) if raw_count == "<5" else (int(raw_count),) * 2), code
        counted += 1
        assert s["leerlingen"] == ""  # no count of the copy's own or invented
    assert counted > 150


def test_generated_rows_are_marked_and_public_ones_are_not(network):
    for table in GENERATED:
        rows = _rows(network, table)
        assert rows, table
        assert {r["bron"] for r in rows} == {"voorbeeld"}, table
    for table in ("hubs", "partners", "programmas"):
        assert all(r["naam"].endswith("voorbeeld)") for r in _rows(network, table)), table
    for s in _rows(network, "scholen"):
        assert "voorbeeld" not in s["bron"] and "DUO" in s["bron"]
        assert "voorbeeld" not in s["naam"]
    for w in _rows(network, "wijken"):
        assert "voorbeeld" not in w["bron"]
        for column in ("ses", "kinderen_0_17", "kinderen_0_14", "inwoners", "pact", "stadsdeel"):
            assert w[column] == "", (w["id"], column)  # no figure invented on an area
    # Activities only at the real schools, reaching no more children than DUO counted.
    scholen = {s["id"]: s for s in _rows(network, "scholen")}
    activiteiten = _rows(network, "activiteiten")
    assert {a["school"] for a in activiteiten} <= set(scholen)
    for a in activiteiten:
        pupils = cijfers.leerlingen(scholen[a["school"]], a["schooljaar"])
        assert a["schooljaar"] in SCHOOLJAREN
        assert pupils is None or 0 < int(a["deelnemers"]) <= pupils
    # Six hubs and a few partners per gemeente, and national organisations across them.
    hubs = _rows(network, "hubs")
    assert sorted({h["gemeente"] for h in hubs}) == sorted(g for g, _ in GEMEENTEN)
    assert len(hubs) == 6 * len(GEMEENTEN)
    partners = _rows(network, "partners")
    assert any(p["id"].startswith("nl-p-") for p in partners)
    assert len([p for p in partners if p["id"].startswith("gm0096-")]) == 8  # Vlieland
    assert len(partners) < len(scholen)


def test_tilburg_has_its_wijken_and_the_others_their_plaatsen(network):
    from lea_graph.gemeente import PLAATS_BRON

    wijken = {w["id"]: w for w in _rows(network, "wijken")}
    scholen = _rows(network, "scholen")
    boundaries = json.loads(GEO.read_text(encoding="utf-8"))["features"]
    tilburg = [w for w in wijken.values() if w["gemeente"] == "Tilburg"]
    assert {w["cbs_code"] for w in tilburg} == {f["properties"]["statcode"] for f in boundaries}
    assert all(w["geometrie"] and w["bron"].startswith("CBS / Kadaster") for w in tilburg)
    for s in scholen:
        if s["gemeente"] == "Tilburg":
            # In a wijk of Tilburg when it has a point (the two without one have none).
            assert (s["wijk"] in {w["id"] for w in tilburg}) == bool(s["punt"]), s["naam"]
    for gemeente in ("Utrecht", "Vlieland"):
        areas = {i: w for i, w in wijken.items() if w["gemeente"] == gemeente}
        mine = [s for s in scholen if s["gemeente"] == gemeente]
        # One area per plaats, named after it and marked as a plaats, not a CBS wijk.
        assert sorted(w["naam"] for w in areas.values()) == sorted({s["plaats"] for s in mine})
        assert all(
            w["bron"] == PLAATS_BRON and "geen wijkgrenzen" in w["bron"] for w in areas.values()
        )
        assert all(w["cbs_code"] == "" and w["geometrie"] == "" for w in areas.values())
        assert all(areas[s["wijk"]]["naam"] == s["plaats"] for s in mine)
    utrecht = {w["naam"] for w in wijken.values() if w["gemeente"] == "Utrecht"}
    assert {"Utrecht", "De Meern", "Vleuten"} <= utrecht


def test_it_validates(network, tmp_path):
    from lea_graph.export import write_csv_folder
    from lea_graph.ingest import read_dataset

    write_csv_folder(network, tmp_path / "csv")
    report = read_dataset(tmp_path / "csv")
    assert report.ok, [p.to_text() for p in report.errors[:5]]
    assert not report.errors


def test_the_same_seed_gives_the_same_network(network):
    names = [g for g, _ in GEMEENTEN]
    again = generate_duo_national(REAL, seed=7, gemeenten=list(reversed(names)), geo=GEO)
    assert again.same_as(network)
    other = generate_duo_national(REAL, seed=8, gemeenten=names, geo=GEO)
    assert not other.same_as(network)
    # Only what is generated differs.
    for table in ("scholen", "wijken"):
        assert other.tables[table].equals(network.tables[table])


def test_a_gemeente_nobody_knows_is_refused():
    _need_real()
    from lea_graph.errors import LeaGraphError

    with pytest.raises(LeaGraphError, match="Nergensdorp"):
        generate_duo_national(REAL, gemeenten=["Nergensdorp"])
