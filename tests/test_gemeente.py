"""A gemeente's starting network from public files (``lea-graph gemeente``), a school's
wijk from its point on every read, and the public figures with their sources on the
pages, on both stores.

On the real files in ``../shared/real`` and ``../shared/geo`` the expected values are
counted here from the raw files (csv, json, zipfile), never from the program's output;
without those folders these tests skip with one line.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from helpers import STORE_BACKENDS, app_on

from lea_graph.dataset import Dataset
from lea_graph.ingest import load_dataset, read_dataset
from lea_graph.resources import seed_path

SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL, GEO = SHARED / "real", SHARED / "geo"
BO = REAL / "duo" / "02.-alle-schoolvestigingen-basisonderwijs.csv"
HISTORIE = REAL / "duo" / "06.-historisch-overzicht-aantal-leerlingen-per-schoolvestiging.csv"
PUNTEN = REAL / "duo" / "scholen-20241122.geo.zip"
CBS = [REAL / "cbs" / f for f in ("kerncijfers-2024-tilburg.csv", "wijkkaart-2020-tilburg.csv", "inkomen-2020-tilburg.csv")]  # fmt: skip
TILBURG_GEO = GEO / "tilburg-wijken-2024.geojson"


def _need_real() -> None:
    if not (REAL.exists() and TILBURG_GEO.exists()):
        pytest.skip(f"De openbare bestanden staan niet in {SHARED}")


def _gemeente(runner, naam: str, out: Path, *, geo: bool = True, cbs: bool = True):
    from lea_graph.cli import cli

    args = ["gemeente", naam, "--duo", str(BO), "--duo", str(HISTORIE), "--punten", str(PUNTEN)]
    if geo:
        args += ["--geo", str(TILBURG_GEO)]
    if cbs:
        for f in CBS:
            args += ["--cbs", str(f)]
    result = runner.invoke(cli, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return result.output


def _raw_bo(gemeentenaam: str) -> set[str]:
    """Vestigingscodes of a gemeente in DUO's BO list, read with the csv module."""
    text = BO.read_bytes().decode("cp1252")
    return {
        r["VESTIGINGSCODE"]
        for r in csv.DictReader(io.StringIO(text), delimiter=";")
        if r["GEMEENTENAAM"].strip() == gemeentenaam
    }


def _raw_points(gemeentenaam: str) -> set[str]:
    with zipfile.ZipFile(PUNTEN) as zf:
        data = json.loads(zf.read(zf.namelist()[0]))
    codes = set()
    for f in data["features"]:
        props = f["properties"]
        values = {str(v).strip() for v in props.values() if isinstance(v, str)}
        if gemeentenaam in values:
            code = next(
                (str(v) for k, v in props.items() if "vestiging" in k.lower() and re.fullmatch(r"[0-9A-Z]{6}", str(v))),
                None,
            )  # fmt: skip
            if code:
                codes.add(code)
    return codes


def _raw_pupils(code: str, year: int) -> str:
    text = HISTORIE.read_bytes().decode("utf-8-sig")
    for r in csv.DictReader(io.StringIO(text), delimiter=";"):
        if r["VESTIGINGSCODE"] == code:
            return r[f"LEERLINGEN_{year}"]
    raise KeyError(code)


# -- the command on real files -----------------------------------------------------------------


def test_the_seed_facts_are_what_the_command_makes_of_the_public_files(runner, tmp_path):
    _need_real()
    out = tmp_path / "tilburg"
    _gemeente(runner, "Tilburg", out)
    committed = seed_path("facts") / "publiek"
    for name in ("scholen.csv", "wijken.csv", "wijken.geojson", "rapport.md"):
        assert (out / name).read_bytes() == (committed / name).read_bytes(), name


