"""The explorer through Flask's test client: every route, key content, downloads."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import networkx as nx
import openpyxl
import pytest
from helpers import STORE_BACKENDS, XSS

from lea_graph.ingest import load_dataset

#: Every route of the app with an example URL (a test checks this list is complete).
ROUTES = {
    "overzicht.index": "/",
    "netwerk.index": "/netwerk",
    "netwerk.data": "/netwerk/data.json",
    "wijken.index": "/wijken",
    "wijken.wijk": "/wijk/w-heikant",
    "hubs.index": "/hubs",
    "hubs.hub": "/hub/h-cultuur",
    "entiteiten.partners": "/partners",
    "entiteiten.partner": "/partner/p-factorium",
    "entiteiten.scholen": "/scholen",
    "entiteiten.school": "/school/s-001",
    "entiteiten.programmas": "/programmas",
    "entiteiten.programma": "/programma/pr-taal52",
    "analyses.index": "/analyses",
    "analyses.analysis": "/analyses/gaten",
    "zoeken.index": "/zoeken?q=heikant",
    "gegevens.index": "/gegevens",
    "gegevens.network_download": "/download/netwerk.graphml",
    "gegevens.vendor": "/vendor/vis-network.min.js",
    "gegevens.favicon": "/favicon.ico",
    "api.stats": "/api/stats",
    "api.api_overzicht": "/api/overzicht",
    "api.api_wijken": "/api/wijken",
    "api.api_wijk": "/api/wijk/w-heikant",
    "api.api_hubs": "/api/hubs",
    "api.api_hub": "/api/hub/h-cultuur",
    "api.api_partners": "/api/partners",
    "api.api_partner": "/api/partner/p-factorium",
    "api.api_scholen": "/api/scholen",
    "api.api_school": "/api/school/s-001",
    "api.api_programmas": "/api/programmas",
    "api.api_programma": "/api/programma/pr-taal52",
    "api.api_analyse": "/api/analyses/isolement",
    "api.api_zoeken": "/api/zoeken?q=factorium",
    "api.api_knoop": "/api/knoop/p-factorium",
    "api.api_netwerk": "/api/netwerk?wijk=w-heikant",
    "health.health": "/health",
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
    "/gegevens": ["lea-netwerk.graphml", "/api/wijk/&lt;id&gt;"],
}  # fmt: skip


@pytest.mark.parametrize("url", sorted(KEY_CONTENT))
def test_key_content(client, url):
    html = client.get(url).get_data(as_text=True)
    for text in KEY_CONTENT[url]:
        assert text in html, text


def test_schooljaar_selector_changes_the_numbers(client):
    all_years = client.get("/api/overzicht").get_json()
    one = client.get("/api/overzicht?schooljaar=2024-2025").get_json()
    assert one["schooljaar"] == "2024-2025"
    assert all_years["doelen"][0]["teller"] != one["doelen"][0]["teller"] or (
        all_years["tabellen"]["gaten"]["rijen"] != one["tabellen"]["gaten"]["rijen"]
    )
    assert client.get("/?schooljaar=1999-2000").status_code == 404


def test_wijk_page_agrees_with_the_store(client, web_app):
    data = client.get("/api/wijk/w-heikant").get_json()
    rows = data["tabellen"]["wie-doet-wat"]["rijen"]
    with web_app.app_context():
        from web.db import get_store

        expected = get_store().query("wie_doet_wat", wijk="w-heikant")
    assert len(rows) == len(expected) > 0
    assert {r["partner"] for r in rows} == {r["partner"] for r in expected}


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


def test_api_errors_are_json(client):
    response = client.get("/api/wijk/bestaat-niet")
    assert response.status_code == 404
    assert response.get_json()["fout"] == "Niet gevonden"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_table_downloads_parse_back(client, fmt):
    page = client.get("/api/wijken").get_json()["tabellen"]["wijken"]
    response = client.get(f"/wijken?download=wijken&format={fmt}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    if fmt == "csv":
        text = response.data.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    else:
        wb = openpyxl.load_workbook(io.BytesIO(response.data))
        rows = [[c.value for c in row] for row in wb.active.iter_rows()]
    assert rows[0][:3] == ["Wijk", "Stadsdeel", "PacT-wijk"]
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
    assert "w-heikant" in ids and "s-077" in ids
    assert all(n["id"] in ids for n in [{"id": e["from"]} for e in data["edges"]])
    assert data["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])
    kinds = client.get("/netwerk/data.json?soort=partner&soort=hub").get_json()
    assert {n["kind"] for n in kinds["nodes"]} == {"partner", "hub"}
    coloured = client.get("/netwerk/data.json?kleur=gemeenschap").get_json()
    assert any(item["label"].startswith("Gemeenschap") for item in coloured["legend"])


def _capped(app, cap: int, url: str):
    app.config["NODE_CAP"] = cap
    try:
        response = app.test_client().get(url)
    finally:
        app.config["NODE_CAP"] = 1500
    return response


def test_above_the_cap_the_view_shows_wijken_with_their_counts(web_app, tilburg):
    data = _capped(web_app, 50, "/netwerk/data.json").get_json()
    assert data["total_nodes"] > 50 and data["aggregated"] == "wijk"
    assert "elke wijk als één knoop" in data["message"]
    assert len(data["nodes"]) <= 50
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
    from conftest import _app_on, _close

    from lea_graph.generate import generate_synthetic

    app, network = _app_on(
        request.param,
        tmp_path_factory.mktemp("country"),
        generate_synthetic(3, seed=2),
        SEED_ON_EMPTY=False,
        NODE_CAP=100,
    )
    yield app, network
    _close(app)


@pytest.fixture
def country(_country):
    """The explorer on three generated municipalities and national organisations."""
    app, network = _country
    network.ensure()
    return app


def test_a_country_zooms_from_gemeenten_to_wijken_to_everything(country):
    client = country.test_client()
    top = client.get("/netwerk/data.json").get_json()
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
    data = client.get("/api/knoop/p-muziek").get_json()
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
    assert client.get("/api/stats").status_code == 503


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
