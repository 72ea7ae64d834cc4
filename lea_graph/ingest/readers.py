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
from collections.abc import Iterator
from pathlib import Path

from lea_graph import model
from lea_graph.errors import ReadError
from lea_graph.ingest.archive import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    check_archive,
    extract_csv_zip,
)
from lea_graph.ingest.geo import GEOJSON_NAME, boundary_keys, read_boundaries
from lea_graph.ingest.rawtable import RawTable
from lea_graph.ingest.report import Problem
from lea_graph.text import number

__all__ = [
    "CellCount",
    "decode",
    "read_csv_bytes",
    "read_raw",
    "read_xlsx",
    "sniff_delimiter",
]

codecs.register_error("lea-latin1", lambda e: (e.object[e.start : e.end].decode("latin-1"), e.end))

#: Sheets of our own Excel template that are not tables.
INSTRUCTION_SHEETS = frozenset({"uitleg", "toelichting", "lees mij", "leesmij"})


#: A well-formed UTF-8 sequence of two to four bytes (RFC 3629): text in Windows-1252
#: almost never holds one, text in UTF-8 does as soon as it has a letter beyond ASCII.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Decode file bytes as UTF-8 (with or without BOM), UTF-16 or Windows-1252.

    A file with a BOM is read in the encoding the BOM names. Without one, a file is
    UTF-8 when it decodes as UTF-8; a file that does not, and that holds no UTF-8
    sequence of several bytes at all, is Windows-1252 throughout (DUO's registers are).
    A file with UTF-8 sequences and also bytes that are no UTF-8 is a damaged UTF-8
    file: it is refused at its first bad line rather than read as Windows-1252, which
    would garble every other letter beyond ASCII (``§`` as ``Â§``).

    Parameters
    ----------
    data
        The bytes of the file.
    source
        The file's name, for the message.

    Returns
    -------
    (text, encoding)
        ``encoding`` is ``utf-8-sig``, ``utf-8``, ``utf-16`` or ``windows-1252``.

    Raises
    ------
    ReadError
        When the bytes are not valid in the encoding found (Dutch, with the line).

    Examples
    --------
    >>> decode("café".encode("cp1252"), "a.csv")
    ('café', 'windows-1252')
    >>> decode("\\ufeffcafé".encode("utf-8"), "a.csv")
    ('café', 'utf-8-sig')
    >>> decode("id\\n§ 1\\n".encode() + "§ 2".encode("cp1252"), "a.csv")
    Traceback (most recent call last):
    ...
    lea_graph.errors.ReadError: a.csv, regel 3: dit bestand is opgeslagen als UTF-8, maar \
deze regel heeft een teken in een andere tekenset (byte 0xA7). Sla het bestand op als \
UTF-8 (in Excel: 'CSV UTF-8') en probeer het opnieuw.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", source), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", source), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        if _UTF8_MULTIBYTE.search(data):
            _strict(data, "utf-8", source)  # raises at the first bad line
    # Windows-1252 leaves five byte values undefined; map those as latin-1 so nothing is
    # lost (validation refuses them: they are control characters).
    return data.decode("cp1252", errors="lea-latin1"), "windows-1252"


