"""Processes on this machine: whether one still runs, and who holds a lock."""

from __future__ import annotations

import os
import socket
import uuid

__all__ = ["alive", "holder_gone", "holder_token"]


def alive(pid: int) -> bool:
    """True if process ``pid`` runs (a zombie, which exited but was not reaped, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(") ", 1)[1][:1] != "Z"
    except (OSError, IndexError):
        return True


def holder_token() -> str:
    """A token naming this process as the holder of a lock: ``host:pid:random``."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex}"


def holder_gone(holder: str) -> bool:
    """True if ``holder`` (a :func:`holder_token`) is a process of this host that ended."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    return host == socket.gethostname() and pid.isdigit() and not alive(int(pid))