def test_tilburg_from_the_public_files(runner, tmp_path):
    _need_real()
    out = tmp_path / "tilburg"
    text = _gemeente(runner, "Tilburg", out)
    report = read_dataset(out)
    assert report.ok, [p.to_text() for p in report.errors]
    scholen = {r["vestigingscode"]: r for r in report.dataset.rows("scholen")}
    # Every BO location of DUO's list, and every location of the points file.
    assert _raw_bo("TILBURG") <= set(scholen)
    assert len(_raw_bo("TILBURG")) == 56
    points = _raw_points("TILBURG")
    assert points <= set(scholen)
    assert set(scholen) == _raw_bo("TILBURG") | points
    # DUO's own count of 1 October 2025 for schooljaar 2025-2026, for every BO location.
    from lea_graph import cijfers

    total = 0
    for code in _raw_bo("TILBURG"):
        raw = _raw_pupils(code, 2025) if code in _historie_codes() else None
        got = cijfers.leerlingen(scholen[code], "2025-2026")
        assert (str(got) if got is not None else None) == raw, code
        total += int(raw or 0)
    assert total == sum(
        int(r["LEERLINGEN_2025"])
        for r in csv.DictReader(io.StringIO(HISTORIE.read_bytes().decode("utf-8-sig")), delimiter=";")
        if r["GEMEENTENAAM_VESTIGING"] == "TILBURG" and r["SOORT_VESTIGING"] == "BO"
        and r["LEERLINGEN_2025"].isdigit() and int(r["LEERLINGEN_2025"]) > 0
    )  # fmt: skip
    # VO: no DUO count here, so no number.
    vo = [r for r in scholen.values() if r["sector"] == "vo"]
    assert vo and all(cijfers.leerlingen(r) is None for r in vo)
    # Placement: the report and the warnings name every school that is not certain.
    uncertain = [p for p in report.warnings if p.table == "scholen"]
    without_point = [r["naam"] for r in scholen.values() if not r["punt"]]
    assert without_point and all(any(n in p.message for p in uncertain) for n in without_point)
    assert "te controleren" in text and "Zonder punt: 2" in text


def _historie_codes() -> set[str]:
    text = HISTORIE.read_bytes().decode("utf-8-sig")
    return {
        r["VESTIGINGSCODE"]
        for r in csv.DictReader(io.StringIO(text), delimiter=";")
        if r["GEMEENTENAAM_VESTIGING"] == "TILBURG"
    }


def test_wijk_figures_carry_cbs_and_the_year(runner, tmp_path):
    _need_real()
    out = tmp_path / "tilburg"
    _gemeente(runner, "Tilburg", out)
    wijken = {r["cbs_code"]: r for r in load_dataset(out).rows("wijken")}
    with (REAL / "cbs" / "kerncijfers-2024-tilburg.csv").open(encoding="utf-8") as fh:
        kern = {r["regio_code"]: r for r in csv.DictReader(fh)}
    with (REAL / "cbs" / "wijkkaart-2020-tilburg.csv").open(encoding="utf-8") as fh:
        kaart = {r["WK_CODE"]: r for r in csv.DictReader(fh)}
    with (REAL / "cbs" / "inkomen-2020-tilburg.csv").open(encoding="utf-8") as fh:
        inkomen = {r["regio_code"]: r for r in csv.DictReader(fh)}
    for code, w in wijken.items():
        assert w["inwoners"] == kern[code]["AantalInwoners_5"], code
        assert w["inwoners_bron"] == "CBS, 1 januari 2024"
        k = kaart.get(code)
        if k is None or k["P_00_14_JR"] == "-99999999" or k["AANT_INW"] == "-99999999":
            assert w["kinderen_0_14"] == "", code
        else:
            inw, pct = int(k["AANT_INW"]), int(k["P_00_14_JR"])
            low, high = [*w["kinderen_0_14"].split("-"), w["kinderen_0_14"]][:2]
            # The true count lies within the range the rounding allows (worked out here).
            assert int(low) <= round(inw * pct / 100) <= int(high), code
            assert "2020" in w["kinderen_bron"]
        share = inkomen.get(code, {}).get("pct_hh_laagste40pct_besteedbaar_inkomen", "")
        if share:
            expected = "laag" if float(share) >= 50 else "hoog" if float(share) <= 30 else "midden"
            assert w["ses"] == expected, code
            assert w["ses_bron"].startswith("CBS, inkomen 2020")
        else:
            assert w["ses"] == "", code


