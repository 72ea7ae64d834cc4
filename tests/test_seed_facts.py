"""The seed facts are checked against their sources: CBS wijken, LEA quotes, hub roles.

The expected values come from the sources themselves (the CBS wijk map and the LEA
text in the shared documents) or from the LEA's hub figure written out by hand here,
never from the generator's output.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from lea_graph import model
from lea_graph.generate import BOUNDARIES_FACT, PUBLIC_FACTS, generate_tilburg
from lea_graph.resources import seed_path

SHARED = Path(__file__).resolve().parents[2] / "shared"
GEOJSON = SHARED / "geo" / "tilburg-wijken-2024.geojson"
LEA_TEXT = SHARED / "lea" / "lea-tilburg-2023-2026.txt"
DOC = "LEA Tilburg 2023-2026"
FACTS = seed_path("facts")

#: Sources that are not good enough to cite (issue: "the seed facts must be honest").
WEAK_SOURCES = (
    "the-uncensored-wiki.com",
    ":20161",
    "fragment CBS wijk_2020",
    "wijk_2020-shapefile in publieke repo",
    "davidhigler/buildingexaminator",
)

#: The hub figure of LEA §6.2, as printed: "Hub:"/"Hubs:" boxes lead, "Partners:" take part.
FIGURE_TREKKERS = {
    ("p-factorium", "h-cultuur"),  # Hub: Factorium, CisT en Artfact
    ("p-cist", "h-cultuur"),
    ("p-artfact", "h-cultuur"),
    ("p-sportbedrijf", "h-sport"),  # Hubs: Sportbedrijf en GGD
    ("p-ggd", "h-sport"),
    ("p-natuurmuseum", "h-natuur"),  # Hub: Natuurmuseum
}
FIGURE_PARTNERS = {
    ("p-rnewt", "h-burgerschap"),  # Partners: RnewT, Stadsmuseum
    ("p-stadsmuseum", "h-burgerschap"),
    ("p-imc", "h-werk"),  # Partners: IMC, Petje Af!, Ontdekstation
    ("p-petjeaf", "h-werk"),
    ("p-ontdekstation013", "h-werk"),
}
FIGURE_LABELS = (
    "Hub: Factorium, CisT en Artfact",
    "Hubs: Sportbedrijf en GGD",
    "Hub: Natuurmuseum",
    "Partners: RnewT, Stadsmuseum",
    "Partners: IMC, Petje Af!, Ontdekstation",
)

PLAATS = re.compile(r"^(§\d+(\.\d+)?|bijlage 1(, agenda cluster [123])?|inleiding)$")


def _rows(folder: Path, table: str) -> list[dict[str, str]]:
    path = folder / f"{table}.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _fact_tables() -> dict[str, list[dict[str, str]]]:
    return {p.stem: _rows(FACTS, p.stem) for p in sorted(FACTS.glob("*.csv"))}


def normalise(text: str) -> str:
    """The form in which a quote must occur in the LEA text (applied to both).

    Words broken by a hyphen at a line end are joined, typographic quotes become plain
    ones, all whitespace becomes one space, and case is folded.
    """
    text = re.sub(r"-\s*\n\s*", "", text)
    for typographic, plain in (("‘", "'"), ("’", "'"), ("‚", "'"), ("´", "'"), ("`", "'")):
        text = text.replace(typographic, plain)
    for typographic in ("“", "”", "„"):
        text = text.replace(typographic, '"')
    return re.sub(r"\s+", " ", text).strip().casefold()


def quote_problems(rows: list[tuple[str, str, str]], text: str) -> list[str]:
    """Problems with ``(where, plaats, citaat)`` quotes against the raw LEA ``text``.

    A quote must occur in the normalised text, and where ``plaats`` names bijlage 1 (or
    one agenda cluster of it) it must occur in that part; a quote placed in a § must
    occur before bijlage 1.
    """
    norm = normalise(text)
    start = norm.find("bijlage 1: uitvoeringsagenda")
    clusters = [norm.find(f"agenda cluster {n} ") for n in (1, 2, 3)]
    end = norm.find("bijlage 2:")
    assert 0 < start < clusters[0] < clusters[1] < clusters[2] < end, "LEA text layout changed"
    parts = {
        "bijlage 1": (start, end),
        "bijlage 1, agenda cluster 1": (clusters[0], clusters[1]),
        "bijlage 1, agenda cluster 2": (clusters[1], clusters[2]),
        "bijlage 1, agenda cluster 3": (clusters[2], end),
    }
    problems = []
    for where, plaats, citaat in rows:
        q = normalise(citaat)
        hits = [m.start() for m in re.finditer(re.escape(q), norm)] if q else []
        if not hits:
            problems.append(f"{where}: citaat niet in de LEA-tekst: {citaat!r}")
            continue
        low, high = parts.get(plaats, (0, start))
        if not any(low <= i < high for i in hits):
            problems.append(f"{where}: citaat staat niet in {plaats}: {citaat!r}")
    return problems


def _lea_rows() -> list[tuple[str, dict[str, str]]]:
    return [
        (f"{table}.csv regel {i}", row)
        for table, rows in _fact_tables().items()
        for i, row in enumerate(rows, start=2)
        if DOC in row.get("bron", "")
    ]


# -- wijken against CBS ------------------------------------------------------------------


@pytest.fixture(scope="module")
def cbs_wijken() -> dict[str, str]:
    if not GEOJSON.exists():
        pytest.skip(f"CBS wijk map not found at {GEOJSON}")
    data = json.loads(GEOJSON.read_text(encoding="utf-8"))
    return {f["properties"]["statcode"]: f["properties"]["statnaam"] for f in data["features"]}


@pytest.mark.parametrize("folder", ["facts", "tilburg"])
def test_wijken_are_the_cbs_wijken(cbs_wijken, folder):
    wijken = _rows(seed_path(folder), "wijken")
    assert len(cbs_wijken) == 59
    by_code = {w["cbs_code"]: w for w in wijken}
    assert len(by_code) == len(wijken), "a cbs_code is empty or used twice"
    assert set(by_code) == set(cbs_wijken)
    for code, naam in cbs_wijken.items():
        assert by_code[code]["naam"] == naam, code


def test_wijken_cite_the_cbs_map():
    for w in _rows(FACTS, "wijken"):
        assert "CBS / Kadaster, Wijk- en buurtkaart 2024" in w["bron"], w["id"]


def test_soort_follows_the_cbs_name():
    seen = Counter()
    for w in _rows(FACTS, "wijken"):
        assert w["soort"] in model.ENUMS["wijk_soort"], w["id"]
        seen[w["soort"]] += 1
        if w["naam"].startswith(("Bedrijventerrein ", "Ind.terrein ")):
            assert w["soort"] == "bedrijventerrein", w["naam"]
        if w["naam"].startswith("Buitengebied "):
            assert w["soort"] == "buitengebied", w["naam"]
        if w["soort"] != "woonwijk":
            assert w["pact"] == "nee", w["naam"]
    assert seen["bedrijventerrein"] >= 5 and seen["buitengebied"] >= 4


# -- LEA quotes --------------------------------------------------------------------------


def test_every_lea_fact_has_a_place_and_a_quote():
    rows = _lea_rows()
    assert len(rows) > 100
    for where, row in rows:
        assert PLAATS.match(row.get("lea_plaats") or ""), (where, row.get("lea_plaats"))
        words = (row.get("lea_citaat") or "").split()
        assert 2 <= len(words) <= 15, (where, row.get("lea_citaat"))


def test_quotes_occur_in_the_lea_text():
    if not LEA_TEXT.exists():
        pytest.skip(f"LEA text not found at {LEA_TEXT}")
    text = LEA_TEXT.read_text(encoding="utf-8")
    rows = [(where, r["lea_plaats"], r["lea_citaat"]) for where, r in _lea_rows()]
    assert quote_problems(rows, text) == []


def test_the_quote_check_can_fail():
    text = (
        "Intro over ‘Meer voor elkaar’.\n"
        "BIJLAGE 1: UITVOERINGSAGENDA\n"
        "AGENDA CLUSTER 1 DE BASIS\nInzet van partners (GGD, \nR-NewT) en onder-\n  wijs\n"
        "AGENDA CLUSTER 2 BREDE TALENT\nKwartiermaker\n"
        "AGENDA CLUSTER 3 WELZIJN\nVeilig Thuis\n"
        "BIJLAGE 2: PROCES\n"
    )
    c1 = "bijlage 1, agenda cluster 1"
    good = [
        ("a", c1, "Inzet van partners (GGD, R-NewT) en onderwijs"),
        ("b", "§4", "over 'Meer voor elkaar'"),
        ("c", "bijlage 1", "KWARTIERMAKER"),
    ]
    assert quote_problems(good, text) == []
    bad = [
        ("d", c1, "Inzet van alle partners"),  # not in the text
        ("e", c1, "Veilig Thuis"),  # in the text, but in cluster 3
        ("f", "§4", "Kwartiermaker"),  # in bijlage 1, not in a §
        ("g", c1, "onder- wijs"),  # the hyphen break is joined in the text
    ]
    assert [p.split(":")[0] for p in quote_problems(bad, text)] == ["d", "e", "f", "g"]


def test_quote_columns_stay_out_of_the_generated_seed(tmp_path):
    for path in sorted(seed_path().glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        assert not {"lea_plaats", "lea_citaat"} & set(header), path.name
    # Without the quote columns the facts make exactly the same network.
    stripped = tmp_path / "facts"
    stripped.mkdir()
    for table, rows in _fact_tables().items():
        cols = [c for c in rows[0] if c not in ("lea_plaats", "lea_citaat")]
        with (stripped / f"{table}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, cols, extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    shutil.copy(FACTS / BOUNDARIES_FACT, stripped / BOUNDARIES_FACT)  # not a table: as it is
    shutil.copytree(FACTS / PUBLIC_FACTS, stripped / PUBLIC_FACTS)  # the public facts too
    assert generate_tilburg(facts=stripped).same_as(generate_tilburg())


def test_every_fact_names_a_public_source():
    lea = normalise(LEA_TEXT.read_text(encoding="utf-8")) if LEA_TEXT.exists() else None
    for table, rows in _fact_tables().items():
        for row in rows:
            bron = row["bron"]
            assert bron and bron != "voorbeeld", (table, row)
            if DOC not in bron:
                assert re.search(r"https?://", bron), (table, row)
            if table == "partners" and lea is not None and normalise(row["naam"]) not in lea:
                # A name completed beyond the LEA's words names the page that completes it.
                assert re.search(r"https?://", bron), (row["naam"], bron)


@pytest.mark.parametrize("folder", ["facts", "tilburg"])
def test_no_weak_sources(folder):
    for path in sorted(seed_path(folder).glob("*.csv")):
        for row in _rows(path.parent, path.stem):
            for weak in WEAK_SOURCES:
                assert weak not in row.get("bron", ""), (path.name, row)


# -- hub roles -----------------------------------------------------------------------------


def test_hub_roles_follow_the_figure():
    if LEA_TEXT.exists():
        lea = normalise(LEA_TEXT.read_text(encoding="utf-8"))
        for label in FIGURE_LABELS:
            assert normalise(label) in lea, label
    roles = {(r["partner"], r["hub"]): r["rol"] for r in _rows(FACTS, "hub_leden")}
    for key in FIGURE_TREKKERS:
        assert roles[key] == "trekker", key
    for key in FIGURE_PARTNERS:
        assert roles[key] == "partner", key
    assert all(rol in model.ENUMS["hub_rol"] for rol in roles.values()), roles


# -- the generator and the kinds of wijk ------------------------------------------------------


def test_no_invented_locations_or_wijkinzet_in_a_bedrijventerrein(tilburg):
    """The generator puts no invented childcare and no wijkinzet in a bedrijventerrein and
    at most one location in a buitengebied; real schools and CBS figures are where they
    are (a CBS figure of a bedrijventerrein is CBS's)."""
    wijken = {r["id"]: r for r in tilburg.rows("wijken")}
    business = {i for i, r in wijken.items() if r["soort"] == "bedrijventerrein"}
    rural = {i for i, r in wijken.items() if r["soort"] == "buitengebied"}
    facts = {r["id"]: r["soort"] for r in _rows(FACTS, "wijken")}
    assert business == {i for i, s in facts.items() if s == "bedrijventerrein"} != set()
    made_up = Counter(r["wijk"] for r in tilburg.rows("scholen") if r["bron"] == "voorbeeld")
    assert not business & set(made_up)
    assert all(made_up[i] <= 1 for i in rural)
    for i in wijken:
        assert all(
            not wijken[i][c] or wijken[i][c] != "voorbeeld"
            for c in ("ses_bron", "kinderen_bron", "inwoners_bron")
        ), i
    inzet = {r["wijk"] for r in tilburg.rows("wijkinzet")}
    assert not business & inzet


def test_a_bedrijventerrein_is_never_a_coverage_gap(tilburg):
    from lea_graph.analytics.coverage import coverage_gaps
    from lea_graph.graph import to_graph

    business = {r["id"] for r in _rows(FACTS, "wijken") if r["soort"] == "bedrijventerrein"}
    gaps = coverage_gaps(to_graph(tilburg))
    assert len(gaps) and not business & set(gaps["wijk"])
    assert not gaps["toelichting"].str.contains("nan").any()


def test_the_readme_says_what_in_the_shipped_network_is_invented(tilburg):
    """The README's table of invented rows is the seed's own count (lea_graph.provenance)."""
    from lea_graph.graph import to_graph
    from lea_graph.provenance import illustrative_shares

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## What in the shipped network is made up", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 3 and cells[1].replace(",", "").isdigit():
            rows[cells[0]] = (int(cells[1].replace(",", "")), int(cells[2].replace(",", "")))
    labels = {
        "partners": "partners",
        "wijken": "SES and children of the wijken",
        "scholen": "schools and childcare locations (with their pupil numbers)",
        "hub_leden": "hub memberships",
        "activiteiten": "activities (with their participants)",
        "wijkinzet": "wijkinzet",
        "samenwerkingen": "collaborations",
        "programma_partners": "programme roles",
    }
    shares = illustrative_shares(to_graph(tilburg))
    assert {labels[s.table]: (s.illustrative, s.total) for s in shares} == rows
