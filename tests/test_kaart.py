"""The map of the wijken (web/kaart.py, /kaart, /api/v1/kaart, the small maps on the wijk
and hub pages, the map in the PDF report) on a hand-made network of three wijken whose
figures and colours are worked out by hand below, on both stores."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import STORE_BACKENDS, TINY, app_on

from lea_graph.dataset import Dataset
from lea_graph.graph import to_graph
from web import kaart, services

SVG = "{http://www.w3.org/2000/svg}"

#: The CBS boundaries of Tilburg's wijken, until the seed carries them itself.


def without_boundaries(dataset: Dataset, wijken: tuple[str, ...]) -> Dataset:
    """The dataset with the boundaries of ``wijken`` taken away."""
    tables = {name: frame.copy() for name, frame in dataset.tables.items()}
    w = tables["wijken"]
    w.loc[w["id"].isin(wijken), "geometrie"] = ""
    return Dataset(tables)


# -- a hand-made network of three wijken -----------------------------------------------------

#: Noord: two squares (a MultiPolygon). Zuid: a rectangle with a square hole.
NOORD = {"type": "MultiPolygon", "coordinates": [
    [[[5.00, 51.60], [5.01, 51.60], [5.01, 51.61], [5.00, 51.61], [5.00, 51.60]]],
    [[[5.02, 51.60], [5.03, 51.60], [5.03, 51.61], [5.02, 51.61], [5.02, 51.60]]],
]}  # fmt: skip
ZUID = {"type": "Polygon", "coordinates": [
    [[5.00, 51.57], [5.03, 51.57], [5.03, 51.59], [5.00, 51.59], [5.00, 51.57]],
    [[5.01, 51.575], [5.02, 51.575], [5.02, 51.585], [5.01, 51.585], [5.01, 51.575]],
]}  # fmt: skip
OOST_NAAM = "Oost <script>alert(1)</script>"

#: Partners per wijk and hub (via activities under the hub and wijkinzet of members):
#:   Noord × Cultuur: Muziek, Dans = 2   Noord × Sport: Voetbal = 1
#:   Zuid × Cultuur: Muziek = 1          Zuid × Sport: Voetbal (wijkinzet) = 1
#:   Oost: nothing.
#: So partners of all hubs: Noord 3, Zuid 2, Oost 0; gaps (≤ 1 partner): Noord 1
#: (one partner), Zuid 2 (one partner each), Oost 2 (no partner).
#: Reach (school A 200 pupils: 50, Dans without a number, 20; school B 100 pupils: 100;
#: school C 50 pupils, nothing): Noord 50/200 = 25% up to 200/200 = 100% (a number is
#: missing), target 100% (PacT): onzeker. Zuid 100%, no target (midden SES). Oost 0%,
#: target 75% (low SES): niet gehaald.
DRIE = {
    "hubs": [
        {"id": "h-cultuur", "naam": "Cultuur", "domein": "cultuur"},
        {"id": "h-sport", "naam": "Sport", "domein": "sport"},
    ],
    "wijken": [
        {"id": "w-noord", "naam": "Noord", "pact": "ja", "ses": "laag", "kinderen_0_17": "1200",
         "geometrie": json.dumps(NOORD)},
        {"id": "w-zuid", "naam": "Zuid", "pact": "nee", "ses": "midden", "kinderen_0_17": "800",
         "geometrie": json.dumps(ZUID)},
        {"id": "w-oost", "naam": OOST_NAAM, "pact": "nee", "ses": "laag", "kinderen_0_17": "300"},
    ],
    "scholen": [
        {"id": "s-a", "naam": "School A", "sector": "po", "wijk": "w-noord", "leerlingen": "200"},
        {"id": "s-b", "naam": "School B", "sector": "po", "wijk": "w-zuid", "leerlingen": "100"},
        {"id": "s-c", "naam": "School C", "sector": "po", "wijk": "w-oost", "leerlingen": "50"},
    ],
    "partners": [
        {"id": "p-muziek", "naam": "Muziek", "type": "cultuur"},
        {"id": "p-dans", "naam": "Dans", "type": "cultuur"},
        {"id": "p-voetbal", "naam": "Voetbal", "type": "sport"},
    ],
    "hub_leden": [
        {"partner": "p-muziek", "hub": "h-cultuur"},
        {"partner": "p-dans", "hub": "h-cultuur"},
        {"partner": "p-voetbal", "hub": "h-sport"},
    ],
    "activiteiten": [
        {"partner": "p-muziek", "school": "s-a", "hub": "h-cultuur", "schooljaar": "2024-2025",
         "deelnemers": "50"},
        {"partner": "p-dans", "school": "s-a", "hub": "h-cultuur", "schooljaar": "2024-2025"},
        {"partner": "p-voetbal", "school": "s-a", "hub": "h-sport", "schooljaar": "2024-2025",
         "deelnemers": "20"},
        {"partner": "p-muziek", "school": "s-b", "hub": "h-cultuur", "schooljaar": "2024-2025",
         "deelnemers": "100"},
    ],
    "wijkinzet": [{"partner": "p-voetbal", "wijk": "w-zuid", "schooljaar": "2024-2025"}],
}  # fmt: skip

#: Viridis steps (web.kaart.VIRIDIS), light to dark, and two Okabe–Ito colours.
V3 = ("#fde725", "#21918c", "#440154")
V5 = ("#fde725", "#5dc863", "#21918c", "#3b528b", "#440154")
V6 = ("#fde725", "#7ad151", "#22a884", "#2a788e", "#414487", "#440154")
VERMILJOEN, HEMELSBLAUW = "#d55e00", "#56b4e9"

#: Per colouring: (legend title, {wijk: (legend text, fill colour)}) worked out by hand.
EXPECTED = {
    "hubs": ("Partners van de hubs",
             {"w-noord": ("3–5 partners", V6[2]), "w-zuid": ("1–2 partners", V6[1])}),
    "hub": ("Partners van één hub: Cultuur",
            {"w-noord": ("2–3 partners", V5[2]), "w-zuid": ("1 partner", V5[1])}),
    "gaten": ("Gaten: hubs met geen of één partner",
              {"w-noord": ("1 gat", V3[1]), "w-zuid": ("2 gaten", V3[2])}),
    # Noord: 25% lower bound, uncertain: hatched over the second step.
    "doel": ("Bereik tegenover het LEA-doel",
             {"w-noord": ("25–49%", "url(#kaart-arcering-5dc863)"), "w-zuid": ("100%", V5[4])}),
    "pact": ("PacT-wijken en SES",
             {"w-noord": ("PacT-wijk", VERMILJOEN), "w-zuid": ("Gemiddelde SES", HEMELSBLAUW)}),
    # Largest 1,200 children: steps of 250 (the smallest of 1, 2, 2.5, 5 × 10ⁿ ≥ 1,200 / 5).
    "kinderen": ("Aantal kinderen (0-17 jaar, of 0-14 volgens CBS)",
                 {"w-noord": ("1.000 of meer kinderen", V5[4]),
                  "w-zuid": ("750–999 kinderen", V5[3])}),
}  # fmt: skip


def _drie() -> Dataset:
    return Dataset.from_rows(DRIE)


def _svg(html: str, which: str = "kaart-svg") -> ET.Element:
    """The (first) map SVG of a page, parsed as XML."""
    found = re.search(rf'<svg class="{which}".*?</svg>', html, re.DOTALL)
    assert found, "no map on the page"
    return ET.fromstring(found.group(0))


def _links(svg: ET.Element) -> dict[str, ET.Element]:
    return {a.get("data-wijk"): a for a in svg.iter(f"{SVG}a")}


def _subpaths(d: str) -> int:
    return d.count("M")


# -- the pure functions ------------------------------------------------------------------------


def test_polygons_of_geojson():
    noord, zuid = kaart.polygons(json.dumps(NOORD)), kaart.polygons(json.dumps(ZUID))
    assert [len(p) for p in noord] == [1, 1]  # two parts, no holes
    assert [len(p) for p in zuid] == [2]  # one part with a hole
    assert zuid[0][1][0] == (5.01, 51.575)  # closing points dropped, order kept
    feature = json.dumps({"type": "Feature", "geometry": ZUID, "properties": {}})
    assert kaart.polygons(feature) == zuid
    for bad in ("", None, "{", "[]", '{"type": "Polygon", "coordinates": [[[5, 51], [5, 51]]]}',
                '{"type": "Polygon", "coordinates": [[["a", 1], [2, 3], [4, 5]]]}',
                '{"type": "LineString", "coordinates": [[5, 51], [6, 52]]}'):  # fmt: skip
        assert kaart.polygons(bad) == [], bad


def _rows() -> list[dict]:
    """The screen's figures for the three wijken, by hand (see DRIE)."""
    return [
        {"wijk": "w-noord", "naam": "Noord", "soort": "woonwijk", "pact": "ja", "ses": "laag",
         "kinderen_tekst": "1.200", "kinderen_leeftijd": "0-17", "kinderen_midden": 1200,
         "partners_via_hubs": 3,
         "partners_per_hub": {"h-cultuur": 2, "h-sport": 1}, "gaten": 1, "gaten_zonder": 0,
         "gaten_een": 1, "ondergrens": 0.25, "bovengrens": 1.0, "doel": 1.0,
         "status": "onzeker"},
        {"wijk": "w-zuid", "naam": "Zuid", "soort": "woonwijk", "pact": "nee", "ses": "midden",
         "kinderen_tekst": "800", "kinderen_leeftijd": "0-17", "kinderen_midden": 800,
         "partners_via_hubs": 2,
         "partners_per_hub": {"h-cultuur": 1, "h-sport": 1}, "gaten": 2, "gaten_zonder": 0,
         "gaten_een": 2, "ondergrens": 1.0, "bovengrens": 1.0, "doel": None,
         "status": "geen doel"},
        {"wijk": "w-oost", "naam": OOST_NAAM, "soort": "woonwijk", "pact": "nee", "ses": "laag",
         "kinderen_tekst": "300", "kinderen_leeftijd": "0-17", "kinderen_midden": 300,
         "partners_via_hubs": 0,
         "partners_per_hub": {"h-cultuur": 0, "h-sport": 0}, "gaten": 2, "gaten_zonder": 2,
         "gaten_een": 0, "ondergrens": 0.0, "bovengrens": 0.0, "doel": 0.75,
         "status": "niet gehaald"},
    ]  # fmt: skip


