"""Where the data files that ship with LEA Graph are: seed networks and Cypher files.

In a wheel they are inside the package (``lea_graph/_resources``); in a source
checkout they are the top-level ``seed/`` and ``cypher/`` folders.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["cypher_dir", "resource_dir", "seed_path"]

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """Return the folder of a shipped resource (``seed`` or ``cypher``).

    Raises
    ------
    FileNotFoundError
        If neither the installed nor the checkout location exists.
    """
    for candidate in (_PACKAGE / "_resources" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"LEA Graph resource folder '{name}' not found next to {_PACKAGE}")


def seed_path(name: str = "tilburg") -> Path:
    """Folder of a shipped seed network (default: the Tilburg network)."""
    return resource_dir("seed") / name


def cypher_dir() -> Path:
    """Folder with the Cypher statement files."""
    return resource_dir("cypher")
