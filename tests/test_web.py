"""The explorer through Flask's test client: every route, key content, downloads."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter

import networkx as nx
import openpyxl
import pytest
from helpers import STORE_BACKENDS, XSS
from markupsafe import escape

from lea_graph import model
from lea_graph.ingest import load_dataset

#: Every route of the app with an example URL (a test checks this list is complete).
ROUTES = {
    "overzicht.index": "/",
    "netwerk.index": "/netwerk",
    "netwerk.data": "/netwerk/data.json",
    "wijken.index": "/wijken",
    "wijken.wijk": "/wijk/w-heikant",
    "kaart.index": "/kaart",
    "hubs.index": "/hubs",
    "hubs.hub": "/hub/h-cultuur",
    "entiteiten.partners": "/partners",
    "entiteiten.partner": "/partner/p-factorium",
    "entiteiten.scholen": "/scholen",
    "entiteiten.school": "/school/s-10wh00",
    "entiteiten.programmas": "/programmas",
    "entiteiten.programma": "/programma/pr-taal52",
    "analyses.index": "/analyses",
    "analyses.analysis": "/analyses/gaten",
    "zoeken.index": "/zoeken?q=heikant",
    "veranderingen.index": "/veranderingen",
    "scenario.index": "/scenario?zonder=p-factorium",
    "overzicht.rapport": "/rapport.pdf",
    "gegevens.index": "/gegevens",
    "gegevens.network_download": "/download/netwerk.graphml",
    "gegevens.vendor": "/vendor/vis-network.min.js",
    "gegevens.favicon": "/favicon.ico",
    "api.stats": "/api/v1/stats",
    "api.api_overzicht": "/api/v1/overzicht",
    "api.api_wijken": "/api/v1/wijken",
    "api.api_wijk": "/api/v1/wijk/w-heikant",
    "api.api_kaart": "/api/v1/kaart?kleur=doel",
    "api.api_hubs": "/api/v1/hubs",
    "api.api_hub": "/api/v1/hub/h-cultuur",
    "api.api_partners": "/api/v1/partners",
    "api.api_partner": "/api/v1/partner/p-factorium",
    "api.api_scholen": "/api/v1/scholen",
    "api.api_school": "/api/v1/school/s-10wh00",
    "api.api_programmas": "/api/v1/programmas",
    "api.api_programma": "/api/v1/programma/pr-taal52",
    "api.api_analyse": "/api/v1/analyses/isolement",
    "api.api_zoeken": "/api/v1/zoeken?q=factorium",
    "api.api_knoop": "/api/v1/knoop/p-factorium",
    "api.api_netwerk": "/api/v1/netwerk?wijk=w-heikant",
    "api.api_veranderingen": "/api/v1/veranderingen?vergelijk=jaren",
    "api.api_scenario": "/api/v1/scenario?zonder=p-factorium",
    "api.api_kwetsbaarheid": "/api/v1/kwetsbaarheid",
    "api.openapi_document": "/api/v1/openapi.json",
    "health.health": "/health",
    "over.toegankelijkheid": "/toegankelijkheid",
    "over.privacy": "/privacy",
    "static": "/static/css/app.css",
}


def test_every_read_route_is_covered(web_app):
    # The routes beyond reading (login, upload, console) are in test_security's matrix,
    # which checks that the two lists together hold every route.
    endpoints = {rule.endpoint for rule in web_app.url_map.iter_rules()}
    assert set(ROUTES) <= endpoints


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_route_answers(client, endpoint):
    with client.get(ROUTES[endpoint]) as response:  # closes file responses too
        assert response.status_code == 200, response.data[:500]
        if response.mimetype == "text/html":
            html = response.get_data(as_text=True)
            assert '<html lang="nl">' in html
            assert "Traceback" not in html


KEY_CONTENT = {
    "/": ["Kerncijfers", "LEA-doelen voor brede talentontwikkeling", "Dekking: partners per wijk en hub", "Grootste gaten", "PacT"],
    "/wijk/w-heikant": ["Heikant", "Wie doet wat in Heikant", "Bereik van brede talentontwikkeling", "PacT-wijk"],
    "/hub/h-cultuur": ["Hub Cultuur en muziek", "Leden en hun bereik", "Factorium", "Bereik per wijk", "Partners om te werven"],
    "/partner/p-factorium": ["Factorium", "Activiteiten op scholen en opvanglocaties", "Cultuur en muziek"],
    "/analyses/isolement": ["Geïsoleerde partners", "Gesloten bastions", "Verbindende partners"],
    "/analyses/gemeenschappen": ["Modulariteit"],
    "/zoeken?q=HEIKANT": ["Heikant", "resultaten"],
    "/gegevens": ["lea-netwerk.graphml", "/api/v1/wijk/{node_id}", "/api/v1/openapi.json"],
}  # fmt: skip


@pytest.mark.parametrize("url", sorted(KEY_CONTENT))
def test_key_content(client, url):
    html = client.get(url).get_data(as_text=True)
    for text in KEY_CONTENT[url]:
        assert text in html, text


def _wie_doet_wat_from_tables(dataset, wijk: str, year: str | None) -> Counter:
    """(partner, school or None, schooljaar) of every activity at a school in ``wijk`` and
    every wijkinzet there, straight from the seed's tables."""
    school_wijk = {r["id"]: r["wijk"] for r in dataset.rows("scholen")}
    found = Counter(
        (a["partner"], a["school"], a["schooljaar"])
        for a in dataset.rows("activiteiten")
        if school_wijk[a["school"]] == wijk and year in (None, a["schooljaar"])
    )
    found += Counter(
        (i["partner"], None, i["schooljaar"])
        for i in dataset.rows("wijkinzet")
        if i["wijk"] == wijk and year in (None, i["schooljaar"])
    )
    return found