def _shapes() -> dict:
    return {
        "w-noord": kaart.polygons(json.dumps(NOORD)),
        "w-zuid": kaart.polygons(json.dumps(ZUID)),
    }


def test_one_linked_path_per_wijk_with_a_shape_and_the_hole_survives():
    figure, _, _ = kaart.kleur_kaart(_rows(), _shapes(), "hubs")
    svg = _svg(figure)
    links = _links(svg)
    assert set(links) == {"w-noord", "w-zuid"}  # Oost has no shape
    for wijk, a in links.items():
        assert a.get("href") == f"/wijk/{wijk}"
        paths = a.findall(f"{SVG}path")
        assert len(paths) == 1, wijk
        assert paths[0].get("fill-rule") == "evenodd"
        assert a.find(f"{SVG}title").text.startswith(("Noord: ", "Zuid: "))
        assert a.get("aria-label") == a.find(f"{SVG}title").text
    # The MultiPolygon is one path of two subpaths; the hole is the second subpath of Zuid.
    assert _subpaths(links["w-noord"].find(f"{SVG}path").get("d")) == 2
    assert _subpaths(links["w-zuid"].find(f"{SVG}path").get("d")) == 2
    assert kaart.CREDIT in figure


def test_the_projection_keeps_the_shapes_in_proportion():
    """At 51.6° a degree of longitude is cos(51.6°) ≈ 0.62 of a degree of latitude: Noord's
    squares of 0.01° × 0.01° are 0.62 times as wide as they are tall on the map."""
    figure, _, _ = kaart.kleur_kaart(_rows(), _shapes(), "hubs")
    d = _links(_svg(figure))["w-noord"].find(f"{SVG}path").get("d")
    first = re.match(r"M([^Z]+)Z", d).group(1)
    points = [tuple(map(float, p.strip(" L").split(","))) for p in first.split(" L")]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    ratio = (max(xs) - min(xs)) / (max(ys) - min(ys))
    assert ratio == pytest.approx(0.6211, abs=0.01)
    # North up: the first corner (5.00, 51.60) lies below (larger y than) 51.61.
    assert points[0][1] > points[2][1]


