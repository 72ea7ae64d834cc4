"""The exceptions LEA Graph raises, with messages meant for people (Dutch)."""

from __future__ import annotations

import errno
import socket
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lea_graph.ingest.report import Problem

__all__ = [
    "ExportError",
    "InvalidDataset",
    "LeaGraphError",
    "ReadError",
    "os_reason",
    "reason_of",
]


class LeaGraphError(Exception):
    """Base class: every error LEA Graph raises on purpose has a Dutch message."""


class ReadError(LeaGraphError):
    """A file or folder cannot be read at all (missing, not a dataset, unreadable)."""


class ExportError(LeaGraphError):
    """A dataset cannot be written in the format asked for (e.g. a cell too long for Excel)."""


class InvalidDataset(LeaGraphError):
    """The input has validation errors; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        n = len(problems)
        super().__init__(f"De gegevens bevatten {n} {'fout' if n == 1 else 'fouten'}.")


# What the operating system's error numbers mean, in Dutch; {path} is the file or folder.
_OS_REASONS = {
    errno.ENOENT: "'{path}' bestaat niet",
    errno.EACCES: "geen toestemming voor '{path}'",
    errno.EPERM: "geen toestemming voor '{path}'",
    errno.ENOTDIR: "een deel van '{path}' is een bestand, geen map",
    errno.EISDIR: "'{path}' is een map, geen bestand",
    errno.EEXIST: "'{path}' bestaat al",
    errno.EROFS: "'{path}' staat op een schijf waarop niet geschreven mag worden",
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "het schijfquotum is op",
    errno.ENAMETOOLONG: "de naam '{path}' is te lang",
    errno.ELOOP: "te veel symbolische koppelingen in '{path}'",
    errno.EMFILE: "te veel open bestanden",
    errno.ENFILE: "te veel open bestanden",
    errno.EIO: "lees- of schrijffout op de schijf",
    errno.EADDRINUSE: "het adres is al in gebruik",
    errno.EADDRNOTAVAIL: "het adres hoort niet bij deze computer",
    errno.ECONNREFUSED: "de verbinding werd geweigerd",
    errno.ECONNRESET: "de verbinding werd verbroken",
    errno.ETIMEDOUT: "er kwam geen antwoord op tijd",
    errno.EHOSTUNREACH: "de computer is via het netwerk niet te bereiken",
    errno.ENETUNREACH: "het netwerk is niet te bereiken",
}


def os_reason(exc: OSError) -> str:
    """Why an operating-system call failed, in Dutch (the system's own text if unknown).

    Examples
    --------
    >>> os_reason(FileNotFoundError(2, "No such file or directory", "/data/x.csv"))
    "'/data/x.csv' bestaat niet"
    >>> os_reason(ConnectionRefusedError(111, "Connection refused"))
    'de verbinding werd geweigerd'
    """
    if isinstance(exc, socket.gaierror):
        return "onbekende naam of onbekend adres"
    if isinstance(exc, TimeoutError) and exc.errno is None:
        return _OS_REASONS[errno.ETIMEDOUT]
    template = _OS_REASONS.get(exc.errno or 0)
    if template is None:
        return exc.strerror or str(exc)
    return template.format(path=exc.filename or "het bestand")


def reason_of(exc: BaseException) -> str:
    """Why something failed: the Dutch reason of the operating-system error behind it,
    else the first line of its own text (drivers wrap a refused connection in theirs).

    Examples
    --------
    >>> wrapped = RuntimeError("Couldn't connect:\\nrefused")
    >>> reason_of(wrapped)
    "Couldn't connect"
    >>> wrapped.__cause__ = ConnectionRefusedError(111, "Connection refused")
    >>> reason_of(wrapped)
    'de verbinding werd geweigerd'
    """
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and (seen.errno is not None or isinstance(seen, TimeoutError)):
            return os_reason(seen)
        seen = seen.__cause__ or seen.__context__
    lines = str(exc).strip().splitlines()
    return lines[0].rstrip(":") if lines else type(exc).__name__
