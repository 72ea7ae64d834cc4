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
"""

from __future__ import annotations

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
    """The cache folder of one loaded network."""

    def __init__(self, data_dir: str | Path, stamp: str) -> None:
        self.root = Path(data_dir) / "cache"
        self.folder = self.root / stamp
        self.stamp = stamp

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
            self.folder.mkdir(mode=0o700, exist_ok=True)

    def get(self, key: tuple) -> Any:
        """The value kept for ``key``, or :data:`MISSING`."""
        if not self.stamp:
            return MISSING
        path = self._path(key)
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)  # noqa: S301 - our own files in the private data dir
        except FileNotFoundError:
            return MISSING
        except Exception:  # a damaged file: compute the value again
            log.warning("Cachebestand %s is onleesbaar; het wordt opnieuw berekend", path.name)
            path.unlink(missing_ok=True)
            return MISSING

    def put(self, key: tuple, value: Any) -> None:
        """Keep ``value`` for ``key`` (values that cannot be pickled are left out)."""
        if not self.stamp:
            return
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # e.g. a function in the value: keep it in memory only
            log.debug("Niet op schijf bewaard (%r): %s", key[:2], exc)
            return
        self._prepare()
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o600)
            os.replace(tmp, self._path(key))
        except OSError as exc:  # a full disk: the value stays in memory only
            Path(tmp).unlink(missing_ok=True)
            log.warning("Cache niet op schijf bewaard: %s", exc)

    def clear(self) -> None:
        """Remove every cache folder (after a load)."""
        shutil.rmtree(self.root, ignore_errors=True)
