"""A table as read, before anything is interpreted: the one shape every reader returns
and validation takes (:mod:`.readers`, :mod:`.geo`, :mod:`.registers` make them,
:mod:`.validate` checks them)."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["RawTable"]


@dataclass
class RawTable:
    """A table as read: header cells and data rows of text, with Excel row numbers."""

    table: str
    source: str
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    #: Non-schema columns this source is known to add (no "unknown column" warning).
    expected_extra: tuple[str, ...] = ()
    #: Cells filled in from another file (the wijk boundaries): Excel row → (source, row,
    #: column) there, where a problem with the value is reported.
    origins: dict[int, tuple[str, int, str]] = field(default_factory=dict)