def _wie_doet_wat_on_page(client, url: str) -> Counter:
    rows = client.get(url).get_json()["tabellen"]["wie-doet-wat"]["rijen"]
    return Counter((r["partner"], r["school"], r["schooljaar"]) for r in rows)


def test_schooljaar_selector_changes_the_numbers(client, tilburg):
    one = client.get("/api/v1/overzicht?schooljaar=2024-2025").get_json()
    assert one["schooljaar"] == "2024-2025"
    every = _wie_doet_wat_from_tables(tilburg, "w-heikant", None)
    year = _wie_doet_wat_from_tables(tilburg, "w-heikant", "2024-2025")
    assert year != every  # the seed has activities in more than one year
    assert _wie_doet_wat_on_page(client, "/api/v1/wijk/w-heikant") == every
    assert _wie_doet_wat_on_page(client, "/api/v1/wijk/w-heikant?schooljaar=2024-2025") == year
    assert client.get("/?schooljaar=1999-2000").status_code == 404


def test_wijk_page_agrees_with_the_tables(client, tilburg):
    for wijk in ("w-heikant", "w-binnenstad", "w-wandelbos-noord"):
        expected = _wie_doet_wat_from_tables(tilburg, wijk, None)
        assert _wie_doet_wat_on_page(client, f"/api/v1/wijk/{wijk}") == expected, wijk
    html = client.get("/wijk/w-heikant").get_data(as_text=True)
    partner_names = {r["id"]: r["naam"] for r in tilburg.rows("partners")}
    for partner, _, _ in _wie_doet_wat_from_tables(tilburg, "w-heikant", None):
        assert escape(partner_names[partner]) in html


@pytest.mark.parametrize(
    "url",
    ["/wijk/bestaat-niet", "/hub/w-heikant", "/partner/x", "/school/x", "/programma/x",
     "/analyses/bestaat-niet", "/netwerk?wijk=x", "/bestaat/niet", "/download/netwerk.exe"],
)  # fmt: skip
def test_unknown_ids_give_a_dutch_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Niet gevonden" in html and "Traceback" not in html


