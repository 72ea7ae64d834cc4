"""Shared fixtures: the Tilburg seed, scratch copies of it, and a CLI runner."""

from __future__ import annotations

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
