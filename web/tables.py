"""Tables on the pages: sortable in the browser, downloadable as CSV and XLSX.

Downloads are meant for people: cells that a spreadsheet would read as a formula
(starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) get a leading
apostrophe, so that opening the file never runs anything (the one rule:
:func:`lea_graph.spreadsheet.safe_cell`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from lea_graph.analytics.samenwerking import MIN_BEOORDELAARS
from lea_graph.spreadsheet import safe_cell, sheet_cell

__all__ = ["ILLUSTRATIVE", "SOURCE", "Col", "Table", "num", "sheet_title", "table_from_frame"]


@dataclass
class Col:
    """A column: the row key, a Dutch header, how to show it and where it links to."""

    key: str
    label: str
    kind: str = "text"  # text, num, pct, bool, links
    #: The page a cell links to; for ``links`` the (name, page or None) of each of the
    #: names in the cell's list value.
    link: Callable[[dict[str, Any]], Any] | None = None
    help: str = ""
    #: A row key naming the source of this column's value (e.g. ``kenmerken_bron``): the
    #: cell is marked "(voorbeeld)" when that source is ``voorbeeld``.
    source: str | None = None
    #: A row key holding a number to sort this column by in the browser (a text column
    #: such as a range "630–690" sorted by the middle of its range).
    sort: str | None = None


def num(key: str, label: str, **kw: Any) -> Col:
    """A numeric column (right-aligned, sorted as a number)."""
    return Col(key, label, kind="num", **kw)


#: What a download says for a figure hidden to protect its few raters (``<key>_verborgen``).
HIDDEN = f"verborgen (minder dan {MIN_BEOORDELAARS} beoordelaars)"

#: The row key that says where a row comes from; ``voorbeeld`` marks made-up rows.
SOURCE = "bron"
ILLUSTRATIVE = "voorbeeld"


@dataclass
class Table:
    """A table with an id (for its download links), title and explanation.

    A row whose ``bron`` is ``voorbeeld`` (illustrative, made up) is marked on the page
    (in its first cell) and keeps its ``bron`` in the downloads, also when the table does
    not show a Bron column; so do the sources of columns with a ``source``.
    """

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

    @property
    def download_columns(self) -> list[Col]:
        """The columns of a download: the page's, plus the row sources it leaves out."""
        keys = {c.key for c in self.columns}
        extra = []
        if any(SOURCE in r for r in self.rows) and SOURCE not in keys:
            extra.append(Col(SOURCE, "Bron"))
        for c in self.columns:
            if c.source and c.source not in keys | {e.key for e in extra}:
                extra.append(Col(c.source, f"Bron {c.label}"))
        return self.columns + extra

    def illustrative(self, row: dict[str, Any], col: Col) -> bool:
        """Whether the page marks this cell as illustrative."""
        if col is self.columns[0] and row.get(SOURCE) == ILLUSTRATIVE:
            return True
        return bool(col.source) and row.get(col.source) == ILLUSTRATIVE

    @property
    def illustrative_rows(self) -> int:
        return sum(1 for r in self.rows if r.get(SOURCE) == ILLUSTRATIVE)

    def values(self) -> Iterable[list[Any]]:
        columns = self.download_columns
        for row in self.rows:
            yield [
                HIDDEN if row.get(f"{c.key}_verborgen") else _plain(row.get(c.key)) for c in columns
            ]

    def csv(self) -> bytes:
        """UTF-8 with BOM and ``;`` between fields: opens correctly in Dutch Excel."""
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
        writer.writerow([c.label for c in self.download_columns])
        for values in self.values():
            writer.writerow([safe_cell(v) for v in values])
        return ("\ufeff" + buf.getvalue()).encode("utf-8")

    def xlsx(self) -> bytes:
        """One sheet, Dutch headers, text cells for text and numbers for numbers."""
        from openpyxl import Workbook
        from openpyxl.styles import Font

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(sheet_title(self.title))
        header = []
        for c in self.download_columns:
            cell = sheet_cell(ws, c.label)
            cell.font = Font(bold=True)
            header.append(cell)
        ws.append(header)
        for values in self.values():
            ws.append([sheet_cell(ws, v) for v in values])
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


def sheet_title(title: str) -> str:
    """A table's title as an Excel sheet name: without the characters Excel refuses
    (``[ ] : * ? / \\``), at most 31 characters.

    >>> sheet_title("Gewijzigde rijen: wat was het, wat wordt het")
    'Gewijzigde rijen wat was het, w'
    >>> sheet_title("?")
    'Tabel'
    """
    clean = " ".join("".join(" " if ch in "[]:*?/\\" else ch for ch in title).split())
    return clean[:31].strip() or "Tabel"


def table_from_frame(
    id: str,
    title: str,
    df: pd.DataFrame | list[dict[str, Any]],
    columns: list[Col],
    *,
    explanation: str = "",
    empty: str = "Niets gevonden.",
    limit: int | None = None,
) -> Table:
    """A table of the given columns of a DataFrame or of its records (values made plain:
    NaN and None "", numpy scalars Python ones, lists joined)."""
    records = df if isinstance(df, list) else df.to_dict(orient="records")
    rows = [{k: _plain(v) for k, v in r.items()} for r in records]
    return Table(id, title, columns, rows, explanation, empty, limit)
