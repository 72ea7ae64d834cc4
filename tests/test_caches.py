"""Finding 5 of issue 25: anonymous visitors cannot grow the explorer's caches without
bound. Equivalent requests share one key, the memory cache keeps to its byte budget and
the disk cache to its size limit (the graph and the dataset stay), anonymous scenarios
are rate-limited, and the graphs a scenario makes are freed."""

from __future__ import annotations

import gc
import pickle
import random
import weakref
from urllib.parse import urlencode

import helpers
import pytest
from helpers import STORE_BACKENDS, app_on, login

#: Values that are kept in memory only, outside the budget (see web.services).
PINNED = {"graph", "dataset"}


def kept(app) -> dict:
    """What the app keeps in memory, by key (the version marker left out)."""
    out = {}
    for name in ("lea_cache", "lea_screens"):
        store = app.extensions.get(name)
        if store is not None:
            out.update((k, v) for k, v in store.items() if isinstance(k, tuple))
    return out


def counted_bytes(app) -> int:
    """The memory cache's values outside the pinned ones, measured as the budget measures
    them: their pickled length."""
    return sum(
        len(pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL))
        for k, v in kept(app).items()
        if k[0] not in PINNED
    )


def folder_bytes(folder) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def test_equivalent_network_views_share_one_key(web_app, client):
    """The review's /api/v1/netwerk with ``soort`` repeated and reordered: one key."""
    wanted = ["thema", "cluster", "hub"]
    variants = [
        wanted,
        ["hub", "cluster", "thema"],
        ["cluster", "cluster", "thema", "hub"],
        ["hub", "thema", "hub", "cluster", "thema"],
        ["thema", "hub", "cluster", "onbekend"],
    ]
    answers = []
    for kinds in variants:
        response = client.get("/api/v1/netwerk?" + urlencode([("soort", k) for k in kinds]))
        assert response.status_code == 200
        answers.append(response.get_json())
    assert all(a == answers[0] for a in answers)
    views = [k for k in kept(web_app) if k[0] == "view" and set(k[6]) == set(wanted)]
    assert len(views) == 1, views


def test_equivalent_scenarios_share_one_key(web_app, client):
    """The same partners stopping, in another order or named twice: one scenario."""
    urls = [
        "/api/v1/scenario?zonder=p-factorium&zonder=p-cist",
        "/api/v1/scenario?zonder=p-cist&zonder=p-factorium",
        "/api/v1/scenario?zonder=p-cist&zonder=p-factorium&zonder=p-cist",
    ]
    answers = [client.get(url) for url in urls]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert answers[0].get_json() == answers[1].get_json() == answers[2].get_json()
    scenarios = [k for k in kept(web_app) if k[0] == "scenario" and "p-cist" in k[1]]
    screens = [k for k in kept(web_app) if k[1:2] == ("scenario_screen",) and "p-cist" in k[2]]
    assert len(scenarios) == 1 and len(screens) == 1, (scenarios, screens)


@pytest.mark.parametrize("backend", STORE_BACKENDS)
def test_many_scenarios_stay_within_the_budgets(backend, tmp_path):
    """Many different scenarios (logged in, so no rate limit): the memory cache's byte
    total stays at or under its budget and the disk folder under its limit, while the
    graph and the dataset stay kept (never read from the store again)."""
    from web import services

    memory_mb, disk_mb = 0.5, 0.75
    with app_on(
        backend,
        tmp_path,
        USERS=helpers.test_users(),
        CACHE_MEMORY_MB=memory_mb,
        CACHE_DISK_MB=disk_mb,
    ) as (app, _):
        client = app.test_client()
        login(client, "lezer")
        assert client.get("/").status_code == 200
        with app.app_context():
            dataset = services.dataset()
        graph = kept(app)[("graph",)]
        partners = sorted(n for n, kind in graph.nodes(data="kind") if kind == "partner")
        rnd = random.Random(5)
        for _ in range(40):
            chosen = rnd.sample(partners, 3)
            url = "/api/v1/scenario?" + urlencode([("zonder", p) for p in chosen])
            assert client.get(url).status_code == 200
        assert counted_bytes(app) <= memory_mb * 1e6
        assert folder_bytes(tmp_path / "cache") <= disk_mb * 1e6
        # The graph and the dataset were never dropped: the same objects answer on.
        assert kept(app)[("graph",)] is graph
        assert client.get("/partners").status_code == 200
        assert kept(app)[("graph",)] is graph and kept(app)[("dataset",)] is dataset


def test_anonymous_scenarios_are_rate_limited(tmp_path):
    """A visitor who is not logged in gets a limited number of scenarios per address;
    a logged-in user does not."""
    with app_on(
        "embedded", tmp_path, USERS=helpers.test_users(), RATE_LIMITS={"scenario": (3, 3600)}
    ) as (
        app,
        _,
    ):
        anonymous = app.test_client()
        statuses = [
            anonymous.get(f"/api/v1/scenario?zonder={p}").status_code
            for p in ("p-factorium", "p-cist", "p-artfact", "p-factorium")
        ]
        assert statuses == [200, 200, 200, 429]
        page = anonymous.get("/scenario?zonder=p-cist")
        assert page.status_code == 429 and "Te veel" in page.get_data(as_text=True)
        # The page without a scenario (the form) stays open.
        assert anonymous.get("/scenario").status_code == 200
        member = app.test_client()
        login(member, "lezer")
        assert member.get("/api/v1/scenario?zonder=p-cist").status_code == 200


def test_a_scenario_graph_is_freed(tilburg):
    """The analyses' view of a graph lives as long as the graph: a scenario's changed
    copy of the network is freed after its run (it was kept for ever)."""
    from lea_graph.analytics.network import Network
    from lea_graph.graph import to_graph

    g = to_graph(tilburg)
    copy = g.copy()
    assert Network.of(copy).name("p-factorium") == Network.of(g).name("p-factorium")
    freed = weakref.ref(copy)
    del copy
    gc.collect()
    assert freed() is None
