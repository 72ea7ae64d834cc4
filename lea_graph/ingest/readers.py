"""Read a folder of CSV files or one .xlsx workbook into raw text tables.

Nothing here interprets values: every cell comes back as the text a person typed,
with the row number Excel would show. Validation happens in :mod:`.validate`.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from lea_graph.errors import ReadError
from lea_graph.ingest.archive import (
    MAX_COLUMNS,
    MAX_ROWS,
    check_archive,
    extract_csv_zip,
)
from lea_graph.ingest.report import Problem
from lea_graph.text import number

__all__ = ["RawTable", "decode", "read_csv_bytes", "read_raw", "read_xlsx", "sniff_delimiter"]

codecs.register_error("lea-latin1", lambda e: (e.object[e.start : e.end].decode("latin-1"), e.end))

#: Sheets of our own Excel template that are not tables.
INSTRUCTION_SHEETS = frozenset({"uitleg", "toelichting", "lees mij", "leesmij"})


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


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes as UTF-8 (with or without BOM), UTF-16 or Windows-1252.

    Returns
    -------
    (text, encoding)
        ``encoding`` is ``utf-8-sig``, ``utf-8``, ``utf-16`` or ``windows-1252``.

    Examples
    --------
    >>> decode("café".encode("cp1252"))
    ('café', 'windows-1252')
    >>> decode("\\ufeffcafé".encode("utf-8"))
    ('café', 'utf-8-sig')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Windows-1252 leaves five byte values undefined; map those as latin-1 so
        # nothing is lost and validation still sees every character.
        text = data.decode("cp1252", errors="lea-latin1")
        return text, "windows-1252"


def sniff_delimiter(text: str) -> str:
    """Pick ``;``, ``,`` or tab by counting them in the header line outside quotes.

    Examples
    --------
    >>> sniff_delimiter('id;naam;"a,b"\\n')
    ';'
    >>> sniff_delimiter("id,naam\\n")
    ','
    """
    counts = {";": 0, ",": 0, "\t": 0}
    in_quotes = False
    for ch in text:
        if ch == '"':
            in_quotes = not in_quotes
        elif not in_quotes:
            if ch in "\r\n":
                break
            if ch in counts:
                counts[ch] += 1
    best = max(counts, key=lambda k: (counts[k], k == ","))
    return best if counts[best] else ","


def read_csv_bytes(data: bytes, table: str, source: str) -> RawTable:
    """Parse the bytes of one CSV file into a raw table."""
    text, encoding = decode(data)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(reader)
    except csv.Error as exc:  # e.g. NUL bytes: not a text file
        raise ReadError(f"{source}: dit is geen leesbaar CSV-bestand ({exc}).") from exc
    header = records[0] if records else []
    _check_size(source, len(records) - 1, max((len(r) for r in records), default=0))
    rows = [(i, rec) for i, rec in enumerate(records[1:], start=2)]
    return RawTable(
        table, source, header, rows, encoding, "tab" if delimiter == "\t" else delimiter
    )


def _check_size(source: str, rows: int, columns: int) -> None:
    """Refuse a table beyond the row or column cap (before it fills memory further)."""
    if rows > MAX_ROWS:
        raise ReadError(f"{source}: te veel rijen ({number(rows)}; hooguit {number(MAX_ROWS)}).")
    if columns > MAX_COLUMNS:
        raise ReadError(f"{source}: te veel kolommen ({columns}; hooguit {MAX_COLUMNS}).")


def _table_name(name: str) -> str:
    return re.sub(r"\s+", "_", name.strip().lower())


def read_folder(path: Path) -> tuple[list[RawTable], list[Problem]]:
    """Read every ``<table>.csv`` in a folder."""
    tables: list[RawTable] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for file in sorted(path.iterdir()):
        if not file.is_file() or file.suffix.lower() != ".csv":
            continue
        name = _table_name(file.stem)
        if name in seen:
            problems.append(
                Problem(
                    name,
                    None,
                    None,
                    file.name,
                    f"Er zijn twee bestanden voor tabel '{name}': '{seen[name]}' en "
                    f"'{file.name}'. Houd er één over.",
                    source=file.name,
                )
            )
            continue
        seen[name] = file.name
        tables.append(read_csv_bytes(file.read_bytes(), name, file.name))
    return tables, problems


def _cell_text(cell) -> tuple[str, bool]:
    """Return (text, is_formula) for an openpyxl cell as a person typed it."""
    value = cell.value
    if value is None:
        return "", False
    if getattr(cell, "data_type", None) == "f":
        return str(value), True
    if isinstance(value, bool):
        return ("ja" if value else "nee"), False
    if isinstance(value, int):
        fmt = getattr(cell, "number_format", "") or ""
        # A number shown with leading zeros ("000") was typed with them.
        if re.fullmatch(r"0+", fmt):
            return str(value).zfill(len(fmt)), False
        return str(value), False
    if isinstance(value, float):
        return (str(int(value)) if value.is_integer() else repr(value)), False
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat(), False
        return value.isoformat(sep=" "), False
    if isinstance(value, dt.date | dt.time):
        return value.isoformat(), False
    return str(value), False


def read_xlsx(path: Path) -> tuple[list[RawTable], list[Problem]]:
    """Read every sheet of a workbook; formulas are reported, never evaluated."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    check_archive(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl (and defusedxml) raise many kinds for a bad file
        raise ReadError(
            f"{path.name}: dit bestand kan niet veilig als Excel-werkmap (.xlsx) worden "
            f"gelezen ({type(exc).__name__})."
        ) from exc
    tables: list[RawTable] = []
    problems: list[Problem] = []
    try:
        for ws in wb.worksheets:
            name = _table_name(ws.title)
            if name in INSTRUCTION_SHEETS:
                continue
            raw = RawTable(name, f"{path.name} › {ws.title}", [])
            for r_idx, row in enumerate(ws.iter_rows(min_row=1, max_col=MAX_COLUMNS + 1), start=1):
                if r_idx > MAX_ROWS + 1:
                    _check_size(raw.source, r_idx - 1, 0)
                cells: list[str] = []
                for c_idx, cell in enumerate(row, start=1):
                    text, is_formula = _cell_text(cell)
                    if is_formula:
                        problems.append(
                            Problem(
                                name,
                                r_idx,
                                None,
                                text,
                                f"Cel {get_column_letter(c_idx)}{r_idx} bevat een formule. "
                                "LEA Graph rekent formules niet uit: vul de waarde zelf in "
                                "(of zet de cel op Tekst).",
                                source=raw.source,
                            )
                        )
                        text = ""
                    cells.append(text)
                if len(cells) > MAX_COLUMNS and any(cells[MAX_COLUMNS:]):
                    _check_size(raw.source, 0, len(cells))
                if r_idx == 1:
                    raw.header = cells
                else:
                    raw.rows.append((r_idx, cells))
            tables.append(raw)
    except ReadError:
        raise
    except Exception as exc:  # e.g. defusedxml refusing an XML entity bomb in a sheet
        raise ReadError(
            f"{path.name}: dit bestand kan niet veilig als Excel-werkmap (.xlsx) worden "
            f"gelezen ({type(exc).__name__})."
        ) from exc
    finally:
        wb.close()
    return tables, problems


