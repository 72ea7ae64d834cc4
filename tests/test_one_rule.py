"""One figure, one rule (issue 27): what a gap is, and what "partners in a wijk" means,
on a hand-made network of three wijken, one of them a bedrijventerrein. Every page, API
answer and the PDF must show the same figure under the same name; every expected value
below is worked out by hand from the network, not read from the program.

The network (HAVEN):

- Noord (woonwijk, PacT, low SES), school A: Muziek and Dans under hub Cultuur and
  Bieb without a hub at school A; wijkinzet by Club (member of Sport) and Buurtwerk (no
  hub).
- Haven (bedrijventerrein), childcare H: Club under hub Sport. No wijkinzet.
- Zuid (woonwijk), school Z: Muziek under hub Cultuur; wijkinzet by Buurtwerk (no hub)
  and Dans (member of Cultuur).

Cells (partners of the hub in the wijk) and gaps (at most one partner, never in a
bedrijventerrein):

==========  =========================  ======================
            Cultuur                    Sport
==========  =========================  ======================
Noord       Muziek, Dans = 2: no gap   Club = 1: één partner
Haven       0: no gap (business park)  Club = 1: no gap
Zuid        Muziek, Dans = 2: no gap   0: geen partner
==========  =========================  ======================

Six cells, four of which can be a gap (not Haven's two); one gap without a partner. So
the PDF says "1 van 4" (it said "1 van 6").

Partners per wijk, by kind:

======  ===========  =============  ========================  ====================
wijk    via scholen  via wijkinzet  alle (each once)          van de hubs
======  ===========  =============  ========================  ====================
Noord   3 (M, D, B)  2 (Club, Bu)   5                         3 (Muziek, Dans, Club)
Haven   1 (Club)     0              1                         1 (Club)
Zuid    1 (Muziek)   2 (Bu, Dans)   3 (Muziek, Buurt, Dans)   2 (Muziek, Dans)
======  ===========  =============  ========================  ====================
"""

from __future__ import annotations

import html as htmllib
import json
import re
import shutil
import subprocess

import pytest
from helpers import app_on

from lea_graph.analytics.compare import cell_changes
from lea_graph.analytics.coverage import (
    counted_cells,
    coverage_gaps,
    coverage_matrix,
    gap_kind,
)
from lea_graph.analytics.report import analyse
from lea_graph.analytics.scenario import Scenario, run
from lea_graph.analytics.wijkpartners import SOORTEN, partners_in_wijk
from lea_graph.dataset import Dataset
from lea_graph.graph import to_graph

SQUARE = {"type": "Polygon", "coordinates": [
    [[5.00, 51.60], [5.01, 51.60], [5.01, 51.61], [5.00, 51.61], [5.00, 51.60]]]}  # fmt: skip

HAVEN = {
    "hubs": [
        {"id": "h-cultuur", "naam": "Cultuur", "domein": "cultuur"},
        {"id": "h-sport", "naam": "Sport", "domein": "sport"},
    ],
    "wijken": [
        {"id": "w-noord", "naam": "Noord", "pact": "ja", "ses": "laag",
         "geometrie": json.dumps(SQUARE)},
        {"id": "w-haven", "naam": "Haven", "soort": "bedrijventerrein"},
        {"id": "w-zuid", "naam": "Zuid", "pact": "nee", "ses": "midden"},
    ],
    "scholen": [
        {"id": "s-a", "naam": "School A", "sector": "po", "wijk": "w-noord", "leerlingen": "100"},
        {"id": "s-h", "naam": "Opvang H", "sector": "kinderopvang", "wijk": "w-haven"},
        {"id": "s-z", "naam": "School Z", "sector": "po", "wijk": "w-zuid", "leerlingen": "80"},
    ],
    "partners": [
        {"id": "p-muziek", "naam": "Muziek", "type": "cultuur"},
        {"id": "p-dans", "naam": "Dans", "type": "cultuur"},
        {"id": "p-club", "naam": "Club", "type": "sport"},
        {"id": "p-bieb", "naam": "Bieb", "type": "overig"},
        {"id": "p-buurt", "naam": "Buurtwerk", "type": "welzijn"},
    ],
    "hub_leden": [
        {"partner": "p-muziek", "hub": "h-cultuur"},
        {"partner": "p-dans", "hub": "h-cultuur"},
        {"partner": "p-club", "hub": "h-sport"},
    ],
    "activiteiten": [
        {"partner": "p-muziek", "school": "s-a", "hub": "h-cultuur", "schooljaar": "2024-2025"},
        {"partner": "p-dans", "school": "s-a", "hub": "h-cultuur", "schooljaar": "2024-2025"},
        {"partner": "p-bieb", "school": "s-a", "schooljaar": "2024-2025"},
        {"partner": "p-club", "school": "s-h", "hub": "h-sport", "schooljaar": "2024-2025"},
        {"partner": "p-muziek", "school": "s-z", "hub": "h-cultuur", "schooljaar": "2024-2025"},
    ],
    "wijkinzet": [
        {"partner": "p-club", "wijk": "w-noord", "schooljaar": "2024-2025"},
        {"partner": "p-buurt", "wijk": "w-noord", "schooljaar": "2024-2025"},
        {"partner": "p-buurt", "wijk": "w-zuid", "schooljaar": "2024-2025"},
        {"partner": "p-dans", "wijk": "w-zuid", "schooljaar": "2024-2025"},
    ],
}  # fmt: skip

