"""The store contract, run with the same assertions against the real embedded FalkorDB
and a real Neo4j.

Queries are checked on a tiny network whose answers are written down by hand, and on
the Tilburg seed against answers computed straight from its tables.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pytest
from helpers import STORE_BACKENDS, TINY, Network, make_store

from lea_graph.cypher import QueryParamError, named_queries
from lea_graph.dataset import Dataset
from lea_graph.graph import from_graph, to_graph
from lea_graph.store import LoadFailed, StoreError


@pytest.fixture(scope="module")
def tiny() -> Dataset:
    return Dataset.from_rows(TINY)


def _network(backend: str, folder, dataset):
    network = Network(make_store(backend, folder), dataset)
    yield network
    network.store.close()


@pytest.fixture(scope="module", params=STORE_BACKENDS)
def _tiny(request, tiny, tmp_path_factory):
    yield from _network(request.param, tmp_path_factory.mktemp("tiny"), tiny)


@pytest.fixture
def tiny_store(_tiny):
    return _tiny.ensure()


@pytest.fixture(scope="module", params=STORE_BACKENDS)
def _seed(request, tilburg, tmp_path_factory):
    yield from _network(request.param, tmp_path_factory.mktemp("seed"), tilburg)


@pytest.fixture
def seed_store(_seed):
    return _seed.ensure()


# -- hand-checked answers on the tiny network ---------------------------------------------


def test_wie_doet_wat(tiny_store):
    rows = tiny_store.query("wie_doet_wat", wijk="w-noord")
    got = sorted((r["via"], r["partner"], r["school"] or "", r["schooljaar"]) for r in rows)
    assert got == [
        ("school", "p-dans", "s-a", "2024-2025"),
        ("school", "p-muziek", "s-a", "2023-2024"),
        ("school", "p-voetbal", "s-b", "2023-2024"),
        ("wijk", "p-voetbal", "", "2024-2025"),
    ]
    muziek = next(r for r in rows if r["partner"] == "p-muziek")
    assert muziek["hub_naam"] == "Cultuur en muziek"
    assert muziek["programma_naam"] == "Cultuurcoaches"
    assert muziek["cluster_naam"] == "Brede talentontwikkeling"
    assert muziek["deelnemers"] == 25
    assert muziek["partner_hubs"] == ["h-cultuur"]
    year = tiny_store.query("wie_doet_wat", wijk="w-noord", schooljaar="2024-2025")
    assert sorted((r["via"], r["partner"]) for r in year) == [
        ("school", "p-dans"),
        ("wijk", "p-voetbal"),
    ]
    assert tiny_store.query("wie_doet_wat", wijk="w-bestaat-niet") == []


def test_hub_partners(tiny_store):
    rows = tiny_store.query("hub_partners", hub="h-cultuur")
    assert [r["partner"] for r in rows] == ["p-dans", "p-muziek"]  # ordered by name
    muziek = rows[1]
    assert muziek["rol"] == "trekker"
    assert muziek["activiteiten"] == 2
    assert sorted(muziek["scholen"]) == ["s-a", "s-c"]
    assert sorted(muziek["wijken_via_scholen"]) == ["w-noord", "w-zuid"]
    sport = tiny_store.query("hub_partners", hub="h-sport")
    assert sport[0]["wijken_via_inzet"] == ["w-noord"]
    later = tiny_store.query("hub_partners", hub="h-cultuur", schooljaar="2023-2024")
    assert [(r["partner"], r["activiteiten"]) for r in later] == [("p-dans", 0), ("p-muziek", 1)]


def test_hub_wijk_dekking(tiny_store):
    rows = tiny_store.query("hub_wijk_dekking")
    got = sorted(
        (r["hub"], r["wijk"], r["via"], tuple(sorted(r["partners"])), r["aantal"]) for r in rows
    )
    assert got == [
        ("h-cultuur", "w-noord", "school", ("p-dans", "p-muziek"), 2),
        ("h-cultuur", "w-zuid", "school", ("p-muziek",), 1),
        ("h-sport", "w-noord", "school", ("p-voetbal",), 1),
        ("h-sport", "w-noord", "wijk", ("p-voetbal",), 1),
    ]


def test_omgeving(tiny_store):
    rows = tiny_store.query("omgeving", id="p-los")
    assert [(r["type"], r["buur"], r["uitgaand"]) for r in rows] == [("ACTIVITEIT_OP", "s-c", True)]
    rows = tiny_store.query("omgeving", id="w-noord")
    assert sorted((r["type"], r["buur"], r["uitgaand"]) for r in rows) == [
        ("INZET_IN", "p-voetbal", False),
        ("LIGT_IN", "s-a", False),
        ("LIGT_IN", "s-b", False),
    ]
    assert rows[0]["props"]["naam"] == "Noord"
    assert len(tiny_store.query("omgeving", id="w-noord", limit=1)) == 1
    assert tiny_store.query("omgeving", id="bestaat-niet") == []


def test_zoeken_ignores_case_and_accents(tiny_store):
    assert [r["id"] for r in tiny_store.query("zoeken", term="CAFE")] == ["p-muziek"]
    assert [r["id"] for r in tiny_store.query("zoeken", term="eenheid")] == ["p-dans"]
    assert [r["id"] for r in tiny_store.query("zoeken", term="zuid", soorten=["wijk"])] == [
        "w-zuid"
    ]
    hits = tiny_store.query("zoeken", term="s", limit=3)
    assert len(hits) == 3
    # Names that start with the text come first.
    assert tiny_store.query("zoeken", term="school")[0]["naam"].startswith("School")


def test_isolated_actors(tiny_store):
    isolated = tiny_store.query("geisoleerde_partners")
    assert [(r["partner"], r["activiteiten"]) for r in isolated] == [("p-los", 1)]
    idle = tiny_store.query("locaties_zonder_activiteit")
    assert [r["school"] for r in idle] == ["s-d"]
    idle = tiny_store.query("locaties_zonder_activiteit", schooljaar="2024-2025")
    assert sorted(r["school"] for r in idle) == ["s-b", "s-d"]


def test_parameters_are_checked(tiny_store):
    with pytest.raises(QueryParamError, match="ontbreekt"):
        tiny_store.query("wie_doet_wat")
    with pytest.raises(QueryParamError, match="Onbekende parameter"):
        tiny_store.query("zoeken", term="x", kleur="rood")
    with pytest.raises(QueryParamError, match="heel getal"):
        tiny_store.query("zoeken", term="x", limit="veel")
    with pytest.raises(KeyError):
        tiny_store.query("bestaat_niet")


def test_every_named_query_runs(tiny_store):
    """Every named query, with the number of rows worked out from TINY by hand (a new
    query must be added here)."""
    import unicodedata

    def folded(text: str) -> str:
        return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()

    names = [r["naam"] for rows in TINY.values() for r in rows if "naam" in r]
    samples = {
        "wijk": "w-noord", "hub": "h-cultuur", "id": "p-muziek", "term": "a",
        "ids": ["w-noord", "s-a", "p-muziek", "bestaat-niet"], "typen": ["LIGT_IN", "INZET_IN"],
        "soort": "partner", "programma": "pr-coach", "gemeente": "Tilburg",
    }  # fmt: skip
    expected = {
        "wie_doet_wat": 4,  # three activities at A and B in Noord, one wijkinzet
        "hub_partners": 2,  # Muziekschool and Dansgroep
        "hub_wijk_dekking": 4,  # see test_hub_wijk_dekking
        # Muziekschool: activities at A and C, member of Cultuur, works with Dansgroep,
        # uitvoerder of Cultuurcoaches.
        "omgeving": 5,
        "zoeken": min(25, sum("a" in folded(n) for n in names)),  # limit 25
        "geisoleerde_partners": 1,  # Losse Partner
        "locaties_zonder_activiteit": 1,  # Opvang D
        # The buurt of a page (lea_graph.buurt), for the ids w-noord, s-a, p-muziek and one
        # that does not exist: next to them along LIGT_IN and INZET_IN are School A and B
        # and Voetbalclub (of Noord) and Noord (of School A).
        "buren": 4,
        "deelgraaf_knopen": 3,
        # References leaving them: School A in Noord. Relationship table rows arriving:
        # Voetbalclub's wijkinzet in Noord, Muziekschool's and Dansgroep's activities
        # at School A.
        "relaties_van": 1,
        "relaties_naar": 3,
        # Muziekschool: activities at A and C, member of Cultuur, works with Dansgroep,
        # uitvoerder of Cultuurcoaches.
        "relaties_rond": 5,
        "gemeente_wijken_hubs": 0,  # TINY names no gemeente
        "gemeenten": 0,  # TINY names none
        "indeling": 3,  # one ambitie, cluster and thema
        "knopen_van_soort": 5,  # the partners
        "programma_uitvoering": 1,  # Cultuurcoaches: Muziekschool at School A
    }
    assert set(named_queries()) == set(expected)
    for name, st in named_queries().items():
        params = {p.name: samples[p.name] for p in st.params if p.required}
        assert len(tiny_store.query(name, **params)) == expected[name], name


def test_read_only_refuses_writes_and_caps_rows(tiny_store):
    with pytest.raises(StoreError):
        tiny_store.read_only("CREATE (n:Knoop {id: 'x'}) RETURN n")
    assert tiny_store.query("zoeken", term="x") == []
    result = tiny_store.read_only("MATCH (n:Knoop) RETURN n.id AS id ORDER BY id", max_rows=3)
    assert result.columns == ["id"] and len(result.rows) == 3 and result.truncated
    nodes = tiny_store.read_only("MATCH (n:Wijk {id: $id}) RETURN n", {"id": "w-zuid"})
    assert nodes.rows[0][0]["properties"]["naam"] == "Zuid"


def test_read_only_times_out(tiny_store):
    with pytest.raises(StoreError, match="te lang"):
        tiny_store.read_only(
            "MATCH (a:Knoop), (b:Knoop), (c:Knoop), (d:Knoop), (e:Knoop), (f:Knoop) "
            "WHERE a.rij + b.rij + c.rij + d.rij + e.rij + f.rij >= 0 RETURN count(*)",
            timeout_ms=100,
        )


# -- the seed: answers computed straight from the tables ------------------------------------


def test_seed_stats_and_export(seed_store, tilburg):
    stats = seed_store.stats()
    counts = tilburg.counts()
    assert stats["loaded"]
    assert stats["nodes"]["partner"] == counts["partners"]
    assert stats["edges"]["activiteiten"] == counts["activiteiten"]
    assert stats["edges"]["school_wijk"] == sum(1 for r in tilburg.rows("scholen") if r["wijk"])
    g = seed_store.to_networkx()
    assert nx.utils.graphs_equal(g, to_graph(tilburg))
    assert from_graph(g).same_as(tilburg)


def test_seed_wie_doet_wat_matches_the_tables(seed_store, tilburg):
    school_wijk = {r["id"]: r["wijk"] for r in tilburg.rows("scholen")}
    for wijk in ("w-heikant", "w-binnenstad", "w-wandelbos-noord"):
        expected = Counter(
            (a["partner"], a["school"], a["schooljaar"])
            for a in tilburg.rows("activiteiten")
            if school_wijk[a["school"]] == wijk
        )
        expected += Counter(
            (i["partner"], None, i["schooljaar"])
            for i in tilburg.rows("wijkinzet")
            if i["wijk"] == wijk
        )
        rows = seed_store.query("wie_doet_wat", wijk=wijk)
        assert Counter((r["partner"], r["school"], r["schooljaar"]) for r in rows) == expected


def test_seed_isolated_actors_match_the_tables(seed_store, tilburg):
    linked = {r["partner_a"] for r in tilburg.rows("samenwerkingen")}
    linked |= {r["partner_b"] for r in tilburg.rows("samenwerkingen")}
    members = {r["partner"] for r in tilburg.rows("hub_leden")}
    expected = {r["id"] for r in tilburg.rows("partners")} - linked - members
    got = {r["partner"] for r in seed_store.query("geisoleerde_partners")}
    assert got == expected and got
    active = {a["school"] for a in tilburg.rows("activiteiten")}
    expected = {r["id"] for r in tilburg.rows("scholen")} - active
    assert {r["school"] for r in seed_store.query("locaties_zonder_activiteit")} == expected


def test_seed_hub_wijk_dekking_matches_the_tables(seed_store, tilburg):
    school_wijk = {r["id"]: r["wijk"] for r in tilburg.rows("scholen")}
    expected = Counter(
        (a["hub"], school_wijk[a["school"]]) for a in tilburg.rows("activiteiten") if a["hub"]
    )
    rows = seed_store.query("hub_wijk_dekking")
    got = Counter({(r["hub"], r["wijk"]): r["aantal"] for r in rows if r["via"] == "school"})
    assert got == expected


# -- loading ----------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", STORE_BACKENDS)
def test_load_twice_gives_the_same_graph(backend, tilburg, tmp_path):
    with make_store(backend, tmp_path) as store:
        store.load(tilburg)
        first = store.to_networkx()
        store.load(tilburg)
        assert nx.utils.graphs_equal(first, store.to_networkx())


@pytest.mark.parametrize("backend", STORE_BACKENDS)
def test_failed_load_keeps_the_previous_network(backend, tiny, tilburg, tmp_path):
    broken = Dataset.from_rows(
        {**TINY, "activiteiten": [*TINY["activiteiten"], {"partner": "p-los", "school": "s-weg"}]}
    )
    with make_store(backend, tmp_path) as store:
        store.load(tilburg)
        before = store.stats()
        with pytest.raises(LoadFailed, match="ongewijzigd"):
            store.load(broken)
        after = store.stats()
        assert after == before
        assert from_graph(store.to_networkx()).same_as(tilburg)


@pytest.mark.parametrize("backend", STORE_BACKENDS)
def test_values_survive_exactly(backend, tmp_path):
    tricky = [
        '=1+1', "007", "NA", "'s-Hertogenbosch", 'aan"hal"ing', "back\\slash", "regel 1\nregel 2",
        "}) MATCH (n) DETACH DELETE n //", "$param", "emoji 🎨 en ë",
    ]  # fmt: skip
    rows = {
        **TINY,
        "partners": TINY["partners"]
        + [
            {"id": f"p-t{i}", "naam": v, "type": "overig", "beschrijving": v}
            for i, v in enumerate(tricky)
        ],
    }
    ds = Dataset.from_rows(rows)
    with make_store(backend, tmp_path) as store:
        store.load(ds)
        assert from_graph(store.to_networkx()).same_as(ds)
        assert store.stats()["nodes"]["partner"] == len(rows["partners"])


@pytest.mark.parametrize("backend", STORE_BACKENDS)
def test_second_concurrent_load_is_refused(backend, tilburg, tmp_path):
    import threading

    from lea_graph.generate import generate_synthetic
    from lea_graph.store import StoreBusy

    big = generate_synthetic(2, seed=2)
    started, release = threading.Event(), threading.Event()

    def slow(phase, done, total):
        started.set()
        release.wait(60)

    with make_store(backend, tmp_path) as first, make_store(backend, tmp_path) as second:
        first.load(tilburg)
        before = second.stats()
        worker = threading.Thread(target=lambda: first.load(big, batch_size=100, progress=slow))
        worker.start()
        assert started.wait(60)
        try:
            with pytest.raises(StoreBusy, match="al een netwerk"):
                second.load(tilburg)
            # Half-way through the first load, readers still see the network before it.
            assert second.stats() == before
            assert from_graph(second.to_networkx()).same_as(tilburg)
        finally:
            release.set()
            worker.join(120)
        second.load(tilburg)  # free again once the first load is done
        assert second.stats()["nodes"]["partner"] == tilburg.counts()["partners"]


@pytest.mark.parametrize("backend", STORE_BACKENDS)
def test_a_generated_network_comes_back_equal(backend, tmp_path):
    """The agreement test on a network with several gemeenten and national organisations:
    what ``to_networkx()`` reads from the store is the graph built from the dataset."""
    from lea_graph.generate import generate_synthetic

    dataset = generate_synthetic(3, seed=5)
    with make_store(backend, tmp_path) as store:
        report = store.load(dataset, batch_size=250)
        expected = to_graph(dataset)
        assert (report.nodes, report.relationships) == (
            expected.number_of_nodes(),
            expected.number_of_edges(),
        )
        assert nx.utils.graphs_equal(store.to_networkx(), expected)


def _frozen(rows: list[dict]) -> Counter:
    """Rows as a multiset, lists sorted (Cypher does not order collected lists)."""
    return Counter(
        tuple(sorted((k, tuple(sorted(v)) if isinstance(v, list) else v) for k, v in r.items()))
        for r in rows
    )


@pytest.mark.parametrize("network", ["seed", "generated"])
def test_the_pages_lookups_agree_with_the_named_queries(seed_store, tilburg, network, tmp_path):
    """The wijk and hub pages answer from the network graph (lea_graph.analytics.lookup);
    the CLI and the console ask Cypher. Both give the same rows, on the seed and on a
    generated network with several gemeenten, for every year and for all years."""
    from lea_graph.analytics.lookup import hub_partners, wie_doet_wat
    from lea_graph.generate import generate_synthetic

    store = seed_store
    if network == "generated":
        dataset = generate_synthetic(2, seed=11)
        store.load(dataset)
    g = store.to_networkx()
    wijken = sorted(n for n, d in g.nodes(data=True) if d["kind"] == "wijk")[::7]
    hubs = sorted(n for n, d in g.nodes(data=True) if d["kind"] == "hub")
    for year in (None, "2023-2024", "2024-2025"):
        for wijk in wijken:
            expected = store.query("wie_doet_wat", wijk=wijk, schooljaar=year)
            assert _frozen(wie_doet_wat(g, wijk, year)) == _frozen(expected), (wijk, year)
        for hub in hubs:
            expected = store.query("hub_partners", hub=hub, schooljaar=year)
            got = hub_partners(g, hub, year)
            assert _frozen(got) == _frozen(expected), (hub, year)
            assert [r["partner"] for r in got] == [r["partner"] for r in expected]


def test_a_nul_character_is_refused_in_parameters(tiny_store):
    """Found by fuzzing the API: a NUL in a search text broke the embedded store's query."""
    with pytest.raises(QueryParamError, match="NUL"):
        tiny_store.query("zoeken", term="a\x00b")
    from lea_graph.store.guard import ForbiddenQuery

    with pytest.raises(ForbiddenQuery, match="NUL"):
        tiny_store.read_only("RETURN $x AS x", {"x": "a\x00"})
