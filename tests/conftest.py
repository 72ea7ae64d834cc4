"""Shared fixtures: the Tilburg seed, scratch copies of it, and a CLI runner."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import (
    STORE_BACKENDS,
    TINY,
    XSS,
    _stray_servers,
    app_on,
    close_app,
    ensured,
    logged_in,
    make_app,
)

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


# -- graphs ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_graph(tilburg):
    """The Tilburg seed as a network graph (one per test module: a test may change it)."""
    from lea_graph.graph import to_graph

    return to_graph(tilburg)


@pytest.fixture(scope="module")
def tiny_graph():
    """The TINY network of ``helpers`` as a graph (one per test module)."""
    from lea_graph.dataset import Dataset
    from lea_graph.graph import to_graph

    return to_graph(Dataset.from_rows(TINY))


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
    from helpers import running_neo4j

    with running_neo4j(tmp_path_factory.mktemp("neo4j-leeg")) as db:
        yield db


# -- the web app ---------------------------------------------------------------------------------


@pytest.fixture(scope="session", params=STORE_BACKENDS)
def _web_app(request, tmp_path_factory):
    with app_on(request.param, tmp_path_factory.mktemp("web")) as pair:
        yield pair


@pytest.fixture
def web_app(_web_app):
    """The explorer on the Tilburg seed, once on each store."""
    return ensured(_web_app)


@pytest.fixture
def client(web_app):
    return web_app.test_client()


@pytest.fixture
def app(tmp_path):
    """A fresh explorer on the seed with the test accounts, for one test (embedded store).

    A module whose tests only read may override it with a module-scoped ``app``;
    :func:`coordinator` then logs in to that one."""
    app = make_app(tmp_path / "data")
    yield app
    close_app(app)


@pytest.fixture
def coordinator(app):
    """A test client of ``app`` logged in as the coordinator."""
    return logged_in(app, "coordinator")


def _xss_dataset():
    from lea_graph.dataset import Dataset

    rows = {k: [dict(r) for r in v] for k, v in TINY.items()}
    rows["partners"][0]["naam"] = XSS
    rows["wijken"][0]["naam"] = XSS + " wijk"
    rows["scholen"][0]["naam"] = "<script>alert('school')</script>"
    return Dataset.from_rows(rows)


@pytest.fixture(scope="session", params=STORE_BACKENDS)
def _xss_app(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("xss")
    with app_on(request.param, folder, _xss_dataset(), "xss-test", SEED_ON_EMPTY=False) as pair:
        yield pair


@pytest.fixture
def xss_app(_xss_app):
    """An app whose network has a partner, wijk and school with an XSS payload as name."""
    return ensured(_xss_app)


@pytest.fixture(scope="session")
def browser_apps(tmp_path_factory):
    """The seeded explorer and the XSS one, for the browser tests (on the embedded store)."""
    xss_folder = tmp_path_factory.mktemp("browser-xss")
    with (
        app_on("embedded", tmp_path_factory.mktemp("browser")) as (seeded, _),
        app_on("embedded", xss_folder, _xss_dataset(), "xss-test", SEED_ON_EMPTY=False) as (xss, _),
    ):
        yield seeded, xss


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
    close_app(app)