@pytest.mark.parametrize(
    ("naam", "duo_naam"),
    [("'s-Hertogenbosch", "S HERTOGENBOSCH"), ("Súdwest-Fryslân", "SUDWEST-FRYSLAN")],
)
def test_other_gemeenten_without_boundaries(runner, tmp_path, naam, duo_naam):
    _need_real()
    out = tmp_path / "uit"
    text = _gemeente(runner, naam, out, geo=False, cbs=False)
    report = read_dataset(out)
    assert report.ok, [p.to_text() for p in report.errors]
    scholen = list(report.dataset.rows("scholen"))
    codes = {r["vestigingscode"] for r in scholen}
    raw = _raw_bo(duo_naam)
    assert raw and raw <= codes
    # Without boundaries every school lies in its plaats, and the report says so.
    wijken = {w["id"]: w["naam"] for w in report.dataset.rows("wijken")}
    assert all(wijken[r["wijk"]] == r["plaats"] for r in scholen)
    assert "geen wijkgrenzen opgegeven" in text
    assert text.startswith(f"# Startnetwerk van de gemeente {naam}")


# -- a school's wijk from its point, on every read -----------------------------------------------

SQUARE = '{{"type":"Polygon","coordinates":[[[{a},51.0],[{b},51.0],[{b},51.01],[{a},51.01],[{a},51.0]]]}}'


def _placed(scholen: list[dict]) -> tuple[Dataset, list]:
    rows = {
        "hubs": [{"id": "h-1", "naam": "Cultuur", "domein": "cultuur"}],
        "partners": [{"id": "p-1", "naam": "Museum", "type": "cultuur"}],
        "wijken": [
            {"id": "w-west", "naam": "West", "geometrie": SQUARE.format(a=5.0, b=5.01)},
            {"id": "w-oost", "naam": "Oost", "geometrie": SQUARE.format(a=5.01, b=5.02)},
        ],
        "scholen": scholen,
    }
    from lea_graph.ingest import validate_dataset
    from lea_graph.ingest.plaatsing import place_schools

    report = validate_dataset(Dataset.from_rows(rows))
    assert report.ok, [p.to_text() for p in report.errors]
    return place_schools(report.dataset)


def test_a_point_gives_the_wijk_and_the_uncertain_ones_are_listed():
    dataset, problems = _placed(
        [
            # 0.002 degrees of longitude at 51° N is 140 m from the shared boundary.
            {"id": "s-1", "naam": "Ver weg", "sector": "po", "punt": "51.005, 5.003"},
            # 0.0005 degrees is 35 m from it: uncertain.
            {"id": "s-2", "naam": "Dichtbij", "sector": "po", "punt": "51.005, 5.0105"},
            {"id": "s-3", "naam": "Zonder punt", "sector": "po"},
            {"id": "s-4", "naam": "Gegeven", "sector": "po", "wijk": "w-west", "punt": "51.005, 5.015"},
        ]
    )  # fmt: skip
    wijk = {r["id"]: r["wijk"] for r in dataset.rows("scholen")}
    assert wijk == {"s-1": "w-west", "s-2": "w-oost", "s-3": "", "s-4": "w-west"}
    listed = {p.value: p.message for p in problems}
    assert set(listed) == {"51.005000, 5.010500", "", "51.005000, 5.015000"}
    assert "binnen 100 m van West" in listed["51.005000, 5.010500"]
    assert all(p.severity == "waarschuwing" and p.table == "scholen" for p in problems)


# -- the sources on the pages, both stores -------------------------------------------------------


@pytest.fixture(scope="module", params=STORE_BACKENDS)
def seeded(request, tmp_path_factory):
    dataset = load_dataset(seed_path())
    with app_on(request.param, tmp_path_factory.mktemp("publiek"), dataset, "seed") as (app, net):
        yield app, net, dataset


def test_pages_name_the_publisher_and_date(seeded):
    from helpers import ensured

    app, net, dataset = seeded
    ensured((app, net))
    client = app.test_client()
    school = next(
        r for r in dataset.rows("scholen") if r["vestigingscode"] and r["leerlingen_per_jaar"]
    )
    html = client.get(f"/school/{school['id']}?schooljaar=2024-2025").get_data(as_text=True)
    assert "bron: DUO, 1 oktober 2024" in html
    from lea_graph import cijfers

    assert (
        cijfers.tellingen_tekst(cijfers.parse_tellingen(school["leerlingen_per_jaar"]))["2024-2025"]
        in html
    )
    wijk = next(r for r in dataset.rows("wijken") if r["inwoners"])
    html = client.get(f"/wijk/{wijk['id']}").get_data(as_text=True)
    assert "bron: CBS, 1 januari 2024" in html
    overview = client.get("/api/v1/overzicht?schooljaar=2024-2025").get_json()
    pact = next(t for t in overview["doelen"] if t["code"] == "pact")
    assert pact["bron"].startswith("Leerlingen: DUO, 1 oktober 2024")