@pytest.mark.parametrize("kleuring", sorted(EXPECTED))
def test_colours_and_legend_as_worked_out_by_hand(kleuring):
    hub = "h-cultuur" if kleuring == "hub" else None
    figure, legenda, colours = kaart.kleur_kaart(
        _rows(), _shapes(), kleuring, hub=hub, hub_naam="Cultuur" if hub else ""
    )
    title, wijken = EXPECTED[kleuring]
    assert legenda.titel == title
    links = _links(_svg(figure))
    for wijk, (text, fill) in wijken.items():
        assert colours[wijk].klasse.tekst == text, (kleuring, wijk)
        assert links[wijk].find(f"{SVG}path").get("fill") == fill, (kleuring, wijk)
        # The legend holds the entry with its count.
        assert text in [k.tekst for k in legenda.klassen]
    assert legenda.uitleg and "Hoe berekend" in figure


def test_colourings_change_the_legend():
    texts = {
        k: kaart.kleur_kaart(_rows(), _shapes(), k, hub="h-cultuur", hub_naam="Cultuur")[1]
        for k in kaart.KLEURINGEN
    }
    titles = {legend.titel for legend in texts.values()}
    assert len(titles) == len(kaart.KLEURINGEN)
    assert [k.tekst for k in texts["hub"].klassen][:5] == [
        "0 partners", "1 partner", "2–3 partners", "4–6 partners", "7 of meer partners"
    ]  # fmt: skip
    assert [k.tekst for k in texts["gaten"].klassen] == ["0 gaten", "1 gat", "2 gaten"]
    assert texts["gaten"].aantallen == {"k1": 1, "k2": 2}
    # The reach target: Noord is uncertain and has a target, so both marks are explained.
    assert texts["doel"].tekens == ["onzeker", "doel"]
    noord = kaart.kleuren(_rows(), "doel")[0]["w-noord"]
    assert noord.waarde == "bereik 25–100%, doel 100%, onzeker"
    assert noord.tekens == {"onzeker", "doel"}


