"""The audit log: who loaded or restored which network, and when.

One JSON object per line in ``audit.log`` in the data directory (mode 600). Entries
hold names of files, user names, versions and counts: never data values.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from pathlib import Path
from typing import Any

from lea_graph import tijd

__all__ = ["find", "read_log", "record"]

_LOCK = threading.Lock()


def _path(data_dir: str | Path) -> Path:
    return Path(data_dir) / "audit.log"


def record(data_dir: str | Path, **entry: Any) -> dict[str, Any]:
    """Append one entry (``tijd`` is added, :func:`lea_graph.tijd.stamp`) and return it."""
    entry = {"tijd": tijd.stamp(), **entry}
    path = _path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(entry, ensure_ascii=False, sort_keys=False) + "\n"
    with _LOCK:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(line)
    return entry


def read_log(data_dir: str | Path, limit: int | None = None) -> list[dict[str, Any]]:
    """Entries, newest first."""
    path = _path(data_dir)
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entries.append(json.loads(line))
        except ValueError:
            continue
    entries.reverse()
    return entries[:limit] if limit else entries


def find(data_dir: str | Path, laad: str) -> dict[str, Any] | None:
    """The entry of the recorded load ``laad`` (:mod:`lea_graph.loading`), if written."""
    path = _path(data_dir)
    if not path.exists():
        return None
    needle = json.dumps(laad)
    for line in path.read_text(encoding="utf-8").splitlines():
        if needle in line:
            with contextlib.suppress(ValueError):
                entry = json.loads(line)
                if entry.get("laad") == laad:
                    return entry
    return None