#: Partners per wijk and kind, by hand (see the module's table).
PARTNERS = {
    "w-noord": {"alle": 5, "via_scholen": 3, "via_wijkinzet": 2, "via_hubs": 3},
    "w-haven": {"alle": 1, "via_scholen": 1, "via_wijkinzet": 0, "via_hubs": 1},
    "w-zuid": {"alle": 3, "via_scholen": 1, "via_wijkinzet": 2, "via_hubs": 2},
}
#: The cells' gaps, by hand ("" for no gap).
GAPS = {
    ("w-noord", "h-cultuur"): "",
    ("w-noord", "h-sport"): "één partner",
    ("w-haven", "h-cultuur"): "",
    ("w-haven", "h-sport"): "",
    ("w-zuid", "h-cultuur"): "",
    ("w-zuid", "h-sport"): "geen partner",
}
NAMES = {"w-noord": "Noord", "w-haven": "Haven", "w-zuid": "Zuid"}


@pytest.fixture(scope="module")
def g():
    return to_graph(Dataset.from_rows(HAVEN))


# -- the rules themselves -------------------------------------------------------------------


def test_the_gap_rule_by_hand(g):
    m = coverage_matrix(g)
    assert {(r["wijk"], r["hub"]): r["gat"] for r in m.to_dict("records")} == GAPS
    assert sorted(zip(counted_cells(m)["wijk"], counted_cells(m)["hub"], strict=True)) == sorted(
        k for k in GAPS if k[0] != "w-haven"
    )
    gaps = coverage_gaps(g)
    assert sorted(zip(gaps["wijk"], gaps["hub"], gaps["soort"], strict=True)) == [
        ("w-noord", "h-sport", "één partner"),
        ("w-zuid", "h-sport", "geen partner"),
    ]
    assert gap_kind(0, "bedrijventerrein") is None and gap_kind(1, "woonwijk") == "één partner"


def test_changes_and_scenarios_follow_the_same_rule(g):
    """Club stops: Noord × Sport loses its one partner (a deeper gap); Haven × Sport
    goes from 1 to 0 but a bedrijventerrein is no gap, before or after."""
    result = run(g, Scenario(zonder=["p-club"]))
    assert result.gaps[["verandering", "wijk", "hub"]].values.tolist() == [
        ["verdiept", "w-noord", "h-sport"]
    ]
    overview = result.overzicht.set_index("maat")
    # Cells without a partner: Zuid × Sport today; Noord × Sport too after (not Haven's).
    assert overview.loc["Cellen zonder partner", ["vandaag", "scenario"]].tolist() == [1, 2]
    assert overview.loc["Cellen met één partner", ["vandaag", "scenario"]].tolist() == [1, 0]
    # A matrix that says a wijk is a bedrijventerrein is enough for cell_changes.
    m = coverage_matrix(g)
    haven = m[m["wijk"] == "w-haven"]
    assert cell_changes(haven, haven.assign(partners=0)).empty


def test_partners_in_a_wijk_by_kind(g):
    found = partners_in_wijk(g)
    assert {w: p.aantallen() for w, p in found.items()} == PARTNERS
    assert found["w-noord"].via_hubs == {"p-muziek", "p-dans", "p-club"}
    assert found["w-zuid"].alle == {"p-muziek", "p-buurt", "p-dans"}


# -- the PDF: "N van M" counts only the cells that can be a gap --------------------------------

PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"


def test_pdf_counts_gaps_of_the_cells_that_can_be_one(g, tmp_path):
    from lea_graph.report_pdf import write_report_pdf

    pdf = write_report_pdf(analyse(g), tmp_path / "rapport.pdf")
    done = subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, check=True, text=True)
    flat = " ".join(done.stdout.split())
    found = re.search(r"Wijk × hub-cellen zonder partner \(gaten[^)]*\) (\d+) van (\d+)", flat)
    assert found, flat
    assert found.groups() == ("1", "4")  # Zuid × Sport, of the four cells outside Haven


# -- the pages and the API ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    folder = tmp_path_factory.mktemp("een-regel")
    with app_on("embedded", folder, Dataset.from_rows(HAVEN), "haven", SEED_ON_EMPTY=False) as (
        app, network
    ):  # fmt: skip
        network.ensure()
        yield app.test_client()


def _text(fragment: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split("(voorbeeld)")[0].strip()


def _table(page: str, table_id: str) -> tuple[list[str], list[list[str]]]:
    """The headers and the rows of cells (as text) of a table on a page."""
    found = re.search(rf'<table[^>]*id="{table_id}".*?</table>', page, re.DOTALL)
    assert found, table_id
    table = found.group(0)
    head = re.search(r"<thead>(.*?)</thead>", table, re.DOTALL).group(1)
    headers = [
        " ".join(_text(h).split()) for h in re.findall(r"<th[^>]*>(.*?)</th>", head, re.DOTALL)
    ]
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.DOTALL).group(1)
    rows = [
        [
            " ".join(_text(c).split())
            for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, re.DOTALL)
        ]
        for tr in re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL)
    ]
    return headers, rows