def _read_dataset_folder(path: Path) -> tuple[list[RawTable], list[Problem]]:
    """The CSV files of a folder and, if it has one, its ``wijken.geojson`` (as the raw
    table ``wijkgrenzen``, see :mod:`lea_graph.ingest.geo`)."""
    from lea_graph.ingest.geo import GEOJSON_NAME, read_boundaries

    tables, problems = read_folder(path)
    for file in sorted(path.iterdir()):
        if file.is_file() and file.name.lower() == GEOJSON_NAME:
            table, more = read_boundaries(file)
            problems += more
            if table is not None:
                tables.append(table)
            break
    return tables, problems


def read_raw(path: str | Path) -> tuple[list[RawTable], list[Problem]]:
    """Read a dataset folder (CSV files), a .zip of CSV files or an .xlsx workbook.

    A folder or zip may also hold ``wijken.geojson`` (the wijk boundaries); a workbook
    brings them in its sheet ``wijkgrenzen``. Both come back as a raw table named
    ``wijkgrenzen`` for :func:`lea_graph.ingest.geo.apply_boundaries`.

    Raises
    ------
    ReadError
        If the path does not exist or is neither a folder nor an .xlsx file.
    """
    p = Path(path)
    if not p.exists():
        raise ReadError(f"'{p}' bestaat niet.")
    if p.is_dir():
        return _read_dataset_folder(p)
    if p.suffix.lower() == ".xlsx":
        return read_xlsx(p)
    if p.suffix.lower() == ".zip":
        with tempfile.TemporaryDirectory(prefix="lea-zip-") as tmp:
            return _read_dataset_folder(extract_csv_zip(p, Path(tmp)))
    if p.suffix.lower() in (".xls", ".ods", ".xlsm"):
        raise ReadError(
            f"'{p.name}': sla het bestand op als Excel-werkmap (.xlsx); "
            f"{p.suffix} wordt niet gelezen."
        )
    raise ReadError(
        f"'{p.name}' is geen map met CSV-bestanden, geen .zip met CSV-bestanden en geen "
        ".xlsx-werkmap. Geef een map (met bijvoorbeeld partners.csv), een .zip of een "
        ".xlsx-bestand op."
    )
