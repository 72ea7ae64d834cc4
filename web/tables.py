"""Tables on the pages: sortable in the browser, downloadable as CSV and XLSX.

Downloads are meant for people: cells that a spreadsheet would read as a formula
(starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) get a leading
apostrophe, so that opening the file never runs anything.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

__all__ = ["Col", "Table", "neutralise", "table_from_frame"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Make a text cell safe to open in a spreadsheet.

    Examples
    --------
    >>> neutralise("=HYPERLINK(1)"), neutralise("-5"), neutralise(-5), neutralise("Factorium")
    ("'=HYPERLINK(1)", "'-5", -5, 'Factorium')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


@dataclass
class Col:
    """A column: the row key, a Dutch header, how to show it and where it links to."""

    key: str
    label: str
    kind: str = "text"  # text, num, pct, bool
    link: Callable[[dict[str, Any]], str | None] | None = None
    help: str = ""


@dataclass
class Table:
    """A table with an id (for its download links), title and explanation."""

    id: str
    title: str
    columns: list[Col]
    rows: list[dict[str, Any]]
    explanation: str = ""
    empty: str = "Niets gevonden."
    limit: int | None = None  # rows shown on the page (all rows are downloaded)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def shown(self) -> list[dict[str, Any]]:
        return self.rows if self.limit is None else self.rows[: self.limit]

    def values(self) -> Iterable[list[Any]]:
        for row in self.rows:
            yield [_plain(row.get(c.key)) for c in self.columns]

    def csv(self) -> bytes:
        """UTF-8 with BOM and ``;`` between fields: opens correctly in Dutch Excel."""
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
        writer.writerow([c.label for c in self.columns])
        for values in self.values():
            writer.writerow([neutralise(v) for v in values])
        return ("\ufeff" + buf.getvalue()).encode("utf-8")

    def xlsx(self) -> bytes:
        """One sheet, Dutch headers, text cells for text and numbers for numbers."""
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(self.title[:31] or "Tabel")
        header = []
        for c in self.columns:
            cell = WriteOnlyCell(ws, value=c.label)
            cell.font = Font(bold=True)
            header.append(cell)
        ws.append(header)
        for values in self.values():
            row = []
            for v in values:
                cell = WriteOnlyCell(ws, value=neutralise(v))
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula
                row.append(cell)
            ws.append(row)
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and pd.isna(value):
        return ""
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, list | tuple | set):
        return "; ".join(str(v) for v in value)
    return value


def table_from_frame(
    id: str,
    title: str,
    df: pd.DataFrame,
    columns: list[Col],
    *,
    explanation: str = "",
    empty: str = "Niets gevonden.",
    limit: int | None = None,
) -> Table:
    """A table of the given columns of a DataFrame."""
    rows = [{k: _plain(v) for k, v in r.items()} for r in df.to_dict(orient="records")]
    return Table(id, title, columns, rows, explanation, empty, limit)
