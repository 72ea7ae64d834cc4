"""The exceptions LEA Graph raises, with messages meant for people (Dutch)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lea_graph.ingest.report import Problem

__all__ = ["InvalidDataset", "LeaGraphError", "ReadError"]


class LeaGraphError(Exception):
    """Base class: every error LEA Graph raises on purpose has a Dutch message."""


class ReadError(LeaGraphError):
    """A file or folder cannot be read at all (missing, not a dataset, unreadable)."""


class InvalidDataset(LeaGraphError):
    """The input has validation errors; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        n = len(problems)
        super().__init__(f"De gegevens bevatten {n} {'fout' if n == 1 else 'fouten'}.")
