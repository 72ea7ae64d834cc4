"""Shared fixtures: the Tilburg seed, scratch copies of it, and a CLI runner."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import STORE_BACKENDS, TINY, XSS, _stray_servers

from lea_graph.ingest import load_dataset
from lea_graph.resources import seed_path

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_configure(config):
    """A test that does not name its store gets the embedded one, also when the shared
    Neo4j's ``LEA_NEO4J_URI`` is set; the Neo4j tests name their store."""
    import os

    os.environ["LEA_STORE"] = "embedded"


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    return seed_path()


@pytest.fixture(scope="session")
def tilburg(seed_dir):
    """The validated Tilburg seed dataset (read once per test session)."""
    return load_dataset(seed_dir)


@pytest.fixture
def seed_copy(seed_dir, tmp_path) -> Path:
    """A scratch copy of the Tilburg seed folder that a test may break."""
    dest = tmp_path / "tilburg"
    shutil.copytree(seed_dir, dest)
    return dest


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


# -- graph stores ---------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def no_orphan_servers(tmp_path_factory):
    """Whatever a test does, no database server it started outlives the test session."""
    base = tmp_path_factory.getbasetemp()
    yield
    import os
    import signal
    import time

    for pid in _stray_servers(base):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while _stray_servers(base) and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.fixture(scope="session")
def empty_neo4j(tmp_path_factory):
    """A Neo4j of its own with nothing loaded (tests only read it)."""
    from helpers import LocalNeo4j, neo4j_can_start

    neo4j_can_start()
    db = LocalNeo4j(tmp_path_factory.mktemp("neo4j-leeg"))
    db.start()
    yield db
    db.stop()


# -- the web app ---------------------------------------------------------------------------------


def _app_on(backend: str, data_dir, dataset=None, source: str = "", **config):
    """The real explorer on a real store, and the :class:`helpers.Network` it shows.

    On the embedded store an empty data directory makes the app load the Tilburg seed
    itself at first use (``SEED_ON_EMPTY``), unless ``dataset`` is given; on Neo4j the
    fixture loads the network (the shared database is never empty for long).
    """
    from helpers import Network, make_store

    from web import create_app
    from web.db import SEED_SOURCE, get_store

    network = None
    if backend == "neo4j" or dataset is not None:
        if dataset is None:
            from lea_graph.resources import seed_path

            dataset, source = load_dataset(seed_path()), SEED_SOURCE
        store = make_store(backend, data_dir)
        network = Network(store, dataset, source)
        store.close()
    app = create_app({"DATA_DIR": str(data_dir), "TESTING": True, "STORE": backend, **config})
    if network is not None:
        with app.app_context():
            network.store = get_store()
    return app, network


def _close(app) -> None:
    store = app.extensions.get("lea_store")
    if store is not None:
        store.close()


@pytest.fixture(scope="session", params=STORE_BACKENDS)
def _web_app(request, tmp_path_factory):
    app, network = _app_on(request.param, tmp_path_factory.mktemp("web"))
    yield app, network
    _close(app)


@pytest.fixture
def web_app(_web_app):
    """The explorer on the Tilburg seed, once on each store."""
    app, network = _web_app
    if network is not None:
        network.ensure()
    return app


@pytest.fixture
def client(web_app):
    return web_app.test_client()


def _xss_dataset():
    from lea_graph.dataset import Dataset

    rows = {k: [dict(r) for r in v] for k, v in TINY.items()}
    rows["partners"][0]["naam"] = XSS
    rows["wijken"][0]["naam"] = XSS + " wijk"
    rows["scholen"][0]["naam"] = "<script>alert('school')</script>"
    return Dataset.from_rows(rows)


@pytest.fixture(scope="session", params=STORE_BACKENDS)
def _xss_app(request, tmp_path_factory):
    app, network = _app_on(
        request.param,
        tmp_path_factory.mktemp("xss"),
        _xss_dataset(),
        "xss-test",
        SEED_ON_EMPTY=False,
    )
    yield app, network
    _close(app)


@pytest.fixture
def xss_app(_xss_app):
    """An app whose network has a partner, wijk and school with an XSS payload as name."""
    app, network = _xss_app
    network.ensure()
    return app


@pytest.fixture(scope="session")
def browser_apps(tmp_path_factory):
    """The seeded explorer and the XSS one, for the browser tests (on the embedded store)."""
    seeded, _ = _app_on("embedded", tmp_path_factory.mktemp("browser"))
    xss, _ = _app_on(
        "embedded",
        tmp_path_factory.mktemp("browser-xss"),
        _xss_dataset(),
        "xss-test",
        SEED_ON_EMPTY=False,
    )
    yield seeded, xss
    _close(seeded)
    _close(xss)


@pytest.fixture(scope="session")
def accounts_app(tmp_path_factory):
    """The explorer with one account per role, on a seeded store of its own."""
    from helpers import test_users

    from web import create_app

    app = create_app(
        {
            "DATA_DIR": str(tmp_path_factory.mktemp("accounts")),
            "TESTING": True,
            "USERS": test_users(),
        }
    )
    yield app
    _close(app)
