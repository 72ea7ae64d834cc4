"""The data directory: where LEA Graph keeps its state on this machine.

Accounts (``gebruikers.json``), snapshots, the audit log and uploads live here with
either store; the embedded FalkorDB also keeps its database here (``falkordb/``).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["default_data_dir"]


def default_data_dir() -> Path:
    """``LEA_DATA_DIR``, else ``$XDG_DATA_HOME/lea-graph``, else ``~/.local/share/lea-graph``."""
    if os.environ.get("LEA_DATA_DIR"):
        return Path(os.environ["LEA_DATA_DIR"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "lea-graph"
