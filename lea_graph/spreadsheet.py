"""Cells of the spreadsheets and CSV files the program writes: one rule for formulas.

Two kinds of file are written, and they treat a text that a spreadsheet could read as
a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return)
differently:

- **files for people** (the table downloads of the explorer, the Kumu workbook, the
  report and comparison workbooks, the report's CSV tables): such a text gets a
  leading apostrophe (:func:`safe_cell`), so that opening the file, or editing a cell
  and pressing Enter, never runs anything; "=1+1" is shown as "'=1+1";
- **the data format** (:func:`lea_graph.export.write_xlsx` and the CSV folder), which
  must read back unchanged: every value is kept exactly, as a text cell (never a
  formula), so "=1+1" stays "=1+1". The page ``/gegevens`` explains this to users.

:func:`sheet_cell` writes one openpyxl cell either way (``exact=True`` for the data
format).
"""

from __future__ import annotations

from typing import Any

__all__ = ["FORMULA_START", "safe_cell", "sheet_cell"]

#: What a text starts with when a spreadsheet could read it as a formula.
FORMULA_START: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A cell value for a spreadsheet or CSV file meant for people.

    A text that a spreadsheet could read as a formula (see :data:`FORMULA_START`) gets a
    leading apostrophe; every other value (numbers too, negative ones included) is
    returned as it is. Not for the data format, which keeps values exactly (see the
    module's docstring and :func:`sheet_cell` with ``exact=True``).

    Examples
    --------
    >>> safe_cell("=1+1"), safe_cell("@SUM(A1)"), safe_cell("-2"), safe_cell("+31 13")
    ("'=1+1", "'@SUM(A1)", "'-2", "'+31 13")
    >>> safe_cell(-2), safe_cell("Factorium"), safe_cell(""), safe_cell(None)
    (-2, 'Factorium', '', None)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def sheet_cell(ws: Any, value: Any, *, exact: bool = False) -> Any:
    """One cell for an openpyxl write-only sheet: text as a text cell, never a formula.

    Parameters
    ----------
    ws
        The write-only worksheet the cell goes into.
    value
        The value: a text becomes a text cell, a number a number cell.
    exact
        False (files for people): a text that could be a formula gets an apostrophe
        (:func:`safe_cell`). True (the data format, read back by ``lea-graph
        validate``): the text is kept exactly, only stored as a text cell.

    Returns
    -------
    openpyxl.cell.WriteOnlyCell
        The cell; the caller may still set its font, fill or number format.

    Examples
    --------
    >>> from openpyxl import Workbook
    >>> ws = Workbook(write_only=True).create_sheet("Blad")
    >>> c = sheet_cell(ws, "=1+1")
    >>> c.value, c.data_type
    ("'=1+1", 's')
    >>> c = sheet_cell(ws, "=1+1", exact=True)
    >>> c.value, c.data_type
    ('=1+1', 's')
    >>> sheet_cell(ws, 3).data_type
    'n'
    """
    from openpyxl.cell import WriteOnlyCell

    if not exact:
        value = safe_cell(value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text, never a formula
    return cell
