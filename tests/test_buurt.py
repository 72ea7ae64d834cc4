"""The pages about one node read its buurt from the store (named queries), never the
whole network: every such page gives the same answer as the whole-network code, on the
Tilburg seed and on a generated network of three gemeenten, on both stores; and with the
kept results of the network in place, no such page reads the whole network."""

from __future__ import annotations

import pytest
from helpers import STORE_BACKENDS, app_on

from lea_graph import model
from lea_graph.generate import generate_synthetic
from web import services
from web.screens.hub import hub_screen
from web.screens.knoop import knoop_screen
from web.screens.partner import partner_screen
from web.screens.programma import programma_screen
from web.screens.school import school_screen
from web.screens.wijk import wijk_screen

#: The page of each kind of node, as a function of (id, schooljaar).
PAGES = {
    "wijk": wijk_screen,
    "hub": hub_screen,
    "partner": partner_screen,
    "school": school_screen,
    "programma": programma_screen,
}

NETWORKS = ("tilburg", "drie gemeenten")


@pytest.fixture(
    scope="module",
    params=[(b, n) for b in STORE_BACKENDS for n in NETWORKS],
    ids=[f"{b}-{n.replace(' ', '-')}" for b in STORE_BACKENDS for n in NETWORKS],
)
def network_app(request, tmp_path_factory):
    backend, name = request.param
    dataset = generate_synthetic(3, seed=1) if name == "drie gemeenten" else None
    source = "gegenereerd: 3 gemeenten" if dataset is not None else ""
    folder = tmp_path_factory.mktemp("buurt")
    with app_on(backend, folder, dataset, source) as (app, _):
        yield app, name


def _every_page(app, from_store: bool, year: str | None) -> dict:
    """Every node page's data (and the node view of every node) as JSON."""
    app.config["PAGES_FROM_STORE"] = from_store
    out = {}
    with app.test_request_context("/"):
        services.forget()
        for kind, page in PAGES.items():
            for node in services.nodes_of(kind):
                out[kind, node["id"]] = page(node["id"], year).to_json()
        for kind in (nk.kind for nk in model.NODE_KINDS):
            for node in services.nodes_of(kind):
                out["knoop", node["id"]] = knoop_screen(node["id"]).to_json()
    return out


def _years(app, name: str) -> list[str | None]:
    """All years, and on the seed the newest schooljaar too (the schooljaar rule is the
    same on every network: once is enough for the larger one)."""
    with app.test_request_context("/"):
        return [None, services.years()[-1]] if name == "tilburg" else [None]


def test_every_node_page_is_the_same_from_its_buurt(network_app):
    app, name = network_app
    for year in _years(app, name):
        whole = _every_page(app, from_store=False, year=year)
        local = _every_page(app, from_store=True, year=year)
        assert whole.keys() == local.keys()
        kinds = {k for k, _ in whole}
        assert kinds == {*PAGES, "knoop"}, name
        differ = [key for key in whole if whole[key] != local[key]]
        assert not differ, (name, year, differ[:5])
    app.config["PAGES_FROM_STORE"] = True


def test_with_the_kept_results_no_node_page_reads_the_whole_network(network_app, monkeypatch):
    app, name = network_app
    app.config["PAGES_FROM_STORE"] = True
    with app.test_request_context("/"):
        services.forget()
        services.keep_results()
        # A restarted explorer: nothing in memory, the kept results on disk.
        app.extensions.pop("lea_cache", None)

        def whole_network():
            raise AssertionError("a page about one node read the whole network")

        monkeypatch.setattr(services, "graph", whole_network)
        pages = 0
        for kind, page in PAGES.items():
            for node in services.nodes_of(kind):
                page(node["id"], None)
                knoop_screen(node["id"])
                pages += 2
        assert pages > 100, name


def test_a_routing_connection_as_a_cluster_or_aura_uses_reads_the_buurt(tmp_path):
    """A Neo4j cluster and Aura are reached with the routing scheme (``neo4j://``,
    ``neo4j+s://``): on one server the same load, named queries and buurt work through
    it, with reads routed to a reader (every read runs in a READ session)."""
    import os

    from helpers import need_neo4j

    from lea_graph.buurt import buurt
    from lea_graph.graph import to_graph
    from lea_graph.ingest import load_dataset
    from lea_graph.resources import seed_path
    from lea_graph.store.neo4j import Neo4jStore

    need_neo4j()
    uri = os.environ["LEA_NEO4J_URI"]
    assert uri.startswith("bolt://"), uri
    store = Neo4jStore(uri.replace("bolt://", "neo4j://", 1))
    try:
        dataset = load_dataset(seed_path())
        store.load(dataset, source="routing")
        whole = to_graph(dataset)
        local = buurt(store, "w-groenewoud")
        assert set(local.nodes) <= set(whole.nodes)
        schools = {u for u, v, d in whole.in_edges("w-groenewoud", data=True)
                   if d["kind"] == "school_wijk"}  # fmt: skip
        assert schools and schools <= set(local.nodes)
        assert store.query("wie_doet_wat", wijk="w-groenewoud")
    finally:
        store.close()
