"""A recorded load: the one way a person's action replaces the network.

An upload, an approved proposal, a restore and ``lea-graph load`` all go through
:func:`load_recorded`. Three things must always agree: the network in the store, the
audit log and the state of what caused the load (an approved proposal). So a recorded
load is one step, done while holding the store's load lock (:meth:`Store.load_slot`):

1. loads that were interrupted earlier are settled first (:func:`recover`);
2. the change is worked out on the network that is current *now* (``change``): a
   change prepared on an older version is re-applied to the current one, or refused
   with :class:`NetworkChanged` (compare-and-swap: never applied on a stale copy);
3. a snapshot of the current network is kept, only now that a load will happen (one
   per version: a load that is tried again does not add copies);
4. an *intent* is written (``laden/<id>.json``): what will be loaded, by whom, and what
   to record when it is done;
5. the network is loaded; its ``:Meta`` node carries the intent's id (``laad``);
6. the intent is completed: the audit entry is written (carrying the same id), the
   proposal is marked decided, and the intent removed.

A process killed at any moment leaves an intent behind. :func:`recover` (run at the
next recorded load and when the explorer starts) looks at the store: if the network
carries the intent's id, the load happened and the record is rolled forward (steps 6,
each done only if not done yet); if not, the load never became current, and the intent
and a snapshot made only for it are removed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lea_graph import audit, tijd
from lea_graph.datadir import private_dir, write_private_json
from lea_graph.dataset import Dataset
from lea_graph.errors import LeaGraphError
from lea_graph.snapshots import take_snapshot
from lea_graph.store.base import LoadReport, Progress, Store

__all__ = [
    "LOAD_WAIT_S",
    "RESTORE_ACTION",
    "Current",
    "Loaded",
    "NetworkChanged",
    "load_recorded",
    "recover",
    "recover_now",
    "restore",
    "restore_source",
]

log = logging.getLogger(__name__)

#: The action of a restore in the audit log.
RESTORE_ACTION = "herstellen"

#: How long a recorded load waits for another load to finish before it says "bezig".
LOAD_WAIT_S = 60.0


class NetworkChanged(LeaGraphError):
    """The network changed since a change was prepared on it, in a way that needs a
    person to look again; nothing was loaded.

    ``current`` is the network as it is now (:class:`Current`).
    """

    def __init__(self, message: str, current: Current) -> None:
        super().__init__(message)
        self.current = current


@dataclass
class Current:
    """The network that is current while the load lock is held.

    ``cached`` gives the dataset of a version if the caller has it at hand (else None);
    without it, the network is read from the store.
    """

    store: Store
    meta: dict[str, Any]
    cached: Callable[[str | None], Dataset | None] | None = None
    _dataset: Dataset | None = field(default=None, repr=False)

    @property
    def version(self) -> str | None:
        """The loaded version (None if nothing is loaded)."""
        return self.meta.get("versie") if self.meta else None

    def dataset(self) -> Dataset | None:
        """The current network in the data format (None if nothing is loaded)."""
        if not self.meta:
            return None
        if self._dataset is None and self.cached is not None:
            self._dataset = self.cached(self.version)
        if self._dataset is None:
            from lea_graph.graph import from_graph

            self._dataset = from_graph(self.store.to_networkx())
        return self._dataset

    def describe(self) -> str:
        """The current version in words: when it was loaded and from what."""
        if not self.meta:
            return "er is nu geen netwerk geladen"
        when = self.meta.get("geladen_op")
        source = self.meta.get("bron")
        return (
            "de versie geladen op "
            + (tijd.tijd_nl(when) if when else "een onbekend moment")
            + (f", uit '{source}'" if source else "")
        )


@dataclass
class Loaded:
    """What a recorded load did: the store's report, the snapshot of the network it
    replaced (None if nothing was loaded before) and the audit entry."""

    report: LoadReport
    snapshot: Path | None
    entry: dict[str, Any]


# -- the intents ---------------------------------------------------------------------------------


def _intents(data_dir: str | Path) -> Path:
    return Path(data_dir) / "laden"


def _write_intent(data_dir: str | Path, intent: dict[str, Any]) -> Path:
    path = private_dir(_intents(data_dir)) / f"{intent['laad']}.json"
    write_private_json(path, intent)
    return path


def _pending(data_dir: str | Path) -> list[tuple[Path, dict[str, Any]]]:
    folder = _intents(data_dir)
    out = []
    for path in sorted(folder.glob("*.json")) if folder.exists() else []:
        try:
            out.append((path, json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError):
            log.warning("Onleesbaar laadbestand %s wordt verwijderd", path.name)
            path.unlink(missing_ok=True)
    return out


def _complete(
    data_dir: str | Path, intent: dict[str, Any], version: str, nodes: int, relationships: int
) -> dict[str, Any]:
    """Write the record of a load that happened (each part only if it is not there yet)
    and remove its intent; return the audit entry."""
    entry = audit.find(data_dir, intent["laad"])
    if entry is None:
        entry = audit.record(
            data_dir,
            gebruiker=intent["gebruiker"],
            actie=intent["actie"],
            bron=intent["bron"],
            versie_voor=intent["versie_voor"],
            versie_na=version,
            knopen=nodes,
            relaties=relationships,
            snapshot=intent["snapshot"],
            laad=intent["laad"],
            **({"voorstel": intent["voorstel"]} if intent.get("voorstel") else {}),
            **intent["details"],
        )
    if intent.get("voorstel"):
        from lea_graph import voorstellen

        voorstellen.settle(data_dir, intent["voorstel"], door=intent["gebruiker"], versie=version)
    (_intents(data_dir) / f"{intent['laad']}.json").unlink(missing_ok=True)
    return entry


def _complete_from_store(
    store: Store, data_dir: str | Path, intent: dict[str, Any], meta: dict[str, Any]
) -> dict[str, Any]:
    """:func:`_complete` for a load whose report was lost: its counts from the store."""
    stats = store.stats()
    return _complete(data_dir, intent, meta["versie"], stats["total_nodes"], stats["total_edges"])


def _undo(data_dir: str | Path, path: Path, intent: dict[str, Any]) -> None:
    """Remove the intent of a load that never became current (and its own snapshot)."""
    if intent.get("snapshot_nieuw") and intent.get("snapshot"):
        (Path(data_dir) / "snapshots" / intent["snapshot"]).unlink(missing_ok=True)
    path.unlink(missing_ok=True)


def recover(store: Store, data_dir: str | Path, *, meta: dict[str, Any] | None = None) -> int:
    """Settle the intents of interrupted loads; call with the load lock held.

    A load whose id the current network carries is recorded (rolled forward); any other
    intent is removed (its load never became current). Returns how many were settled.
    """
    pending = _pending(data_dir)
    if not pending:
        return 0
    if meta is None:
        meta = store.meta() or {}
    for path, intent in pending:
        if meta.get("laad") == intent.get("laad"):
            log.warning("Onderbroken laden %s wordt alsnog vastgelegd", intent.get("laad"))
            _complete_from_store(store, data_dir, intent, meta)
        else:
            log.warning("Onderbroken laden %s is niet doorgegaan; opgeruimd", intent.get("laad"))
            _undo(data_dir, path, intent)
    return len(pending)


def recover_now(store: Store, data_dir: str | Path) -> int:
    """:func:`recover` if no load is running now (when the explorer starts)."""
    from lea_graph.store.errors import StoreBusy

    if not _pending(data_dir):
        return 0
    try:
        with store.load_slot():
            return recover(store, data_dir)
    except StoreBusy:  # someone is loading; that load settles them
        return 0


# -- the load ------------------------------------------------------------------------------------


def load_recorded(
    store: Store,
    data_dir: str | Path,
    change: Callable[[Current], Dataset],
    *,
    user: str,
    source: str,
    action: str = "laden",
    cached: Callable[[str | None], Dataset | None] | None = None,
    voorstel: str | None = None,
    wait_s: float = LOAD_WAIT_S,
    batch_size: int = 1000,
    progress: Progress | None = None,
    **details: Any,
) -> Loaded:
    """Load what ``change`` makes of the current network, with snapshot and record.

    Parameters
    ----------
    store, data_dir
        The store and the data directory (snapshots, audit log, intents).
    change
        Called with the load lock held and the :class:`Current` network; returns the
        dataset to load, or raises (e.g. :class:`NetworkChanged`) to load nothing.
    user, source, action
        Who, from what (shown with the network) and what kind of load, for the audit log.
    cached
        The dataset of a version, if the caller has it at hand (:class:`Current`).
    voorstel
        The id of the proposal this load approves: marked ``goedgekeurd`` with the load.
    wait_s
        How long to wait for another load to finish.
    details
        More fields of the audit entry (e.g. ``partner``).

    Raises
    ------
    StoreBusy
        If another load still runs after ``wait_s``.
    NetworkChanged
        Raised by ``change``; nothing was written.
    LoadFailed, StoreUnavailable
        If the load failed; the previous network is unchanged and nothing was recorded.
    """
    with store.load_slot(wait_s) as slot:
        meta = store.meta() or {}
        recover(store, data_dir, meta=meta)
        current = Current(store, meta, cached)
        dataset = change(current)
        snapshot, new_snapshot = take_snapshot(store, data_dir, meta)
        slot.renew()
        stamp = tijd.file_stamp()
        intent = {
            "laad": f"{stamp}-{secrets.token_hex(6)}",
            "pid": os.getpid(),
            "gebruiker": user,
            "actie": action,
            "bron": source,
            "versie_voor": current.version,
            "snapshot": snapshot.name if snapshot else None,
            "snapshot_nieuw": new_snapshot,
            "voorstel": voorstel,
            "details": details,
        }
        path = _write_intent(data_dir, intent)
        try:
            report = slot.load(
                dataset,
                batch_size=batch_size,
                progress=progress,
                source=source,
                laad=intent["laad"],
            )
        except BaseException:
            # The network is current if the switch happened before the error (e.g. in
            # the clean-up after it): then it is recorded, else the intent goes.
            with contextlib.suppress(Exception):
                after = store.meta() or {}
                if after.get("laad") == intent["laad"]:
                    _complete_from_store(store, data_dir, intent, after)
                else:
                    _undo(data_dir, path, intent)
            raise
        entry = _complete(data_dir, intent, report.version, report.nodes, report.relationships)
    return Loaded(report, snapshot, entry)


def restore_source(snapshot: Path) -> str:
    """What a restore loads from, as the audit log and the pages name it."""
    from lea_graph.snapshots import snapshot_label

    return f"herstel van de {snapshot_label(snapshot)}"


def restore(
    store: Store, data_dir: str | Path, name: str | None = None, *, user: str
) -> LoadReport:
    """Load a snapshot (default: the newest) as the current network.

    The network it replaces is snapshotted first, so a restore can be undone too.

    Raises
    ------
    LeaGraphError
        If there is no such snapshot (Dutch message).
    """
    from lea_graph.ingest import load_dataset
    from lea_graph.snapshots import find_snapshot

    chosen = find_snapshot(data_dir, name)
    dataset = load_dataset(chosen)
    loaded = load_recorded(
        store,
        data_dir,
        lambda _current: dataset,
        user=user,
        source=restore_source(chosen),
        action=RESTORE_ACTION,
    )
    return loaded.report