def test_bedrijventerrein_buitengebied_and_no_data_are_marked():
    rows = _rows()
    rows[0] = {
        **rows[0],
        "soort": "bedrijventerrein",
        "kinderen_tekst": "",
        "kinderen_midden": None,
    }
    rows[1] = {**rows[1], "soort": "buitengebied", "ses": ""}
    colours, legenda = kaart.kleuren(rows, "gaten")
    assert colours["w-noord"].klasse.tekst == "Bedrijventerrein: geen kinderen"
    assert colours["w-noord"].klasse.patroon == "streep"
    assert colours["w-zuid"].tekens == {"buitengebied"}
    assert "buitengebied" in legenda.tekens
    colours, _ = kaart.kleuren(rows, "pact")
    assert colours["w-zuid"].klasse.tekst == "Geen gegevens"  # SES unknown
    figure, _, _ = kaart.kleur_kaart(rows, _shapes(), "kinderen")
    links = _links(_svg(figure))
    assert links["w-noord"].find(f"{SVG}path").get("fill") == "url(#kaart-streep-d9d9d9)"
    assert links["w-zuid"].find(f"{SVG}path").get("fill").startswith("url(#kaart-stip-")
    assert "geen kinderen" in links["w-noord"].find(f"{SVG}title").text


def test_every_text_is_escaped():
    rows = _rows()
    rows[1] = {**rows[1], "naam": '<script>alert("x")</script> & Zuid'}
    figure, _, _ = kaart.kleur_kaart(rows, _shapes(), "hubs", href=lambda w: f'/wijk/{w}"><b>')
    assert "<script" not in figure and "<b>" not in figure
    assert "&lt;script&gt;" in figure and "&amp; Zuid" in figure
    svg = _svg(figure)  # still well-formed XML
    zuid = _links(svg)["w-zuid"]
    assert zuid.get("aria-label").startswith('<script>alert("x")</script> & Zuid: ')
    assert zuid.get("href") == '/wijk/w-zuid"><b>'


def test_small_maps_and_no_shapes():
    figure = kaart.wijk_kaart(_rows(), _shapes(), "w-zuid")
    svg = _svg(figure)
    assert 'class="kaart kaart-klein"' in figure and kaart.CREDIT in figure
    links = _links(svg)
    assert links["w-zuid"].get("class") == "kaart-wijk kaart-uitgelicht"
    assert links["w-zuid"].find(f"{SVG}path").get("fill") == kaart.OKABE_ITO["blauw"]
    assert links["w-noord"].find(f"{SVG}title").text == "Noord"
    assert kaart.wijk_kaart(_rows(), _shapes(), "w-oost") == ""  # no shape of its own
    assert kaart.kleur_kaart(_rows(), {}, "hubs")[0] == ""  # no map, no credit