def test_overview_does_not_mark_a_bedrijventerrein_as_a_gap(client):
    rows = client.get("/api/v1/overzicht").get_json()["tabellen"]["dekking"]["rijen"]
    shown = {r["wijk"]: r for r in rows}
    assert shown["w-haven"]["soort"] == "bedrijventerrein"
    for (wijk, hub), kind in GAPS.items():
        column = {"h-cultuur": "Cultuur", "h-sport": "Sport"}[hub]
        assert shown[wijk][f"{column}__gat"] == (kind or None), (wijk, hub)
    # Haven has 0 and 1 partners but is no gap: not coloured as one (h0 red, h1 orange).
    page = client.get("/").get_data(as_text=True)
    heatmap = re.search(r'<table class="heatmap.*?</table>', page, re.DOTALL).group(0)
    haven = re.search(r"<tr>\s*<th[^>]*><a href=\"/wijk/w-haven\">.*?</tr>", heatmap, re.DOTALL)
    classes = re.findall(r'<td class="num ([^"]+)"', haven.group(0))
    assert classes == ["hnvt", "hnvt"]
    noord = re.search(r"<tr>\s*<th[^>]*><a href=\"/wijk/w-noord\">.*?</tr>", heatmap, re.DOTALL)
    assert re.findall(r'<td class="num ([^"]+)"', noord.group(0)) == ["h2", "h1"]
    assert "bedrijventerrein: geen kinderen, geen gat" in page


def test_every_surface_shows_the_same_partner_counts_under_the_same_name(client):
    label = {kind: text for kind, (text, _) in SOORTEN.items()}
    assert label == {
        "alle": "Partners (alle)",
        "via_scholen": "Partners via scholen",
        "via_wijkinzet": "Partners via wijkinzet",
        "via_hubs": "Partners van de hubs",
    }
    seen: dict[str, dict[str, dict[str, int]]] = {}  # surface → wijk → kind → count

    # /wijken: the page's table, its headers naming the kind.
    headers, rows = _table(client.get("/wijken").get_data(as_text=True), "tabel-wijken")
    assert "Partners" not in headers  # no count under the bare word
    shown_kinds = [k for k in label if label[k] in headers]
    assert shown_kinds == ["alle", "via_hubs"]
    by_name = {v: k for k, v in NAMES.items()}
    seen["/wijken"] = {
        by_name[r[0]]: {k: int(r[headers.index(label[k])]) for k in shown_kinds} for r in rows
    }
    # /api/v1/wijken: every kind, under its own key.
    api = client.get("/api/v1/wijken").get_json()["tabellen"]["wijken"]["rijen"]
    assert all("partners" not in r for r in api)
    seen["/api/v1/wijken"] = {r["wijk"]: {k: r[f"partners_{k}"] for k in label} for r in api}
    # /api/v1/kaart and the map's table: the hubs' partners and all partners.
    kaart = client.get("/api/v1/kaart?kleur=hubs").get_json()
    assert kaart["legenda"]["titel"] == "Partners van de hubs"
    seen["/api/v1/kaart"] = {
        r["wijk"]: {k: r[f"partners_{k}"] for k in ("via_hubs", "alle")}
        for r in kaart["tabellen"]["kaart"]["rijen"]
    }
    page = client.get("/kaart?kleur=hubs").get_data(as_text=True)
    headers, rows = _table(page, "tabel-kaart")
    assert "Partners" not in headers
    seen["/kaart"] = {
        by_name[r[0]]: {k: int(r[headers.index(label[k])]) for k in ("via_hubs", "alle")}
        for r in rows
    }
    # The map names the kind in each wijk's title: Noord has a boundary.
    title = re.search(r"<title>Noord: (.*?)</title>", page).group(1)
    assert "3 partners van de hubs" in title and "5 partners (alle)" in title
    # The wijk page and its API answer: all four kinds, named.
    seen["/wijk"], seen["/api/v1/wijk"] = {}, {}
    for wijk in NAMES:
        answer = client.get(f"/api/v1/wijk/{wijk}").get_json()
        seen["/api/v1/wijk"][wijk] = answer["partners"]
        page = client.get(f"/wijk/{wijk}").get_data(as_text=True)
        block = re.search(r'<h2 id="partners">.*?</dl>', page, re.DOTALL).group(0)
        pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block)
        assert [t for t, _ in pairs] == list(label.values())
        seen["/wijk"][wijk] = {k: int(n) for k, (_, n) in zip(label, pairs, strict=True)}

    for surface, wijken in seen.items():
        assert set(wijken) == set(PARTNERS), surface
        for wijk, counts in wijken.items():
            for kind, n in counts.items():
                assert n == PARTNERS[wijk][kind], (surface, wijk, kind)
