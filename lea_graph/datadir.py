"""The data directory: where LEA Graph keeps its state on this machine.

Accounts (``gebruikers.json``), snapshots, the audit log and uploads live here with
either store; the embedded FalkorDB also keeps its database here (``falkordb/``).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

__all__ = [
    "default_data_dir",
    "locked",
    "private_dir",
    "read_json",
    "update_private_json",
    "write_private_json",
]

T = TypeVar("T")

#: One lock per file within this process (``flock`` serialises processes, this the
#: threads of one process, which share the lock file's open description otherwise).
_THREAD_LOCKS: dict[str, threading.Lock] = {}
_GUARD = threading.Lock()


def default_data_dir() -> Path:
    """``LEA_DATA_DIR``, else ``$XDG_DATA_HOME/lea-graph``, else ``~/.local/share/lea-graph``."""
    if os.environ.get("LEA_DATA_DIR"):
        return Path(os.environ["LEA_DATA_DIR"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "lea-graph"


def write_private_json(path: Path, data: Any) -> None:
    """Write ``data`` as JSON to ``path`` atomically (a temporary file in the same folder,
    then a rename), readable by this user only (mode 600). A missing folder is made
    with mode 700."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2, ensure_ascii=False, sort_keys=True)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def private_dir(path: Path) -> Path:
    """``path`` as a folder only this user can enter (mode 700), made if missing."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (a ``.lock`` file beside it, mode 600) while the
    block runs: against other threads of this process and against other processes."""
    path = Path(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    lock_path = path.with_name(f".{path.name}.lock")
    with _GUARD:
        thread_lock = _THREAD_LOCKS.setdefault(str(lock_path), threading.Lock())
    with thread_lock:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the flock


def read_json(path: Path, default: Any) -> Any:
    """The JSON in ``path``, or ``default`` when there is no such file.

    Raises
    ------
    OSError, ValueError
        When the file cannot be read or is not JSON (the caller words the message).
    """
    path = Path(path)
    if not path.exists():
        return default
    return json.loads(path.read_text(encoding="utf-8"))


def update_private_json(path: Path, change: Callable[[Any], T], default: Any) -> T:
    """Read ``path``, let ``change`` alter the data in place, write it back atomically
    (:func:`write_private_json`), all under :func:`locked`: two writers never lose each
    other's change. Returns what ``change`` returns; nothing is written when it raises.

    Examples
    --------
    >>> import tempfile
    >>> f = Path(tempfile.mkdtemp()) / "lijst.json"
    >>> update_private_json(f, lambda d: d.append(1), []), update_private_json(f, len, [])
    (None, 1)
    """
    with locked(path):
        data = read_json(path, default)
        result = change(data)
        write_private_json(path, data)
        return result