# -- the page and the API, on both stores -----------------------------------------------------


@pytest.fixture(scope="module", params=STORE_BACKENDS)
def drie_app(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"kaart-{request.param}")
    with app_on(request.param, folder, _drie(), "kaart-test", SEED_ON_EMPTY=False) as pair:
        yield pair


@pytest.fixture
def client(drie_app):
    app, network = drie_app
    network.ensure()
    return app.test_client()


def test_page_draws_the_wijken_with_a_shape_and_lists_the_others(client):
    response = client.get("/kaart")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>Kaart van de wijken</h1>" in html
    assert '<a href="/kaart" aria-current="page">Kaart</a>' in html
    links = _links(_svg(html))
    assert set(links) == {"w-noord", "w-zuid"}
    assert all(len(a.findall(f"{SVG}path")) == 1 for a in links.values())
    assert _subpaths(links["w-zuid"].find(f"{SVG}path").get("d")) == 2
    # Oost has no boundary: listed under the map, escaped.
    assert "Geen wijkgrenzen voor:" in html
    assert "Oost &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert kaart.CREDIT in html and "Hoe zijn deze cijfers bepaald?" in html
    # The text alternative: one row per wijk, Oost included, sortable.
    table = re.search(r'<table class="sortable" id="tabel-kaart">.*?</table>', html, re.DOTALL)
    assert table and table.group(0).count("<tr>") == 1 + 3


@pytest.mark.parametrize("kleuring", sorted(EXPECTED))
def test_page_colours_as_worked_out_by_hand(client, kleuring):
    args = f"?kleur={kleuring}" + ("&hub=h-cultuur" if kleuring == "hub" else "")
    html = client.get("/kaart" + args).get_data(as_text=True)
    title, wijken = EXPECTED[kleuring]
    assert f'<p class="kaart-legenda-titel">{title}</p>' in html
    links = _links(_svg(html))
    for wijk, (text, fill) in wijken.items():
        assert links[wijk].find(f"{SVG}path").get("fill") == fill, (kleuring, wijk)
        assert links[wijk].find(f"{SVG}title").text.startswith(f"{wijk[2:].capitalize()}: ")
        assert text in html  # in the legend


def test_api_gives_the_figures_per_wijk(client):
    answer = client.get("/api/v1/kaart?kleur=doel").get_json()
    assert answer["kleuring"] == "doel" and answer["bron_wijkgrenzen"] == kaart.CREDIT
    assert answer["zonder_wijkgrens"] == [{"wijk": "w-oost", "naam": OOST_NAAM}]
    assert answer["wijken_met_wijkgrens"] == 2
    rows = {r["wijk"]: r for r in answer["tabellen"]["kaart"]["rijen"]}
    want = {
        "w-noord": (3, {"h-cultuur": 2, "h-sport": 1}, 1, 0, 1, 25, 100, 100, "onzeker"),
        "w-zuid": (2, {"h-cultuur": 1, "h-sport": 1}, 2, 0, 2, 100, 100, None, "geen doel"),
        "w-oost": (0, {"h-cultuur": 0, "h-sport": 0}, 2, 2, 0, 0, 0, 75, "niet gehaald"),
    }
    keys = ("partners_via_hubs", "partners_per_hub", "gaten", "gaten_zonder", "gaten_een",
            "ondergrens_pct", "bovengrens_pct", "doel_pct", "status")  # fmt: skip
    for wijk, values in want.items():
        assert tuple(rows[wijk][k] for k in keys) == values, wijk
    assert rows["w-noord"]["kaart_klasse"] == "25–49%"
    assert rows["w-oost"]["kaart_klasse"] == "0–24%" and rows["w-oost"]["wijkgrens"] is False
    codes = {k["code"]: k["wijken"] for k in answer["legenda"]["klassen"]}
    assert codes == {"k0": 1, "k1": 1, "k2": 0, "k3": 0, "k4": 1}


