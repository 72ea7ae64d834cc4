"""Results of the analyses kept on disk per loaded network, so that a restarted explorer
answers its first page without analysing the network again.

Every value :func:`web.services.cached` and :func:`web.services.per_version` compute is
also written to ``cache/<stamp>/`` in the data directory, where the stamp stands for the
loaded network (its version, when and from what it was loaded) and the program that
computed the values: a new load or a new release gives a new stamp, and the folders of other stamps are removed the first time the new one is used.
A file is written under a temporary name and renamed (never half-written); a file that
cannot be read back is removed and its value computed again. The files are pickles of
the app's own results, in the app's private data directory (mode 700, files 600):
whoever can write there can change the app's state anyway.

The folder keeps to a size limit: when a new file would take it over the limit, the
least recently used files (by modification time, renewed on every read) are removed
until it is at most :data:`LOW_WATER` of the limit, so that the folder is listed once per
tenth of the limit written, not on every write. A value larger than the limit is not
written.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

__all__ = ["MISSING", "DiskCache", "stamp_of"]

log = logging.getLogger(__name__)

#: What :meth:`DiskCache.get` returns for a value that is not on disk.
MISSING = object()

_LOCK = threading.Lock()

#: After removing files for room, the folder holds at most this share of its limit.
LOW_WATER = 0.9

#: The bytes in each cache folder, as this process counts them (listed again when full).
_TOTALS: dict[Path, int] = {}


def _code_stamp() -> str:
    """The program that made the values: its Python files' names, sizes and times (a new
    release, or a changed file, starts a new cache)."""
    root = Path(__file__).resolve().parents[1]
    parts = []
    for package in ("lea_graph", "web"):
        for f in sorted((root / package).rglob("*.py")):
            st = f.stat()
            parts.append(f"{f.relative_to(root)}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


CODE_STAMP = _code_stamp()


def stamp_of(meta: dict[str, Any]) -> str:
    """The name of a loaded network's cache folder (empty when nothing is loaded): its
    version, when and from what it was loaded, its counts, and the program."""
    if not meta:
        return ""
    keys = ("versie", "geladen_op", "bron", "aantallen")
    text = "|".join([*(str(meta.get(k, "")) for k in keys), CODE_STAMP])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


class DiskCache:
    """The cache folder of one loaded network, at most ``limit`` bytes."""

    def __init__(self, data_dir: str | Path, stamp: str, limit: int) -> None:
        self.root = Path(data_dir) / "cache"
        self.folder = self.root / stamp
        self.stamp = stamp
        self.limit = limit

    def _path(self, key: tuple) -> Path:
        return self.folder / f"{hashlib.sha256(repr(key).encode('utf-8')).hexdigest()}.pickle"

    def _prepare(self) -> None:
        """Make this network's folder and remove the folders of other networks."""
        with _LOCK:
            if self.folder.exists():
                return
            self.root.mkdir(parents=True, exist_ok=True)
            os.chmod(self.root, 0o700)
            for old in self.root.iterdir():
                if old.is_dir() and old.name != self.stamp:
                    shutil.rmtree(old, ignore_errors=True)
                    _TOTALS.pop(old, None)
            self.folder.mkdir(mode=0o700, exist_ok=True)

    def get(self, key: tuple) -> tuple[Any, int]:
        """The value kept for ``key`` and the length of its file, or ``(MISSING, 0)``."""
        if not self.stamp:
            return MISSING, 0
        path = self._path(key)
        try:
            data = path.read_bytes()
            value = pickle.loads(data)  # noqa: S301 - our own files in the private data dir
        except FileNotFoundError:
            return MISSING, 0
        except Exception:  # a damaged file: compute the value again
            log.warning("Cachebestand %s is onleesbaar; het wordt opnieuw berekend", path.name)
            path.unlink(missing_ok=True)
            return MISSING, 0
        with contextlib.suppress(OSError):  # used now: the last to be removed for room
            os.utime(path)
        return value, len(data)

    def put(self, key: tuple, value: Any) -> int | None:
        """Keep ``value`` for ``key``; return the length of its pickle (None for a value
        that cannot be pickled, which is not kept)."""
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # e.g. a function in the value
            log.warning("Niet bewaard, want niet te pickelen (%r): %s", key[:2], exc)
            return None
        if not self.stamp or len(data) > self.limit:
            return len(data)
        self._prepare()
        path = self._path(key)
        self._make_room(len(data) - (path.stat().st_size if path.exists() else 0))
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except OSError as exc:  # a full disk: the value stays in memory only
            Path(tmp).unlink(missing_ok=True)
            log.warning("Cache niet op schijf bewaard: %s", exc)
        return len(data)

    def discard(self, key: tuple) -> None:
        """Remove the file of ``key`` (nothing happens if there is none)."""
        if not self.stamp:
            return
        path = self._path(key)
        with _LOCK, contextlib.suppress(OSError):
            size = path.stat().st_size
            path.unlink()
            if self.folder in _TOTALS:
                _TOTALS[self.folder] -= size

    def _make_room(self, growth: int) -> None:
        """Count ``growth`` more bytes in the folder, first removing the least recently
        used files if that would take it over the limit."""
        with _LOCK:
            total = _TOTALS.get(self.folder)
            if total is None or total + growth > self.limit:
                files = []
                for f in self.folder.glob("*.pickle"):
                    with contextlib.suppress(FileNotFoundError):
                        st = f.stat()
                        files.append((st.st_mtime_ns, st.st_size, f))
                files.sort()
                total = sum(size for _, size, _ in files)
                room = self.limit * LOW_WATER if total + growth > self.limit else self.limit
                for _, size, f in files:
                    if total + growth <= room:
                        break
                    f.unlink(missing_ok=True)
                    total -= size
            _TOTALS[self.folder] = total + growth

    def clear(self) -> None:
        """Remove every cache folder (after a load)."""
        with _LOCK:
            _TOTALS.clear()
        shutil.rmtree(self.root, ignore_errors=True)
