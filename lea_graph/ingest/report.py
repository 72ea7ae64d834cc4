"""Problems found while reading and validating, and the report that carries them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from lea_graph.dataset import Dataset

__all__ = ["Problem", "SourceInfo", "ValidationReport"]

Severity = Literal["fout", "waarschuwing"]


@dataclass(frozen=True)
class Problem:
    """One problem in the input, located the way the person who made the file sees it.

    Attributes
    ----------
    table
        Table name (``partners``); for a file or sheet that is not a table, its name.
    row
        Row number as Excel shows it (the header is row 1), or None for the table as a whole.
    column
        Column name, or None.
    value
        The offending value as read (empty string if none).
    message
        Dutch explanation of what is wrong and how to fix it.
    severity
        ``fout`` (blocks loading) or ``waarschuwing`` (loaded, but worth a look).
    source
        File or sheet the table came from.
    """

    table: str
    row: int | None
    column: str | None
    value: str
    message: str
    severity: Severity = "fout"
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used by ``lea-graph validate --format json``."""
        d = asdict(self)
        del d["severity"]
        return d

    def to_text(self) -> str:
        """One line for people: where, what value, what is wrong."""
        where = [self.source or self.table]
        if self.row is not None:
            where.append(f"rij {self.row}")
        if self.column:
            where.append(f"kolom '{self.column}'")
        value = f" waarde '{self.value}':" if self.value else ""
        return f"{', '.join(where)}:{value} {self.message}"


@dataclass(frozen=True)
class SourceInfo:
    """How one table was read (file, encoding, delimiter), for the report."""

    table: str
    source: str
    encoding: str = ""
    delimiter: str = ""


@dataclass
class ValidationReport:
    """The outcome of reading a dataset: either a valid dataset or its problems."""

    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    sources: list[SourceInfo] = field(default_factory=list)
    dataset: Dataset | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "fout"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "waarschuwing"]

    @property
    def ok(self) -> bool:
        return self.dataset is not None and not self.errors

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``lea-graph validate --format json``."""
        return {
            "valid": self.ok,
            "errors": [p.to_dict() for p in self.errors],
            "warnings": [p.to_dict() for p in self.warnings],
            "counts": dict(self.counts),
            "files": [asdict(s) for s in self.sources],
        }
