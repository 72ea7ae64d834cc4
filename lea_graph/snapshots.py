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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lea_graph import audit, tijd
from lea_graph.datadir import private_dir
from lea_graph.errors import LeaGraphError
from lea_graph.export import write_csv_folder
from lea_graph.graph import from_graph
from lea_graph.store.base import Store

__all__ = [
    "KEEP",
    "Saved",
    "find_snapshot",
    "list_snapshots",
    "saved_versions",
    "snapshot_label",
    "take_snapshot",
]

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


def _read_identity(path: Path) -> tuple[str, str] | None:
    """(version, load time) of the network a snapshot holds, from its comment."""
    try:
        with zipfile.ZipFile(path) as zf:
            comment = zf.comment.decode("utf-8", "replace")
    except (OSError, zipfile.BadZipFile):
        return None
    # "lea-graph <versie> <geladen_op>" (see _identity)
    _, _, rest = comment.partition(" ")
    versie, _, geladen_op = rest.partition(" ")
    return versie, geladen_op


def snapshot_label(path: Path) -> str:
    """A kept version as every page names it: "versie geladen op 5 december 2026 14:02"
    (when the network it holds was loaded), else "versie bewaard op …" (when it was
    saved, from its file name); never its internal version name."""
    identity = _read_identity(path)
    if identity is not None and identity[1]:
        return f"versie geladen op {tijd.tijd_nl(identity[1])}"
    saved = tijd.parse(path.stem)
    return f"versie bewaard op {tijd.tijd_nl(saved)}" if saved else f"versie {path.stem}"


def find_snapshot(data_dir: str | Path, name: str | None = None) -> Path:
    """The kept snapshot named ``name`` (file name or its stem), or the newest.

    Raises
    ------
    LeaGraphError
        If there is no such snapshot (Dutch message).
    """
    snapshots = list_snapshots(data_dir)
    if name:
        snapshots = [p for p in snapshots if name in (p.name, p.stem)]
    if not snapshots:
        raise LeaGraphError(
            "Deze eerdere versie is niet (meer) bewaard."
            if name
            else "Er is nog geen eerdere versie om terug te zetten."
        )
    return snapshots[0]


@dataclass(frozen=True)
class Saved:
    """A kept snapshot as a person knows it: which network it is and what replaced it.

    ``geladen_op``/``geladen_door``/``geladen_uit`` say when, by whom and from what
    that network was loaded; ``vervangen_op``/``vervangen_door``/``vervangen_bij`` when
    and by whom it was replaced, and by what kind of load (``laden``, ``voorstel``,
    ``herstellen``). Values the audit log does not know are empty.
    """

    name: str
    versie: str
    geladen_op: str
    geladen_door: str
    geladen_uit: str
    vervangen_op: str
    vervangen_door: str
    vervangen_bij: str


def saved_versions(data_dir: str | Path) -> list[Saved]:
    """The kept snapshots, newest first, described from their own record and the
    audit log (:mod:`lea_graph.audit`)."""
    log = audit.read_log(data_dir)
    loaded = {e.get("versie_na"): e for e in log if e.get("versie_na")}
    replaced = {e.get("snapshot"): e for e in log if e.get("snapshot")}
    out = []
    for path in list_snapshots(data_dir):
        identity = _read_identity(path)
        if identity is None:
            continue
        versie, geladen_op = identity
        made = loaded.get(versie, {})
        gone = replaced.get(path.name, {})
        out.append(
            Saved(
                name=path.name,
                versie=versie,
                geladen_op=geladen_op or made.get("tijd", ""),
                geladen_door=made.get("gebruiker", ""),
                geladen_uit=made.get("bron", ""),
                vervangen_op=gone.get("tijd", ""),
                vervangen_door=gone.get("gebruiker", ""),
                vervangen_bij=gone.get("actie", ""),
            )
        )
    return out