# -- made-up and public wijk figures side by side ---------------------------------------------

FIGURES = {
    "hubs": [{"id": "h-1", "naam": "Cultuur", "domein": "cultuur"}],
    "partners": [{"id": "p-1", "naam": "Museum", "type": "cultuur"}],
    "wijken": [
        {"id": "w-noord", "naam": "Noord", "pact": "ja", "ses": "laag", "ses_bron": "voorbeeld",
         "kinderen_0_17": "900", "kinderen_bron": "voorbeeld"},
        {"id": "w-zuid", "naam": "Zuid", "ses": "hoog", "ses_bron": "CBS, inkomen 2020: 22,1% ...",
         "kinderen_0_14": "632-691", "kinderen_bron": "CBS, 1 januari 2020",
         "inwoners": "6235", "inwoners_bron": "CBS, 1 januari 2024"},
    ],
    "scholen": [
        {"id": "s-1", "naam": "School Zuid", "sector": "po", "wijk": "w-zuid",
         "leerlingen_per_jaar": "2024-2025: 1-4; 2025-2026: 12", "leerlingen_bron": "DUO"},
    ],
    "activiteiten": [
        {"partner": "p-1", "school": "s-1", "schooljaar": "2024-2025", "deelnemers": "3"},
        {"partner": "p-1", "school": "s-1", "schooljaar": "2025-2026", "deelnemers": "8"},
    ],
}  # fmt: skip


@pytest.fixture(params=STORE_BACKENDS)
def figures_app(request, tmp_path):
    with app_on(request.param, tmp_path, Dataset.from_rows(FIGURES), "cijfers", SEED_ON_EMPTY=False) as (app, _):  # fmt: skip
        yield app


def test_made_up_and_public_figures_are_told_apart(figures_app):
    client = figures_app.test_client()
    table = client.get("/wijken").get_data(as_text=True).split('id="tabel-wijken"', 1)[1]
    noord = table.split("Noord", 1)[1].split("</tr>", 1)[0]
    zuid = table.split("Zuid", 1)[1].split("</tr>", 1)[0]
    assert noord.count('class="example"') == 2 and 'class="example"' not in zuid
    assert "632–691" in zuid
    html = client.get("/wijk/w-zuid").get_data(as_text=True)
    assert (
        'Kinderen 0-14 jaar</dt><dd>632–691 <span class="source">(bron: CBS, 1 januari 2020)'
        in html
    )
    assert "Inwoners</dt><dd>6.235" in html and "Hoe is de SES bepaald?" in html
    assert "(voorbeeld)" in client.get("/wijk/w-noord").get_data(as_text=True)
    kaart = client.get("/api/v1/kaart?kleur=kinderen").get_json()
    rows = {r["naam"]: r for r in kaart["tabellen"]["kaart"]["rijen"]}
    assert (rows["Zuid"]["kinderen_tekst"], rows["Zuid"]["kinderen_leeftijd"]) == (
        "632–691",
        "0-14",
    )
    assert (rows["Noord"]["kinderen_tekst"], rows["Noord"]["kinderen_bron"]) == ("900", "voorbeeld")
    assert (
        "0 tot en met 14 jaar" in kaart["legenda"]["uitleg"]
        and "voorbeeldgegevens" in kaart["legenda"]["noot"]
    )
    # A count DUO screened (<5) is a range, shown as such and never used as a number.
    school = client.get("/school/s-1?schooljaar=2024-2025").get_data(as_text=True)
    assert "Leerlingen 2024-2025</dt><dd>onbekend" in school and "1–4" in school
    assert '12 <span class="source">(bron: DUO, 1 oktober 2025)' in client.get(
        "/school/s-1"
    ).get_data(as_text=True)
