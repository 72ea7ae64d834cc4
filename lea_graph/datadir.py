"""The data directory: where LEA Graph keeps its state on this machine.

Accounts (``gebruikers.json``), snapshots, the audit log and uploads live here with
either store; the embedded FalkorDB also keeps its database here (``falkordb/``).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["default_data_dir", "private_dir", "write_private_json"]


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