def test_api_errors_are_problem_details(client):
    response = client.get("/api/v1/wijk/bestaat-niet")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["title"] == "Niet gevonden"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_table_downloads_parse_back(client, fmt):
    page = client.get("/api/v1/wijken").get_json()["tabellen"]["wijken"]
    response = client.get(f"/wijken?download=wijken&format={fmt}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    if fmt == "csv":
        text = response.data.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    else:
        wb = openpyxl.load_workbook(io.BytesIO(response.data))
        rows = [[c.value for c in row] for row in wb.active.iter_rows()]
    assert rows[0][:4] == ["Wijk", "Stadsdeel", "Soort", "PacT-wijk"]
    assert len(rows) - 1 == len(page["rijen"])
    assert {r[0] for r in rows[1:]} == {r["naam"] for r in page["rijen"]}


def test_every_table_on_a_page_downloads(client):
    for table_id in ("wie-doet-wat", "scholen", "gaten", "kandidaten"):
        response = client.get(f"/wijk/w-heikant?download={table_id}&format=csv")
        assert response.status_code == 200, table_id
    assert client.get("/wijk/w-heikant?download=bestaat-niet&format=csv").status_code == 404


def test_network_downloads_parse_back(client, tilburg, tmp_path):
    g = nx.read_graphml(io.BytesIO(client.get("/download/netwerk.graphml").data))
    assert g.number_of_nodes() == sum(
        tilburg.counts()[t]
        for t in (
            "partners",
            "wijken",
            "scholen",
            "hubs",
            "programmas",
            "themas",
            "clusters",
            "ambities",
        )
    )
    gexf = nx.read_gexf(io.BytesIO(client.get("/download/netwerk.gexf").data))
    assert gexf.number_of_nodes() == g.number_of_nodes()
    data = json.loads(client.get("/download/netwerk.json").data)
    assert len(data["nodes"]) == g.number_of_nodes()
    (tmp_path / "net.xlsx").write_bytes(client.get("/download/netwerk.xlsx").data)
    assert load_dataset(tmp_path / "net.xlsx").same_as(tilburg)
    with zipfile.ZipFile(io.BytesIO(client.get("/download/netwerk.zip").data)) as zf:
        zf.extractall(tmp_path / "csv")
    assert load_dataset(tmp_path / "csv").same_as(tilburg)


def test_network_view_data(client, web_app):
    data = client.get("/netwerk/data.json?wijk=w-heikant").get_json()
    ids = {n["id"] for n in data["nodes"]}
    assert "w-heikant" in ids and "s-10wh00" in ids
    assert all(n["id"] in ids for n in [{"id": e["from"]} for e in data["edges"]])
    assert data["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])
    kinds = client.get("/netwerk/data.json?soort=partner&soort=hub").get_json()
    assert {n["kind"] for n in kinds["nodes"]} == {"partner", "hub"}
    coloured = client.get("/netwerk/data.json?kleur=gemeenschap").get_json()
    assert any(item["label"].startswith("Gemeenschap") for item in coloured["legend"])


def _graph_of(app):
    from web import services

    with app.app_context():
        return services.graph()


def _positions(data) -> dict[str, tuple[float, float]]:
    return {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}


def _rounded(pos) -> dict[str, tuple[float, float]]:
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in pos.items()}


#: Every kind the network view drew by default before the first view became hubs and
#: partners (issue 28): a link that names them still shows them.
ALL_KINDS = "&".join(f"soort={k}" for k in ("partner", "hub", "wijk", "school", "programma"))


def test_netwerk_layouts_are_positions_from_the_server(client, web_app):
    from web.indeling import UNCONNECTED, hub_homes, hub_layout, place, wijk_layout
    from web.netview import ViewFilter, select

    g = _graph_of(web_app)
    h = select(g, ViewFilter())
    # The first view: hubs and partners, in the hubs layout.
    first = client.get("/netwerk/data.json").get_json()
    assert first["indeling"] == "hubs" and {n["kind"] for n in first["nodes"]} == {"hub", "partner"}
    plain = client.get(f"/netwerk/data.json?indeling=kracht&{ALL_KINDS}").get_json()
    assert plain["indeling"] == "kracht" and plain["focus"] == []
    assert all(a["text"].startswith(UNCONNECTED) for a in plain["annotations"])
    hubs = client.get(f"/netwerk/data.json?indeling=hubs&{ALL_KINDS}").get_json()
    assert hubs["indeling"] == "hubs" and hubs["options"]["physics"]["enabled"] is False
    assert _positions(hubs) == _rounded(place(h, "hubs").positions)
    linked = {n for n in h if h.degree(n)}
    assert {n: p for n, p in _positions(hubs).items() if n in linked} == {
        n: p for n, p in _rounded(hub_layout(h)).items() if n in linked
    }
    homes = hub_homes(h)
    assert set(hubs["focus"]) == set(homes) | {n for n in h if h.nodes[n]["kind"] == "hub"}
    # The lines the layout is about (hub memberships) are drawn strong, the rest faint.
    strong = [e for e in hubs["edges"] if e["color"]["opacity"] == 1.0]
    assert strong and all("hublidmaatschap" in e["title"] for e in strong)
    wijken = client.get(f"/netwerk/data.json?indeling=wijken&{ALL_KINDS}").get_json()
    assert wijken["indeling"] == "wijken"
    pos, annotations = wijk_layout(h, g.nodes)
    assert _positions(wijken) == _rounded(pos) and wijken["annotations"] == annotations
    stadsdelen = {d["stadsdeel"] for _, d in g.nodes(data=True) if d.get("kind") == "wijk"}
    assert stadsdelen <= {a["text"] for a in wijken["annotations"]}
    # An unknown layout is the force layout (the hubs layout in the first view); the API
    # takes the same parameter.
    unknown = client.get("/netwerk/data.json?wijk=w-heikant&indeling=cirkel").get_json()
    assert unknown["indeling"] == "kracht"
    assert client.get("/netwerk/data.json?indeling=cirkel").get_json()["indeling"] == "hubs"
    api = client.get("/api/v1/netwerk?wijk=w-heikant&indeling=wijken").get_json()
    assert api["indeling"] == "wijken"
    page = client.get("/netwerk?indeling=hubs").get_data(as_text=True)
    assert '<option value="hubs" selected>hubs in het midden</option>' in page


def test_netwerk_layouts_above_the_node_cap(web_app):
    data = _capped(web_app, 60, f"/netwerk/data.json?indeling=wijken&{ALL_KINDS}").get_json()
    assert data["aggregated"] == "wijk" and data["indeling"] == "wijken"
    assert {a["text"] for a in data["annotations"]} >= {"Noord", "Reeshof"}
    hubs = _capped(web_app, 60, f"/netwerk/data.json?indeling=hubs&{ALL_KINDS}").get_json()
    assert hubs["aggregated"] == "wijk" and hubs["indeling"] == "kracht"
    assert "geen hubs" in hubs["message"] and "vrije indeling" in hubs["message"]


def _table_rows(html: str, table_id: str) -> list[str]:
    import re

    table = re.search(rf'<table class="sortable" id="tabel-{table_id}">(.*?)</table>', html, re.S)
    assert table, table_id
    body = re.search(r"<tbody>(.*?)</tbody>", table.group(1), re.S).group(1)
    return re.findall(r"<tr>(.*?)</tr>", body, re.S)


def test_netwerk_table_is_the_same_view_as_the_canvas(client):
    import re

    url = "/netwerk?wijk=w-heikant&soort=partner&soort=wijk&soort=school"
    html = client.get(url).get_data(as_text=True)
    data = client.get(url.replace("/netwerk?", "/netwerk/data.json?")).get_json()
    rows = _table_rows(html, "knopen")
    assert len(rows) == len(data["nodes"]) > 10
    assert f"Toon als tabel ({len(data['nodes'])} knopen)" in html
    # The wijk's row: its kind, stadsdeel, number of lines and a link to each neighbour.
    neighbours = {e["to"] for e in data["edges"] if e["from"] == "w-heikant"}
    neighbours |= {e["from"] for e in data["edges"] if e["to"] == "w-heikant"}
    row = next(r for r in rows if 'href="/wijk/w-heikant">Heikant</a>' in r.split("</td>")[0])
    cells = row.split("</td>")
    assert ">Wijk<" in cells[1] + "<" and "Noord" in cells[3]
    assert f'data-sort="{len(neighbours)}"' in cells[4]
    links = re.findall(r'<a href="(/[a-z]+/[^"]+)">', cells[5])
    assert len(links) == len(neighbours) and all(
        link.rsplit("/", 1)[1] in neighbours for link in links
    )
    # The canvas has a name and points to the table.
    assert 'role="img" aria-label="Netwerkweergave met' in html and 'href="#netwerk-tabel"' in html
    # The table downloads with every row, like the other tables.
    csv_text = client.get(url + "&download=knopen&format=csv").get_data(as_text=True)
    assert len(csv_text.strip().splitlines()) == len(data["nodes"]) + 1
    assert csv_text.startswith("\ufeffNaam;Soort;Wijk;Stadsdeel;Verbindingen;Verbonden met")


def test_netwerk_table_has_every_node_above_the_table_row_limit(web_app):
    web_app.config["TABLE_ROWS"] = 20
    try:
        client = web_app.test_client()
        html = client.get("/netwerk").get_data(as_text=True)
        total = len(client.get("/netwerk/data.json").get_json()["nodes"])
    finally:
        web_app.config["TABLE_ROWS"] = 250
    assert len(_table_rows(html, "knopen")) == total > 20


def test_netwerk_names_stay_text_in_the_table(xss_app):
    html = xss_app.test_client().get("/netwerk").get_data(as_text=True)
    table = html[html.index('id="tabel-knopen"') :]
    assert XSS not in table and str(escape(XSS)) in table


#: The whole network: every kind of node (the first view shows only hubs and partners).
EVERY_KIND = "?" + "&".join(f"soort={nk.kind}" for nk in model.NODE_KINDS)


def _capped(app, cap: int, url: str):
    app.config["NODE_CAP"] = cap
    try:
        response = app.test_client().get(url)
    finally:
        app.config["NODE_CAP"] = 1500
    return response


def test_above_the_cap_the_view_shows_wijken_with_their_counts(web_app, tilburg):
    # A cap of 60: fewer than the network's nodes, more than its 59 wijken.
    data = _capped(web_app, 60, "/netwerk/data.json" + EVERY_KIND).get_json()
    assert data["total_nodes"] > 60 and data["aggregated"] == "wijk"
    assert "elke wijk als één knoop" in data["message"]
    assert len(data["nodes"]) <= 60
    assert {n["kind"] for n in data["nodes"]} == {"groep"}
    heikant = next(n for n in data["nodes"] if n["id"] == "groep:wijk:w-heikant")
    schools = {
        s["id"] for s in tilburg.tables["scholen"].to_dict("records") if s["wijk"] == "w-heikant"
    }
    acts = tilburg.tables["activiteiten"]
    inzet = tilburg.tables["wijkinzet"]
    partners = set(acts[acts["school"].isin(schools)]["partner"]) | set(
        inzet[inzet["wijk"] == "w-heikant"]["partner"]
    )
    assert heikant["summary"]["scholen"] == len(schools)
    assert heikant["summary"]["partners"] == len(partners)
    assert heikant["summary"]["activiteiten"] == int(acts["school"].isin(schools).sum())
    assert heikant["summary"]["expand"] == {"wijk": "w-heikant"}
    # Lines link wijken that share partners, and say how many.
    assert data["edges"] and all("in beide" in e["title"] for e in data["edges"])


def test_with_one_gemeente_and_too_many_wijken_the_best_connected_nodes_show(web_app):
    data = _capped(web_app, 20, "/netwerk/data.json").get_json()
    assert len(data["nodes"]) == 20 and data["aggregated"] == ""
    assert "getoond worden de 20" in data["message"]


@pytest.fixture(scope="module", params=STORE_BACKENDS)
def _country(request, tmp_path_factory):
    from helpers import app_on

    from lea_graph.generate import generate_synthetic

    folder, network = tmp_path_factory.mktemp("country"), generate_synthetic(3, seed=2)
    with app_on(request.param, folder, network, SEED_ON_EMPTY=False, NODE_CAP=100) as pair:
        yield pair


@pytest.fixture
def country(_country):
    """The explorer on three generated municipalities and national organisations."""
    from helpers import ensured

    return ensured(_country)


def test_a_country_zooms_from_gemeenten_to_wijken_to_everything(country):
    client = country.test_client()
    top = client.get("/netwerk/data.json" + EVERY_KIND).get_json()
    assert top["aggregated"] == "gemeente" and len(top["nodes"]) == 3
    gemeente = next(n for n in top["nodes"] if n["label"] == "Voorbeeldgemeente 1")
    assert gemeente["summary"]["wijken"] > 30 and gemeente["summary"]["partners"] > 50
    # National organisations work in several gemeenten: the gemeenten are linked.
    assert top["edges"]
    page = client.get("/netwerk").get_data(as_text=True)
    assert 'id="f-gemeente"' in page and "Voorbeeldgemeente 2" in page
    middle = client.get("/netwerk/data.json", query_string=gemeente["summary"]["expand"]).get_json()
    assert middle["aggregated"] == "wijk" and 30 < len(middle["nodes"]) <= 100
    assert all("Voorbeeldgemeente 1" in n["label"] or "…" in n["label"] for n in middle["nodes"])
    wijk = max(middle["nodes"], key=lambda n: n["summary"]["partners"])
    bottom = client.get("/netwerk/data.json", query_string=wijk["summary"]["expand"]).get_json()
    assert bottom["aggregated"] == "" and bottom["message"] == ""
    assert {"wijk", "school", "partner"} <= {n["kind"] for n in bottom["nodes"]}
    assert client.get("/netwerk?gemeente=Atlantis").status_code == 404


def test_no_cdn_or_external_resource(client):
    for url in ("/", "/netwerk", "/wijk/w-heikant", "/hub/h-cultuur"):
        html = client.get(url).get_data(as_text=True)
        for attr in ('src="http', "src='http", 'href="http'):
            for chunk in html.split(attr)[1:]:
                # The only absolute links are partner websites and sources, never assets.
                assert not chunk.split('"')[0].endswith((".js", ".css", ".woff", ".woff2"))
    with client.get("/vendor/vis-network.min.js") as js:
        assert js.status_code == 200 and b"vis-network" in js.data[:200]


def test_xss_payload_stays_text(xss_app):
    client = xss_app.test_client()
    for url in ("/partners", "/partner/p-muziek", "/wijken", "/wijk/w-noord", "/", "/zoeken?q=img"):
        html = client.get(url).get_data(as_text=True)
        assert XSS not in html, url
        assert "&lt;img src=x onerror=" in html or (url == "/" and "&lt;img" in html), url
        assert "<script>alert(" not in html
    data = client.get("/api/v1/knoop/p-muziek").get_json()
    assert data["knoop"]["naam"] == XSS  # JSON carries the text; the page shows it as text


def test_store_down_gives_503_and_health_says_so(tmp_path, monkeypatch):
    from web import create_app

    monkeypatch.setenv("LEA_NEO4J_URI", "bolt://127.0.0.1:1")
    app = create_app({"STORE": "neo4j", "TESTING": True})
    client = app.test_client()
    page = client.get("/")
    assert page.status_code == 503
    assert "Database niet beschikbaar" in page.get_data(as_text=True)
    health = client.get("/health")
    assert health.status_code == 503 and health.get_json()["status"] == "niet beschikbaar"
    assert client.get("/api/v1/stats").status_code == 503


def test_health(client):
    data = client.get("/health").get_json()
    assert data["status"] == "ok" and data["geladen"] is True and data["knopen"] > 300


def test_first_start_on_empty_store_loads_tilburg_and_says_so(tmp_path):
    """On the embedded store; tests/test_neo4j.py does the same on an empty Neo4j."""
    from helpers import close_app, make_app

    app = make_app(tmp_path / "leeg", STORE="embedded")
    try:
        html = app.test_client().get("/").get_data(as_text=True)
        assert "Tilburgse voorbeeldnetwerk" in html and "was leeg" in html
    finally:
        close_app(app)


def test_a_value_is_computed_once_while_others_wait(web_app):
    import threading
    import time

    from web import services

    calls = []

    def slow():
        calls.append(1)
        time.sleep(0.3)
        return len(calls)

    results = []
    key = ("test-once", object())  # a key no other test uses

    def ask():
        with web_app.app_context():
            results.append(services.cached(key, slow))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert calls == [1] and results == [1, 1, 1, 1]


def test_screens_are_kept_per_version(web_app, monkeypatch):
    from web import services

    made = []

    @services.per_version
    def screen(arg):
        made.append(arg)
        return {"arg": arg}

    with web_app.app_context():
        assert screen("a") is screen("a") and made == ["a"]
        monkeypatch.setattr(services, "_version", lambda: "another-version")
        screen("a")
        assert made == ["a", "a"]  # a new network: computed again


# -- illustrative data, marked wherever it is shown ------------------------------------------


def _made_up(folder, table: str, column: str = "bron") -> tuple[int, int]:
    """(rows with ``column`` = voorbeeld, all rows) of a CSV table of the seed."""
    with open(folder / f"{table}.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return sum(r.get(column) == "voorbeeld" for r in rows), len(rows)


def test_the_notice_follows_the_data_whatever_loaded_it(runner, seed_dir, tmp_path):
    """Loaded with ``lea-graph load`` (not seeded by the app), the pages still say how
    much is made up, per table, with the counts of the seed's own files."""
    from helpers import close_app, make_app

    from lea_graph.cli import cli

    env = {"LEA_DATA_DIR": str(tmp_path / "data"), "LEA_STORE": "embedded", "LEA_NEO4J_URI": ""}
    assert runner.invoke(cli, ["load", str(seed_dir)], env=env).exit_code == 0
    app = make_app(tmp_path / "data", STORE="embedded", SEED_ON_EMPTY=False)
    try:
        html = app.test_client().get("/partners").get_data(as_text=True)
    finally:
        close_app(app)
    assert "Voorbeeldgegevens (verzonnen) in dit netwerk" in html and "was leeg" not in html
    for table, what in (("partners", "partners"), ("hub_leden", "hubleden"),
                        ("programma_partners", "programmadeelnames"),
                        ("activiteiten", "activiteiten")):  # fmt: skip
        made_up, total = _made_up(seed_dir, table)
        assert f"{made_up:,} van {total:,} {what}".replace(",", ".") in html, table
    # The schools: only the childcare locations are made up; no wijk figure is.
    made_up, total = _made_up(seed_dir, "scholen")
    assert 0 < made_up < total
    assert f"{made_up} van {total} scholen en opvanglocaties" in html
    assert "wijkcijfers" not in html


def test_no_notice_without_illustrative_rows(xss_app):
    html = xss_app.test_client().get("/").get_data(as_text=True)
    assert "Voorbeeldgegevens (verzonnen)" not in html


def test_listing_pages_mark_illustrative_rows_and_downloads_keep_bron(client, seed_dir):
    # Wijken: the seed's figures are CBS's, none is marked; the download names the
    # source of the SES and of the children of every wijk, as the wijken table has them.
    html = client.get("/wijken").get_data(as_text=True)
    table = html.split('id="tabel-wijken"', 1)[1].split("</table>", 1)[0]
    assert table.count('class="example"') == 0
    download = client.get("/wijken?download=wijken&format=csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(download.lstrip("\ufeff")), delimiter=";"))
    assert list(rows[0])[-3:] == ["Bron", "Bron SES", "Bron Kinderen"]
    with open(seed_dir / "wijken.csv", encoding="utf-8") as fh:
        wijken = {w["naam"]: w for w in csv.DictReader(fh)}
    for r in rows:
        assert r["Bron SES"] == wijken[r["Wijk"]]["ses_bron"], r["Wijk"]
        assert r["Bron Kinderen"] == wijken[r["Wijk"]]["kinderen_bron"], r["Wijk"]
    # The partner page of Factorium: its activities are made up and say so in the
    # table's note; the download has each row's bron.
    with open(seed_dir / "activiteiten.csv", encoding="utf-8") as fh:
        acts = [r for r in csv.DictReader(fh) if r["partner"] == "p-factorium"]
    page = client.get("/partner/p-factorium").get_data(as_text=True)
    assert f"{len(acts)} van de {len(acts)} rijen zijn voorbeeldgegevens (verzonnen)" in page
    rows = list(csv.reader(io.StringIO(
        client.get("/partner/p-factorium?download=activiteiten&format=csv")
        .get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))  # fmt: skip
    assert rows[0][-1] == "Bron" and {r[-1] for r in rows[1:]} == {"voorbeeld"}
    # A fact row is not marked: Factorium's hub membership comes from the LEA.
    hubs = (
        page.split('id="tabel-hubs"', 1)[1].split("</table>", 1)[0]
        if 'id="tabel-hubs"' in page
        else ""
    )
    assert 'class="example"' not in hubs


def test_target_cards_say_when_they_rest_on_illustrative_data(client):
    html = client.get("/").get_data(as_text=True)
    cards = html.split('id="doelen"', 1)[1].split("</section>", 1)[0]
    assert cards.count("berust op voorbeeldgegevens") == 2  # the two computable targets
    # ... on the made-up activities; the pupils are DUO's and the SES is CBS's.
    assert "de activiteiten en hun deelnemers" in cards
    assert "de SES van de wijken" not in cards and "de scholen en hun" not in cards
    assert cards.count("Leerlingen: DUO, 1 oktober") == 2
    assert "Bewezen: minstens" in cards and "hoogstens" in cards


def test_a_bedrijventerrein_has_no_gaps_on_the_pages(client, seed_dir):
    with open(seed_dir / "wijken.csv", encoding="utf-8") as fh:
        business = {r["id"] for r in csv.DictReader(fh) if r["soort"] == "bedrijventerrein"}
    rows = client.get("/api/v1/wijken").get_json()["tabellen"]["wijken"]["rijen"]
    shown = {r["wijk"]: r for r in rows}
    assert business and all(shown[w]["gaten"] == 0 for w in business)
    assert all(shown[w]["soort"] == "bedrijventerrein" for w in business)
    gaps = client.get("/api/v1/analyses/gaten").get_json()["tabellen"]["gaten"]["rijen"]
    listed = {r["wijk"] for r in gaps}
    assert listed and not listed & business


def test_search_with_control_characters_is_a_normal_search(client):
    """Found by fuzzing: ?q= with a NUL gave a 500."""
    plain = client.get("/api/v1/zoeken?q=heikant").get_json()["resultaten"]
    odd = client.get("/api/v1/zoeken", query_string={"q": "hei\x00kant\x01"}).get_json()
    assert plain and odd["resultaten"] == plain
