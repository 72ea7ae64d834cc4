"""Snapshots: before every load the current network is saved, so it can be restored.

A snapshot is the network in the data format, as a zip of CSV files, in
``snapshots/`` in the data directory; the newest ``KEEP`` are kept. Loading with a
snapshot also writes the audit log. This works the same for both stores.
"""

from __future__ import annotations

import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

from lea_graph import audit
from lea_graph.dataset import Dataset
from lea_graph.errors import LeaGraphError
from lea_graph.export import write_csv_folder
from lea_graph.graph import from_graph
from lea_graph.ingest import load_dataset
from lea_graph.store.base import LoadReport, Store

__all__ = ["KEEP", "list_snapshots", "load_with_snapshot", "restore", "take_snapshot"]

KEEP = 10


def _folder(data_dir: str | Path) -> Path:
    return Path(data_dir) / "snapshots"


def list_snapshots(data_dir: str | Path) -> list[Path]:
    """Snapshot files, newest first."""
    folder = _folder(data_dir)
    return sorted(folder.glob("*.zip"), reverse=True) if folder.exists() else []


def take_snapshot(store: Store, data_dir: str | Path) -> Path | None:
    """Save the store's current network (None if nothing is loaded)."""
    meta = store.meta()
    if meta is None:
        return None
    dataset = from_graph(store.to_networkx())
    folder = _folder(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = folder / f"{stamp}-{meta.get('versie', 'netwerk')}.zip"
    with tempfile.TemporaryDirectory(prefix="lea-snapshot-") as tmp:
        files = write_csv_folder(dataset, tmp)
        partial = path.with_suffix(".tmp")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in files:
                zf.write(f, f.name)
        partial.replace(path)
    for old in list_snapshots(data_dir)[KEEP:]:
        old.unlink(missing_ok=True)
    return path


def load_with_snapshot(
    store: Store,
    dataset: Dataset,
    data_dir: str | Path,
    *,
    user: str,
    source: str,
    action: str = "laden",
    **details: Any,
) -> tuple[LoadReport, Path | None]:
    """Snapshot the current network, load ``dataset`` and write the audit log (with
    ``details``, e.g. the partner whose proposal was approved)."""
    before = store.meta() or {}
    snapshot = take_snapshot(store, data_dir)
    report = store.load(dataset, source=source)
    audit.record(
        data_dir,
        gebruiker=user,
        actie=action,
        bron=source,
        versie_voor=before.get("versie"),
        versie_na=report.version,
        knopen=report.nodes,
        relaties=report.relationships,
        snapshot=snapshot.name if snapshot else None,
        **details,
    )
    return report, snapshot


def restore(
    store: Store, data_dir: str | Path, name: str | None = None, *, user: str
) -> LoadReport:
    """Load a snapshot (default: the newest) as the current network.

    The network it replaces is snapshotted first, so a restore can be undone too.
    """
    snapshots = list_snapshots(data_dir)
    if name:
        snapshots = [p for p in snapshots if p.name == name or p.stem == name]
    if not snapshots:
        raise LeaGraphError(
            f"Snapshot '{name}' bestaat niet."
            if name
            else "Er is nog geen snapshot om terug te zetten."
        )
    chosen = snapshots[0]
    dataset = load_dataset(chosen)
    report, _ = load_with_snapshot(
        store,
        dataset,
        data_dir,
        user=user,
        source=f"herstel van {chosen.name}",
        action="herstellen",
    )
    return report
