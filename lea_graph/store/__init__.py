"""Graph stores: the embedded FalkorDB (default) and Neo4j, behind one protocol.

:func:`open_store` picks the backend: an explicit choice, else ``LEA_STORE``, else
Neo4j when ``LEA_NEO4J_URI`` is set, else the embedded store.
"""

from __future__ import annotations

import os
from pathlib import Path

from lea_graph.store.base import LoadReport, ReadResult, Store
from lea_graph.store.errors import (
    ForbiddenQuery,
    LoadFailed,
    StoreBusy,
    StoreError,
    StoreUnavailable,
)

__all__ = [
    "BACKENDS",
    "ForbiddenQuery",
    "LoadFailed",
    "LoadReport",
    "ReadResult",
    "Store",
    "StoreBusy",
    "StoreError",
    "StoreUnavailable",
    "choose_backend",
    "open_store",
]

BACKENDS = ("embedded", "neo4j")


def choose_backend(backend: str | None = None) -> str:
    """The backend to use: ``backend``, else ``LEA_STORE``, else by ``LEA_NEO4J_URI``."""
    chosen = (
        backend
        or os.environ.get("LEA_STORE")
        or ("neo4j" if os.environ.get("LEA_NEO4J_URI") else "embedded")
    )
    if chosen not in BACKENDS:
        raise StoreError(f"Onbekende opslag '{chosen}'; kies uit {', '.join(BACKENDS)}.")
    return chosen


def open_store(backend: str | None = None, *, data_dir: str | Path | None = None) -> Store:
    """Open the store; close it (or use it as a context manager) when done.

    Parameters
    ----------
    backend
        ``embedded`` or ``neo4j``; see :func:`choose_backend`.
    data_dir
        Data directory of the embedded store (default ``LEA_DATA_DIR`` or a user folder);
        Neo4j keeps its data in its own server and ignores it.
    """
    if choose_backend(backend) == "neo4j":
        from lea_graph.store.neo4j import Neo4jStore

        return Neo4jStore()
    from lea_graph.store.embedded import EmbeddedStore

    return EmbeddedStore(data_dir)
