"""Snapshots: before every load the current network is saved, so it can be restored.

A snapshot is the network in the data format, as a zip of CSV files, in
``snapshots/`` in the data directory (folder mode 700, files 600); the newest ``KEEP``
are kept. Each version of the network is saved once: the zip's comment names the
version and when it was loaded, and a load that is tried again finds the snapshot it
made before instead of adding a copy that would push a real restore point out.
Snapshots are taken by :func:`lea_graph.loading.load_recorded`, with the load lock held
and only when a load will happen. This works the same for both stores.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from lea_graph import tijd
from lea_graph.datadir import private_dir
from lea_graph.export import write_csv_folder
from lea_graph.graph import from_graph
from lea_graph.store.base import Store

__all__ = ["KEEP", "list_snapshots", "take_snapshot"]

KEEP = 10


def _folder(data_dir: str | Path) -> Path:
    return Path(data_dir) / "snapshots"


def list_snapshots(data_dir: str | Path) -> list[Path]:
    """Snapshot files, newest first."""
    folder = _folder(data_dir)
    return sorted(folder.glob("*.zip"), reverse=True) if folder.exists() else []


def _identity(meta: dict[str, Any]) -> bytes:
    """What tells one loaded version from every other: its version and load time."""
    return f"lea-graph {meta.get('versie', '')} {meta.get('geladen_op', '')}".encode()


def _saved(data_dir: str | Path, meta: dict[str, Any]) -> Path | None:
    """The snapshot already kept of the version ``meta`` describes, if any."""
    identity = _identity(meta)
    for path in list_snapshots(data_dir):
        if not path.name.endswith(f"-{meta.get('versie', 'netwerk')}.zip"):
            continue
        try:
            with zipfile.ZipFile(path) as zf:
                if zf.comment == identity:
                    return path
        except (OSError, zipfile.BadZipFile):
            continue
    return None


def take_snapshot(
    store: Store, data_dir: str | Path, meta: dict[str, Any] | None = None
) -> tuple[Path | None, bool]:
    """Save the store's current network, unless it is saved already.

    Returns the snapshot (None if nothing is loaded) and whether it was made now.
    ``meta`` is the current network's (read from the store if not given).
    """
    meta = store.meta() if meta is None else meta
    if not meta:
        return None, False
    kept = _saved(data_dir, meta)
    if kept is not None:
        return kept, False
    dataset = from_graph(store.to_networkx())
    folder = private_dir(_folder(data_dir))
    stamp = tijd.file_stamp()
    path = folder / f"{stamp}-{meta.get('versie', 'netwerk')}.zip"
    with tempfile.TemporaryDirectory(prefix="lea-snapshot-") as tmp:
        files = write_csv_folder(dataset, tmp)
        partial = path.with_suffix(".tmp")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in files:
                zf.write(f, f.name)
            zf.comment = _identity(meta)
        partial.replace(path)
    saved = list_snapshots(data_dir)
    for old in saved[KEEP:]:
        old.unlink(missing_ok=True)
    for kept in saved[:KEEP]:  # also those saved before snapshots were private
        os.chmod(kept, 0o600)
    return path, True
