"""Shared fixtures: the Tilburg seed, scratch copies of it, and a CLI runner."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import TINY, XSS, _stray_servers

from lea_graph.ingest import load_dataset
from lea_graph.resources import seed_path

FIXTURES = Path(__file__).parent / "fixtures"


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


# -- the web app ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def web_app(tmp_path_factory):
    """The real explorer on a real embedded store, seeded with Tilburg on first use."""
    from web import create_app

    app = create_app({"DATA_DIR": str(tmp_path_factory.mktemp("web")), "TESTING": True})
    yield app
    store = app.extensions.get("lea_store")
    if store is not None:
        store.close()


@pytest.fixture
def client(web_app):
    return web_app.test_client()


@pytest.fixture(scope="session")
def xss_app(tmp_path_factory):
    """An app whose network has a partner, wijk and school with an XSS payload as name."""
    from lea_graph.dataset import Dataset
    from lea_graph.store.embedded import EmbeddedStore
    from web import create_app

    rows = {k: [dict(r) for r in v] for k, v in TINY.items()}
    rows["partners"][0]["naam"] = XSS
    rows["wijken"][0]["naam"] = XSS + " wijk"
    rows["scholen"][0]["naam"] = "<script>alert('school')</script>"
    data_dir = tmp_path_factory.mktemp("xss")
    with EmbeddedStore(data_dir) as store:
        store.load(Dataset.from_rows(rows), source="xss-test")
    app = create_app({"DATA_DIR": str(data_dir), "TESTING": True, "SEED_ON_EMPTY": False})
    yield app
    store = app.extensions.get("lea_store")
    if store is not None:
        store.close()


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
    store = app.extensions.get("lea_store")
    if store is not None:
        store.close()
