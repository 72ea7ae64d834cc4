"""Shared fixtures: the Tilburg seed, scratch copies of it, and a CLI runner."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

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


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write a small CSV file from a literal (lines joined as the test writes them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


MINIMAL = {
    "partners.csv": "id,naam,type\np-1,Factorium,cultuur\np-2,CiST,cultuur\n",
    "hubs.csv": "id,naam,domein\nh-1,Cultuur en muziek,cultuur\n",
    "wijken.csv": "id,naam,pact\nw-1,Heikant,ja\n",
    "scholen.csv": "id,naam,sector,wijk\ns-1,Basisschool A (voorbeeld),po,w-1\n",
}


def minimal_dataset(folder: Path, files: dict[str, str | None] | None = None) -> Path:
    """Write a tiny valid dataset; ``files`` adds, replaces or (with None) removes files."""
    files = {**MINIMAL, **(files or {})}
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        if text is not None:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


# -- graph stores ---------------------------------------------------------------------------


def _stray_servers(under: Path) -> list[int]:
    """Pids of redis-server processes whose data directory lies under ``under``."""
    from lea_graph.store.embedded import redis_servers

    return [pid for pid, cwd in redis_servers() if cwd.is_relative_to(under)]


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


NEO4J_REASON = (
    "Neo4j-tests draaien alleen als LEA_NEO4J_URI is gezet (geen Neo4j-server op deze machine)"
)


def make_store(backend: str, data_dir: Path):
    """Open a real store: the embedded FalkorDB in ``data_dir``, or Neo4j from the environment."""
    import os

    from lea_graph.store import open_store

    if backend == "neo4j" and not os.environ.get("LEA_NEO4J_URI"):
        pytest.skip(NEO4J_REASON)
    return open_store(backend, data_dir=data_dir)


STORE_BACKENDS = ["embedded", "neo4j"]


#: A tiny network whose answers are worked out by hand in the tests:
#: Noord (PacT, low SES) has schools A and B; Zuid has school C and childcare D.
#: Muziekschool (trekker) and Dansgroep are in hub Cultuur, Voetbalclub in hub Sport;
#: Losse Partner has neither hub nor collaboration; Welzijn Zuid has no hub but works
#: with Voetbalclub. Opvang D has no activity at all.
TINY = {
    "ambities": [{"id": "a-leren", "naam": "Leren doe je overal"}],
    "clusters": [{"id": "c-talent", "naam": "Brede talentontwikkeling", "ambitie": "a-leren"}],
    "themas": [{"id": "t-cultuur", "naam": "Cultuur en muziek", "cluster": "c-talent"}],
    "programmas": [
        {"id": "pr-coach", "naam": "Cultuurcoaches", "cluster": "c-talent", "thema": "t-cultuur"}
    ],
    "hubs": [
        {"id": "h-cultuur", "naam": "Cultuur en muziek", "domein": "cultuur"},
        {"id": "h-sport", "naam": "Sport en gezondheid", "domein": "sport"},
    ],
    "wijken": [
        {"id": "w-noord", "naam": "Noord", "pact": "ja", "ses": "laag"},
        {"id": "w-zuid", "naam": "Zuid", "pact": "nee"},
    ],
    "scholen": [
        {"id": "s-a", "naam": "School A", "sector": "po", "wijk": "w-noord", "leerlingen": "200"},
        {"id": "s-b", "naam": "School B", "sector": "vo", "wijk": "w-noord"},
        {"id": "s-c", "naam": "School C", "sector": "po", "wijk": "w-zuid"},
        {"id": "s-d", "naam": "Opvang D", "sector": "kinderopvang", "wijk": "w-zuid"},
    ],
    "partners": [
        {"id": "p-muziek", "naam": "Muziekschool Café", "type": "cultuur"},
        {"id": "p-dans", "naam": "Dansgroep Éénheid", "type": "cultuur"},
        {"id": "p-voetbal", "naam": "Voetbalclub", "type": "sport"},
        {"id": "p-los", "naam": "Losse Partner", "type": "overig"},
        {"id": "p-welzijn", "naam": "Welzijn Zuid", "type": "welzijn"},
    ],
    "hub_leden": [
        {"partner": "p-muziek", "hub": "h-cultuur", "rol": "trekker"},
        {"partner": "p-dans", "hub": "h-cultuur", "rol": "partner"},
        {"partner": "p-voetbal", "hub": "h-sport"},
    ],
    "activiteiten": [
        {"partner": "p-muziek", "school": "s-a", "programma": "pr-coach", "hub": "h-cultuur",
         "schooljaar": "2023-2024", "deelnemers": "25"},
        {"partner": "p-muziek", "school": "s-c", "hub": "h-cultuur", "schooljaar": "2024-2025",
         "deelnemers": "30"},
        {"partner": "p-dans", "school": "s-a", "hub": "h-cultuur", "schooljaar": "2024-2025"},
        {"partner": "p-voetbal", "school": "s-b", "hub": "h-sport", "schooljaar": "2023-2024"},
        {"partner": "p-los", "school": "s-c", "schooljaar": "2023-2024"},
    ],
    "wijkinzet": [
        {"partner": "p-voetbal", "wijk": "w-noord", "schooljaar": "2024-2025"},
        {"partner": "p-welzijn", "wijk": "w-zuid", "schooljaar": "2023-2024"},
    ],
    "samenwerkingen": [
        {"partner_a": "p-muziek", "partner_b": "p-dans", "soort": "gezamenlijk aanbod"},
        {"partner_a": "p-voetbal", "partner_b": "p-welzijn"},
    ],
    "programma_partners": [{"partner": "p-muziek", "programma": "pr-coach", "rol": "uitvoerder"}],
}  # fmt: skip


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


XSS = '<img src=x onerror="alert(1)">'


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
