"""A backup of the whole state of LEA Graph in one file, and putting it back.

The backup is a zip file (mode 600) with

- ``netwerk/``: the network in the store, in the data format (one CSV per table and
  ``wijken.geojson``, :func:`lea_graph.export.write_csv_folder`), the same on either
  store;
- from the data directory (:mod:`lea_graph.datadir`): the accounts
  (``gebruikers.json``), the session generations (``sessies.json``), the invitations
  (``uitnodigingen.json``), the published views (``publicaties.json``), the saved views
  (``weergaven.json``), the proposals (``voorstellen/``), the rounds of the
  samenwerkingsmonitor with their answers (``monitor/``), the audit log (``audit.log``)
  and the kept versions (``snapshots/``);
- ``manifest.json``: the format, the LEA Graph version, when it was made, and how many
  of each there are (checked again on restore).

Not in it: the embedded database's own files (the network is in ``netwerk/``), the
cache, unconfirmed uploads and the intents of loads (settled before the backup is
made). The backup is made while holding the store's load lock, so no load comes
between reading the network and reading the files.

:func:`restore_backup` puts a backup into an *empty* data directory and an *empty*
store (it refuses otherwise, in Dutch): the files are written private (600, folders
700) and the network is loaded as a recorded load (:func:`lea_graph.loading.load_recorded`,
action ``backup teruggezet``), so the audit log ends with the restore itself.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from lea_graph import audit, tijd
from lea_graph.datadir import private_dir
from lea_graph.errors import LeaGraphError
from lea_graph.store.base import Store

__all__ = [
    "FORMAT",
    "RESTORE_ACTION",
    "BackupError",
    "make_backup",
    "read_manifest",
    "restore_backup",
    "state_items",
]

#: The version of the backup's layout (``manifest.json``'s ``formaat``).
FORMAT = 1
#: The audit log's action for a network put back from a backup.
RESTORE_ACTION = "backup teruggezet"
MANIFEST = "manifest.json"
NETWORK = "netwerk"
#: Single files of the data directory in a backup (the accounts file is found by
#: :func:`lea_graph.users.users_file`, which may be elsewhere).
FILES = (
    "sessies.json",
    "uitnodigingen.json",
    "publicaties.json",
    "weergaven.json",
    "audit.log",
)
ACCOUNTS = "gebruikers.json"
#: Folders of the data directory in a backup, with the files they keep.
FOLDERS = {"voorstellen": "*.json", "monitor": "r-*.json", "snapshots": "*.zip"}
#: The most bytes a backup may unpack to (a damaged or hostile file is refused).
MAX_UNPACKED = 20 * 1024**3


class BackupError(LeaGraphError):
    """A backup that cannot be made or put back (Dutch message)."""


def _accounts_file(data_dir: Path) -> Path:
    from lea_graph.users import users_file

    return users_file(data_dir)


def state_items(data_dir: str | Path) -> Iterator[tuple[str, Path]]:
    """Every file of the state in ``data_dir`` that exists: (name in the backup, path)."""
    data_dir = Path(data_dir)
    accounts = _accounts_file(data_dir)
    if accounts.is_file():
        yield ACCOUNTS, accounts
    for name in FILES:
        if (data_dir / name).is_file():
            yield name, data_dir / name
    for folder, pattern in FOLDERS.items():
        if (data_dir / folder).is_dir():
            for path in sorted((data_dir / folder).glob(pattern)):
                if path.is_file():
                    yield f"{folder}/{path.name}", path


def _counts(data_dir: Path) -> dict[str, int]:
    """How many accounts, invitations, proposals, audit entries and kept versions."""

    def json_len(path: Path) -> int:  # 0 for a missing or unreadable file
        try:
            return len(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return 0

    def files_in(folder: str) -> int:
        return sum(1 for path in (data_dir / folder).glob(FOLDERS[folder]) if path.is_file())

    log = data_dir / "audit.log"
    return {
        "accounts": json_len(_accounts_file(data_dir)),
        "uitnodigingen": json_len(data_dir / "uitnodigingen.json"),
        "voorstellen": files_in("voorstellen"),
        "publicaties": json_len(data_dir / "publicaties.json"),
        "weergaven": json_len(data_dir / "weergaven.json"),
        "monitorrondes": files_in("monitor"),
        "logboekregels": len(log.read_text(encoding="utf-8").splitlines()) if log.is_file() else 0,
        "snapshots": files_in("snapshots"),
    }


def make_backup(store: Store, data_dir: str | Path, target: str | Path) -> dict[str, Any]:
    """Write the whole state (the store's network and the data directory) to ``target``.

    Returns
    -------
    dict
        The manifest written into the backup.

    Raises
    ------
    BackupError
        If ``target`` cannot be written (the message says why); nothing is left behind.
    StoreBusy
        If a load runs and does not finish within a minute.
    """
    from lea_graph import __version__
    from lea_graph.export import write_csv_folder
    from lea_graph.graph import from_graph
    from lea_graph.loading import recover

    data_dir, target = Path(data_dir), Path(target)
    if target.is_dir():
        raise BackupError(f"{target} is een map; geef een bestandsnaam, bijvoorbeeld lea.zip.")
    with store.load_slot(60), tempfile.TemporaryDirectory(prefix="lea-backup-") as tmp:
        recover(store, data_dir)  # settle a load a killed process left unfinished
        meta = store.meta()
        network: dict[str, Any] | None = None
        files: list[Path] = []
        if meta:
            dataset = from_graph(store.to_networkx())
            files = write_csv_folder(dataset, Path(tmp) / NETWORK)
            network = {
                "versie": meta.get("versie"),
                "bron": meta.get("bron", ""),
                "geladen_op": tijd.iso(meta.get("geladen_op")),
                "tabellen": {k: int(v) for k, v in dataset.counts().items()},
            }
        items = list(state_items(data_dir))
        manifest = {
            "formaat": FORMAT,
            "programma": "LEA Graph",
            "lea_graph_versie": __version__,
            "gemaakt": tijd.stamp(),
            "opslag": store.backend,
            "netwerk": network,
            "aantallen": _counts(data_dir),
            "bestanden": [name for name, _ in items],
        }
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.tmp")
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                with (
                    os.fdopen(fd, "wb") as fh,
                    zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf,
                ):
                    zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
                    for path in files:
                        zf.write(path, f"{NETWORK}/{path.name}")
                    for name, path in items:
                        zf.write(path, name)
                os.chmod(partial, 0o600)
                partial.replace(target)
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise BackupError(
                f"De backup kan niet worden geschreven naar {target}: {exc.strerror}."
            ) from exc
    return manifest


def read_manifest(source: str | Path) -> dict[str, Any]:
    """The manifest of a backup, after checking that the file is one.

    Raises
    ------
    BackupError
        If the file is missing, not a zip, not a LEA Graph backup, of a newer format, or
        holds names outside what a backup holds.
    """
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"Het bestand {source} bestaat niet.")
    try:
        with zipfile.ZipFile(source) as zf:
            names = zf.namelist()
            if MANIFEST not in names:
                raise BackupError(
                    f"{source.name} is geen backup van LEA Graph (manifest.json ontbreekt)."
                )
            manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
            unpacked = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{source.name} is geen leesbare backup van LEA Graph.") from exc
    if not isinstance(manifest, dict) or manifest.get("programma") != "LEA Graph":
        raise BackupError(f"{source.name} is geen backup van LEA Graph.")
    if manifest.get("formaat") != FORMAT:
        raise BackupError(
            f"{source.name} heeft backupformaat {manifest.get('formaat')}; deze versie van "
            f"LEA Graph leest formaat {FORMAT}."
        )
    if unpacked > MAX_UNPACKED:
        raise BackupError(f"{source.name} is uitgepakt te groot voor een backup van LEA Graph.")
    for name in names:
        if _destination(name) is None:
            raise BackupError(f"{source.name} bevat een onverwacht bestand: {name}.")
    return manifest


def _destination(name: str) -> tuple[str, str] | None:
    """Where a member of a backup goes: (``netwerk``/``bestand``, relative path); None
    for a name a backup never holds (e.g. ``../`` or an absolute path)."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name:
        return None
    if name == MANIFEST:
        return "manifest", name
    if len(path.parts) == 2 and path.parts[0] == NETWORK and path.suffix in (".csv", ".geojson"):
        return "netwerk", path.name
    if len(path.parts) == 1 and name in (*FILES, ACCOUNTS):
        return "bestand", name
    if len(path.parts) == 2 and path.parts[0] in FOLDERS and path.match(FOLDERS[path.parts[0]]):
        return "bestand", name
    return None


def _occupied(data_dir: Path) -> list[str]:
    """What of the state is in ``data_dir`` already (restore refuses then)."""
    return [name for name, _ in state_items(data_dir)]


def _write_private(path: Path, data: bytes) -> None:
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(path, 0o600)


def restore_backup(
    store: Store, data_dir: str | Path, source: str | Path, *, user: str
) -> dict[str, Any]:
    """Put the backup ``source`` into the empty ``data_dir`` and the empty ``store``.

    The files are written with mode 600 (folders 700); the network is loaded as a
    recorded load (``backup teruggezet``). When the load fails, the files written are
    removed again, so the restore can be tried again.

    Returns
    -------
    dict
        The backup's manifest, with ``geladen`` (the load's version, nodes and
        relationships; None when the backup holds no network).

    Raises
    ------
    BackupError
        If the file is not a backup, or the data directory or the store is not empty.
    InvalidDataset
        If the network in the backup does not pass the checks.
    """
    from lea_graph.ingest import load_dataset
    from lea_graph.loading import load_recorded

    data_dir, source = Path(data_dir), Path(source)
    manifest = read_manifest(source)
    occupied = _occupied(data_dir)
    if occupied:
        raise BackupError(
            f"De gegevensmap {data_dir} is niet leeg (er staat al {', '.join(occupied[:3])}"
            f"{' en meer' if len(occupied) > 3 else ''}). Zet een backup alleen terug in een "
            "lege gegevensmap."
        )
    if store.meta():
        raise BackupError(
            f"De database ({store.backend}) bevat al een netwerk. Zet een backup alleen terug "
            "in een lege database."
        )
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="lea-terugzetten-") as tmp:
        network_dir = Path(tmp) / NETWORK
        with zipfile.ZipFile(source) as zf:
            members = [(m, _destination(m)) for m in zf.namelist()]
            for name, (kind, rel) in ((m, d) for m, d in members if d is not None):
                if kind == "netwerk":
                    network_dir.mkdir(exist_ok=True)
                    (network_dir / rel).write_bytes(zf.read(name))
            dataset = load_dataset(network_dir) if manifest.get("netwerk") else None
            try:
                private_dir(data_dir)
                for name, (kind, rel) in ((m, d) for m, d in members if d is not None):
                    if kind != "bestand":
                        continue
                    path = _accounts_file(data_dir) if rel == ACCOUNTS else data_dir / rel
                    _write_private(path, zf.read(name))
                    written.append(path)
                loaded = None
                if dataset is not None:
                    made = tijd.tijd_nl(manifest.get("gemaakt"))
                    result = load_recorded(
                        store,
                        data_dir,
                        lambda _current: dataset,
                        user=user,
                        source=f"backup van {made}",
                        action=RESTORE_ACTION,
                        wait_s=60,
                    )
                    loaded = {
                        "versie": result.report.version,
                        "knopen": result.report.nodes,
                        "relaties": result.report.relationships,
                    }
            except BaseException:
                for path in written:
                    path.unlink(missing_ok=True)
                for folder in FOLDERS:
                    with contextlib.suppress(OSError):
                        (data_dir / folder).rmdir()  # only if empty
                raise
    if loaded is None:
        audit.record(data_dir, gebruiker=user, actie=RESTORE_ACTION, bron=source.name)
    return {**manifest, "geladen": loaded}