def _strict(data: bytes, encoding: str, source: str) -> str:
    """``data`` decoded, or a ReadError naming the line of the first byte that is not."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(encoding).count("\n") + 1
        name = {"utf-8": "UTF-8", "utf-16": "UTF-16"}[encoding]
        raise ReadError(
            f"{source}, regel {line}: dit bestand is opgeslagen als {name}, maar deze regel "
            f"heeft een teken in een andere tekenset (byte 0x{data[exc.start]:02X}). Sla het "
            f"bestand op als UTF-8 (in Excel: 'CSV UTF-8') en probeer het opnieuw."
        ) from None


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


class CellCount:
    """The filled cells of one input file (a workbook, or the CSV files of one folder
    or zip) counted while it is read, against :data:`MAX_CELLS`."""

    def __init__(self, name: str) -> None:
        self.name, self.cells = name, 0

    def add(self, cells: int, source: str, row: int) -> None:
        """Count the filled cells of one row; refuse the file once past the cap.

        Raises
        ------
        ReadError
            When the file holds more than :data:`MAX_CELLS` filled cells (Dutch).
        """
        self.cells += cells
        if self.cells > MAX_CELLS:
            raise ReadError(
                f"'{self.name}' heeft te veel gevulde cellen (meer dan {number(MAX_CELLS)} "
                f"bij {source}, rij {number(row)}; hooguit {number(MAX_CELLS)} per bestand)."
            )


def read_csv_bytes(
    data: bytes, table: str, source: str, cells: CellCount | None = None
) -> RawTable:
    """Parse the bytes of one CSV file into a raw table.

    Parameters
    ----------
    data, table, source
        The bytes, the table they are for, and the file's name for messages.
    cells
        The count of filled cells of the input this file belongs to (a folder or zip);
        by default the file counts on its own.

    Raises
    ------
    ReadError
        When the file is not text in a known encoding, or holds more rows, columns or
        filled cells than the caps (:data:`MAX_ROWS`, :data:`MAX_COLUMNS`,
        :data:`MAX_CELLS`).
    """
    text, encoding = decode(data, source)
    del data
    cells = cells or CellCount(source)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    try:
        for row, record in enumerate(reader, start=1):
            _check_size(source, row - 1, len(record))
            cells.add(sum(1 for c in record if c), source, row)
            if row == 1:
                header = record
            else:
                rows.append((row, record))
    except csv.Error as exc:  # e.g. a field larger than the csv module allows
        raise ReadError(f"{source}: dit is geen leesbaar CSV-bestand ({exc}).") from exc
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


def read_folder(path: Path, label: str | None = None) -> tuple[list[RawTable], list[Problem]]:
    """Read every ``<table>.csv`` in a folder (``label``: the folder or zip for messages)."""
    cells = CellCount(label or path.name)
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
        tables.append(read_csv_bytes(file.read_bytes(), name, file.name, cells))
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


def _sheet_rows(ws) -> Iterator[tuple[int, list[dict]]]:
    """The rows a worksheet's XML holds: (Excel row number, the cells present), in file
    order, nothing added.

    openpyxl's ``iter_rows`` fills in every missing row and cell up to the sheet's
    dimensions, so a sheet with only A1 and A1000001 became a million rows of empty cells
    (2 GB). Its own sheet parser, used here, yields only what the file holds; each cell
    is a dict of ``row``, ``column``, ``value``, ``data_type`` and ``style_id``.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    wb = ws.parent
    with ws._get_source() as src:
        parser = WorkSheetParser(
            src,
            ws._shared_strings,
            data_only=wb.data_only,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        yield from parser.parse()


def read_xlsx(path: Path, name: str | None = None) -> tuple[list[RawTable], list[Problem]]:
    """Read every sheet of a workbook; formulas are reported, never evaluated (``name``:
    the workbook's name in the report, by default its file name).

    Only the rows and cells the file holds are read: empty rows are skipped (the rows
    kept have their Excel row numbers) and a row ends at its last filled cell. The caps
    on rows, columns and filled cells (:data:`MAX_ROWS`, :data:`MAX_COLUMNS`,
    :data:`MAX_CELLS`) are checked while reading.
    """
    import openpyxl
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.utils import get_column_letter

    label = name or path.name
    check_archive(path, label)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl (and defusedxml) raise many kinds for a bad file
        raise ReadError(
            f"{label}: dit bestand kan niet veilig als Excel-werkmap (.xlsx) worden "
            f"gelezen ({type(exc).__name__})."
        ) from exc
    tables: list[RawTable] = []
    problems: list[Problem] = []
    count = CellCount(label)
    try:
        for ws in wb.worksheets:
            name = _table_name(ws.title)
            if name in INSTRUCTION_SHEETS:
                continue
            raw = RawTable(name, f"{label} › {ws.title}", [])
            # The name beside each reference (a formula the workbook for people adds,
            # model.naam_kolom) is a reading aid: its column is skipped, formulas and all.
            aids: set[int] = set()
            for r_idx, row in _sheet_rows(ws):
                filled: dict[int, str] = {}
                for cell in row:
                    if cell["value"] is None:
                        continue
                    c_idx = cell["column"]
                    if r_idx == 1 and model.is_naam_kolom(name, str(cell["value"])):
                        aids.add(c_idx)
                    if c_idx in aids:
                        continue
                    text, is_formula = _cell_text(ReadOnlyCell(ws, **cell))
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
                    if text or is_formula:
                        filled[c_idx] = text
                if not filled:
                    continue
                _check_size(raw.source, r_idx - 1, max(filled))
                count.add(len(filled), raw.source, r_idx)
                cells = [""] * max(filled)
                for c_idx, text in filled.items():
                    cells[c_idx - 1] = text
                if r_idx == 1:
                    raw.header = cells
                else:
                    raw.rows.append((r_idx, cells))
            tables.append(raw)
    except ReadError:
        raise
    except Exception as exc:  # e.g. defusedxml refusing an XML entity bomb in a sheet
        raise ReadError(
            f"{label}: dit bestand kan niet veilig als Excel-werkmap (.xlsx) worden "
            f"gelezen ({type(exc).__name__})."
        ) from exc
    finally:
        wb.close()
    return tables, problems


def _read_dataset_folder(path: Path, label: str) -> tuple[list[RawTable], list[Problem]]:
    """The CSV files of a folder and, if it has one, its ``wijken.geojson`` (as the raw
    table ``wijkgrenzen``, see :mod:`lea_graph.ingest.geo`); ``label`` names the folder
    or the zip it came from."""
    tables, problems = read_folder(path, label)
    for file in sorted(path.iterdir()):
        if file.is_file() and file.name.lower() == GEOJSON_NAME:
            table, more = read_boundaries(file, wanted=boundary_keys(tables))
            problems += more
            if table is not None:
                tables.append(table)
            break
    return tables, problems


def read_raw(path: str | Path, name: str | None = None) -> tuple[list[RawTable], list[Problem]]:
    """Read a dataset folder (CSV files), a .zip of CSV files or an .xlsx workbook
    (``name``: its name in the report, by default its file name; an upload passes the
    name the person gave it).

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
    label = name or p.name
    if p.is_dir():
        return _read_dataset_folder(p, label)
    if p.suffix.lower() == ".xlsx":
        return read_xlsx(p, label)
    if p.suffix.lower() == ".zip":
        with tempfile.TemporaryDirectory(prefix="lea-zip-") as tmp:
            return _read_dataset_folder(extract_csv_zip(p, Path(tmp), label), label)
    if p.suffix.lower() in (".xls", ".ods", ".xlsm"):
        raise ReadError(
            f"'{label}': sla het bestand op als Excel-werkmap (.xlsx); "
            f"{p.suffix} wordt niet gelezen."
        )
    raise ReadError(
        f"'{label}' is geen map met CSV-bestanden, geen .zip met CSV-bestanden en geen "
        ".xlsx-werkmap. Geef een map (met bijvoorbeeld partners.csv), een .zip of een "
        ".xlsx-bestand op."
    )