def test_schooljaar_and_wrong_choices(client):
    assert client.get("/kaart?schooljaar=2024-2025").status_code == 200
    only = client.get("/api/v1/kaart?schooljaar=2024-2025").get_json()
    assert only["schooljaar"] == "2024-2025"
    for url in ("/kaart?kleur=regenboog", "/kaart?hub=h-bestaat-niet", "/kaart?hub=w-noord",
                "/kaart?gemeente=Atlantis", "/kaart?schooljaar=1999-2000"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    wrong = client.get("/api/v1/kaart?kleur=regenboog")
    assert wrong.status_code == 404 and "regenboog" in wrong.get_json()["detail"]
    # kleur=hub without a hub: the first hub by name.
    assert client.get("/api/v1/kaart?kleur=hub").get_json()["hub"] == "h-cultuur"


def test_table_downloads(client):
    csv = client.get("/kaart?download=kaart&format=csv").get_data(as_text=True)
    assert csv.splitlines()[0].startswith("\ufeffWijk;Stadsdeel;Soort;PacT-wijk;SES")
    assert len(csv.strip().splitlines()) == 1 + 3


def test_wijk_and_hub_pages_have_a_small_map(client):
    noord = client.get("/wijk/w-noord").get_data(as_text=True)
    assert "Waar ligt Noord?" in noord and kaart.CREDIT in noord
    links = _links(_svg(noord))
    assert links["w-noord"].get("class") == "kaart-wijk kaart-uitgelicht"
    # Oost has no boundary: no small map on its page.
    oost = client.get("/wijk/w-oost").get_data(as_text=True)
    assert 'class="kaart-svg"' not in oost and kaart.CREDIT not in oost
    hub = client.get("/hub/h-cultuur").get_data(as_text=True)
    links = _links(_svg(hub))
    assert links["w-noord"].find(f"{SVG}path").get("fill") == V5[2]  # 2–3 partners
    assert links["w-zuid"].find(f"{SVG}path").get("fill") == V5[1]  # 1 partner
    assert kaart.CREDIT in hub and "/kaart?kleur=hub&amp;hub=h-cultuur" in hub


@pytest.mark.parametrize("backend", STORE_BACKENDS)
def test_without_any_boundary_there_is_no_map(backend, tmp_path):
    with app_on(backend, tmp_path, Dataset.from_rows(TINY), "tiny", SEED_ON_EMPTY=False) as (
        app, _
    ):  # fmt: skip
        client = app.test_client()
        html = client.get("/kaart").get_data(as_text=True)
        assert "Er is geen kaart: geen enkele wijk heeft een wijkgrens" in html
        assert 'class="kaart-svg"' not in html and kaart.CREDIT not in html
        assert "tabel-kaart" in html  # the figures are still there
        for url in ("/wijk/w-noord", "/hub/h-cultuur"):
            assert 'class="kaart-svg"' not in client.get(url).get_data(as_text=True), url
        answer = client.get("/api/v1/kaart").get_json()
        assert answer["wijken_met_wijkgrens"] == 0 and len(answer["zonder_wijkgrens"]) == 2


# -- the map in the PDF report ----------------------------------------------------------------

PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"


def _pdf_text(pdf: Path) -> str:
    done = subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, check=True, text=True)
    return " ".join(done.stdout.split())


def test_pdf_report_has_a_map_section_only_with_boundaries(tmp_path):
    from lea_graph.analytics.compare import trend
    from lea_graph.analytics.report import analyse
    from lea_graph.report_pdf import write_report_pdf

    g = to_graph(_drie())
    shapes = kaart.plane({w: kaart.polygons(g.nodes[w].get("geometrie")) for w in g})
    with_map = write_report_pdf(analyse(g), tmp_path / "kaart.pdf", trend=trend(g),
                                wijkvormen=shapes)  # fmt: skip
    flat = _pdf_text(with_map)
    assert "4. Kaart: gaten per wijk" in flat and kaart.CREDIT in flat
    assert "5. Wat is er veranderd sinds de vorige versie" in flat
    assert "7. Trend per schooljaar" in flat
    # Zuid and Oost have two gaps each, Noord one; Oost has no boundary.
    assert "2 gaten: Oost <script>alert(1)</script>, Zuid" in flat
    assert "1 gat: Noord" in flat
    assert "Geen wijkgrens voor: Oost <script>alert(1)</script>." in flat
    without = write_report_pdf(analyse(g), tmp_path / "zonder.pdf", trend=trend(g))
    flat = _pdf_text(without)
    assert "Kaart: gaten per wijk" not in flat and kaart.CREDIT not in flat
    assert "4. Wat is er veranderd sinds de vorige versie" in flat
    assert "6. Trend per schooljaar" in flat


