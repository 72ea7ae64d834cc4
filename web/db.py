"""The one place that opens, caches and closes the app's graph store (and the store's
errors the web layer handles: down, busy, refused).

The store is opened once per app, on first use (so that an app whose database is down
still starts and can say so). A load that a killed process left unfinished is settled
then (:func:`lea_graph.loading.recover_now`). When the store is empty and
``SEED_ON_EMPTY`` is set, the Tilburg network is loaded and the pages say so.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask, current_app, g

from lea_graph.store import Store, open_store
from lea_graph.store.errors import StoreBusy, StoreError, StoreUnavailable

__all__ = [
    "SEED_SOURCE",
    "StoreBusy",
    "StoreError",
    "StoreUnavailable",
    "get_store",
    "init_app",
    "meta",
]

SEED_SOURCE = "het Tilburgse voorbeeldnetwerk"
#: The audit log's action for that first load.
SEED_ACTION = "eerste start"
_LOCK = threading.Lock()


def init_app(app: Flask) -> None:
    app.extensions["lea_store"] = None
    app.extensions["lea_seeded"] = False


def _open(app: Flask) -> Store:
    from lea_graph.datadir import default_data_dir, private_dir
    from lea_graph.loading import recover_now

    data_dir = private_dir(app.config.get("DATA_DIR") or default_data_dir())
    store = open_store(app.config.get("STORE"), data_dir=app.config.get("DATA_DIR"))
    # A load that was interrupted (the process was killed) is recorded or undone first.
    if recover_now(store, data_dir):
        app.logger.warning("Een onderbroken laadactie is afgehandeld; zie het logboek.")
    if app.config.get("SEED_ON_EMPTY") and not store.stats()["loaded"]:
        from lea_graph.ingest import load_dataset
        from lea_graph.loading import load_recorded
        from lea_graph.resources import seed_path

        class _Loaded(Exception):
            """Another process loaded a network first."""

        def change(current):
            if current.meta:
                raise _Loaded
            return load_dataset(seed_path())

        # A recorded load like any other: the audit log says where the first network
        # came from, so that its saved version can be named later.
        try:
            load_recorded(store, data_dir, change, user="LEA Graph", source=SEED_SOURCE,
                          action=SEED_ACTION)  # fmt: skip
        except _Loaded:
            return store
        app.extensions["lea_seeded"] = True
        app.logger.warning("De opslag was leeg: %s is geladen.", SEED_SOURCE)
        _seed_monitor(app, store, data_dir)
    return store


def _seed_monitor(app: Flask, store: Store, data_dir) -> None:
    """With the example network, its illustrative rounds of the samenwerkingsmonitor
    (:mod:`lea_graph.monitor_voorbeeld`), unless the data directory has rounds."""
    from lea_graph.monitor_voorbeeld import maak_voorbeeldrondes

    try:
        loaded = store.meta() or {}
        made = maak_voorbeeldrondes(
            data_dir,
            store.to_networkx(),
            versie=str(loaded.get("versie", "")),
            geladen_op=str(loaded.get("geladen_op", "")),
        )
    except (OSError, ValueError, StoreError) as exc:  # the network is loaded all the same
        app.logger.warning("Voorbeeldrondes van de samenwerkingsmonitor niet gemaakt: %s", exc)
        return
    if made:
        app.logger.warning("Voorbeeldrondes van de samenwerkingsmonitor gemaakt (verzonnen).")


def get_store() -> Store:
    """The app's store, opened (and seeded) on first use.

    Raises
    ------
    lea_graph.store.StoreUnavailable
        If the database cannot be reached; the error handler turns it into a 503 page.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    store = app.extensions.get("lea_store")
    if store is None:
        with _LOCK:
            store = app.extensions.get("lea_store")
            if store is None:
                store = _open(app)
                app.extensions["lea_store"] = store
    return store


def meta() -> dict[str, Any]:
    """What is loaded (version, when, from where), read once per request."""
    if "lea_meta" not in g:
        try:
            g.lea_meta = get_store().meta() or {}
        except StoreError:
            g.lea_meta = {}
    return g.lea_meta