def test_rapport_download_has_the_map(client, tmp_path):
    pdf = tmp_path / "rapport.pdf"
    pdf.write_bytes(client.get("/rapport.pdf").data)
    assert "4. Kaart: gaten per wijk" in _pdf_text(pdf)


# -- the Tilburg seed with its boundaries ---------------------------------------------------------


def test_seed_with_boundaries_has_a_map_of_every_wijk(tilburg):
    """All 59 wijken of Tilburg have a boundary in the seed (CBS), and each becomes one
    linked shape."""
    from web.kaart import kleur_kaart, polygons

    ds = tilburg
    rows = [{"wijk": r["id"], "naam": r["naam"], "partners_via_hubs": 1} for r in ds.rows("wijken")]
    shapes = {r["id"]: polygons(r["geometrie"]) for r in ds.rows("wijken")}
    assert sum(1 for s in shapes.values() if s) == 59
    figure, _, _ = kleur_kaart(rows, shapes, "hubs")
    assert len(_links(_svg(figure))) == 59


@pytest.fixture(scope="module")
def seed_app(tilburg, tmp_path_factory):
    folder = tmp_path_factory.mktemp("kaart-seed")
    with app_on("embedded", folder, tilburg, "seed", SEED_ON_EMPTY=False) as (
        app, _
    ):  # fmt: skip
        yield app


def test_seed_page_lists_no_wijk_without_a_boundary(seed_app):
    html = seed_app.test_client().get("/kaart?kleur=gaten").get_data(as_text=True)
    assert len(_links(_svg(html))) == 59 and "Geen wijkgrenzen voor" not in html


def _twee_gemeenten() -> Dataset:
    """DRIE with Noord and Oost in Tilburg (hub Cultuur) and Zuid in Goirle (hub Sport)."""
    rows = {k: [dict(r) for r in v] for k, v in DRIE.items()}
    for w in rows["wijken"]:
        w["gemeente"] = "Goirle" if w["id"] == "w-zuid" else "Tilburg"
    for h in rows["hubs"]:
        h["gemeente"] = "Goirle" if h["id"] == "h-sport" else "Tilburg"
    return Dataset.from_rows(rows)


@pytest.mark.parametrize("backend", STORE_BACKENDS)
def test_gemeente_filter_with_several_gemeenten(backend, tmp_path, monkeypatch):
    with app_on(backend, tmp_path, _twee_gemeenten(), "twee", SEED_ON_EMPTY=False) as (app, _):
        client = app.test_client()
        html = client.get("/kaart").get_data(as_text=True)
        assert '<select id="gemeente" name="gemeente">' in html
        assert set(_links(_svg(html))) == {"w-noord", "w-zuid"}
        goirle = client.get("/kaart?gemeente=Goirle").get_data(as_text=True)
        assert set(_links(_svg(goirle))) == {"w-zuid"}
        hubs = re.search(r'<select id="hub" name="hub">(.*?)</select>', goirle, re.DOTALL)
        assert "h-sport" in hubs.group(1) and "h-cultuur" not in hubs.group(1)
        # Zuid lies outside the gemeente of hub Cultuur: "niet van toepassing", not 0.
        answer = client.get("/api/v1/kaart?kleur=hub&hub=h-cultuur").get_json()
        rows = {r["wijk"]: r for r in answer["tabellen"]["kaart"]["rijen"]}
        assert rows["w-zuid"]["partners_hub"] is None
        assert rows["w-zuid"]["kaart_klasse"].startswith("Niet van toepassing")
        assert rows["w-noord"]["partners_hub"] == 2
        # More wijken with a boundary than one map draws: choose a gemeente first.
        monkeypatch.setattr("web.screens.kaart.KAART_MAX", 1)
        with app.app_context():
            services.forget()
        html = client.get("/kaart").get_data(as_text=True)
        assert "2 wijken hebben een wijkgrens; één kaart toont er hoogstens 1" in html
        assert 'class="kaart-svg"' not in html
        assert len(_links(_svg(client.get("/kaart?gemeente=Goirle").get_data(as_text=True)))) == 1
