"""What the readers of the publishers' own files share: counts that may be ranges, figures
with their publisher and date, the gemeente key, and recognising a file by its header.

The readers themselves are in :mod:`lea_graph.ingest.duo` (DUO's files and the geocoded
school points) and :mod:`lea_graph.ingest.cbs` (CBS's wijk figures). Each reads one
published format, recognised by its column headers (never by its file name), and
returns what it read with a list of :class:`~lea_graph.ingest.report.Problem` in Dutch
(file, row as a spreadsheet shows it, column, value).

**Gemeenten.** DUO writes gemeenten in capitals (``TILBURG``, ``'S-HERTOGENBOSCH``,
``SUDWEST-FRYSLAN``, ``BERGEN LB``), CBS and DUO's pupil files in mixed case with
diacritics (``'s-Hertogenbosch``, ``Súdwest-Fryslân``, ``Bergen (L.)``), the school
points without the apostrophe (``S HERTOGENBOSCH``); codes come as ``855``, ``0855`` or
``GM0855``. :func:`gemeente_naam_key` and :func:`gemeente_code` make each one key, and
:func:`select_gemeente` turns what a person typed into a selection every reader takes.
Most files carry both a code and a name; CBS's kerncijfers carry only codes and the
school points only names. A reader that needs the other half says so; give both::

    rows, problems = read_vestigingen(path, select_gemeente("Tilburg"))
    tilburg = select_gemeente("Tilburg", rows[0].gemeentecode)  # name and code

A row whose gemeente name is empty but whose code belongs to the chosen name (or the
other way round) is kept too, with a warning: DUO's register has such rows.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lea_graph.errors import ReadError, os_reason
from lea_graph.ingest.readers import (
    _UTF8_MULTIBYTE,  # the one rule of what is UTF-8 (see decode)
    _check_size,  # the row and column caps of every input
    decode,
    sniff_delimiter,
)
from lea_graph.ingest.report import Problem
from lea_graph.text import dutch_list, fold, number
from lea_graph.tijd import datum_nl

__all__ = [
    "FORMATS",
    "Figure",
    "GemeenteSelection",
    "Publication",
    "Range",
    "detect_format",
    "gemeente_code",
    "gemeente_naam_key",
    "select_gemeente",
]


# -- counts and figures --------------------------------------------------------------------------


@dataclass(frozen=True)
class Range:
    """A count known to lie between ``low`` and ``high`` (both included).

    An exact count has ``low == high``. DUO screens counts below 5 as ``<5``: that is
    ``Range(1, 4)``, never a number. Ranges add up, so a sum of screened cells stays a
    range; ``sum()`` works (it starts at 0).

    Examples
    --------
    >>> total = sum([Range(12, 12), Range(1, 4), Range(1, 4)])
    >>> total, total.exact, str(total)
    (Range(low=14, high=20), False, '14–20')
    >>> str(Range(1234, 1234)), Range(3, 3) + 2
    ('1.234', Range(low=5, high=5))
    """

    low: int
    high: int

    def __post_init__(self) -> None:
        if not 0 <= self.low <= self.high:
            raise ValueError(f"Range({self.low}, {self.high}): need 0 <= low <= high")

    @property
    def exact(self) -> bool:
        """True when the count is known exactly."""
        return self.low == self.high

    def __add__(self, other: Range | int) -> Range:
        if isinstance(other, int):
            return Range(self.low + other, self.high + other)
        if isinstance(other, Range):
            return Range(self.low + other.low, self.high + other.high)
        return NotImplemented

    __radd__ = __add__

    def __str__(self) -> str:
        if self.exact:
            return number(self.low)
        return f"{number(self.low)}–{number(self.high)}"


@dataclass(frozen=True)
class Publication:
    """Who published a figure and for which date.

    Attributes
    ----------
    publisher
        ``DUO`` or ``CBS`` (or who made the copy, when the figure is theirs).
    title
        The publication's own title, in Dutch.
    date
        The peildatum as an ISO date (``2024-01-01``), only a year (``2020``: income
        year), or empty when the file does not say.

    Examples
    --------
    >>> Publication("CBS", "Kerncijfers wijken en buurten 2024", "2024-01-01").credit()
    'Bron: CBS, 1 januari 2024'
    >>> Publication("CBS", "Inkomen per gemeente en wijk", "2020").credit()
    'Bron: CBS, 2020'
    """

    publisher: str
    title: str
    date: str = ""

    @property
    def year(self) -> int | None:
        """The year of :attr:`date` (None when there is no date)."""
        return int(self.date[:4]) if self.date[:4].isdigit() else None

    def credit(self) -> str:
        """The credit line people see: "Bron: CBS, 1 januari 2024"."""
        when = datum_nl(self.date) if len(self.date) == 10 else self.date
        return f"Bron: {self.publisher}, {when}" if when else f"Bron: {self.publisher}"

    def dated(self, date: str) -> Publication:
        """The same publication for another date (a count of another peildatum)."""
        return replace(self, date=date)


@dataclass(frozen=True)
class Figure:
    """One published figure with its publisher and date.

    ``value`` is None when the publisher kept the figure secret or has none (CBS writes
    ``-99999999`` or leaves the cell empty): never a number then.

    Examples
    --------
    >>> f = Figure(8065, Publication("CBS", "Kerncijfers wijken en buurten 2024", "2024-01-01"))
    >>> f.value, f.year, f.credit()
    (8065, 2024, 'Bron: CBS, 1 januari 2024')
    """

    value: int | float | None
    published: Publication

    @property
    def year(self) -> int | None:
        """The year the figure is about."""
        return self.published.year

    def credit(self) -> str:
        """The credit line of the figure (see :meth:`Publication.credit`)."""
        return self.published.credit()


# -- gemeenten -----------------------------------------------------------------------------------

#: Spellings of one gemeente that stay apart once case, accents and punctuation are gone:
#: DUO's address lists write ``BERGEN LB`` where CBS and DUO's pupil files write
#: ``Bergen (L.)`` (``BERGEN NH`` and ``Bergen (NH.)`` already meet).
_NAME_ALIASES = {"bergenlb": "bergenl"}
_CODE = re.compile(r"(?:GM)?(\d{1,4})", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def gemeente_naam_key(name: str) -> str:
    """The key of a gemeente name: no case, accents, apostrophes, hyphens or spaces.

    Examples
    --------
    >>> gemeente_naam_key("'S-HERTOGENBOSCH") == gemeente_naam_key("S HERTOGENBOSCH")
    True
    >>> gemeente_naam_key("Súdwest-Fryslân"), gemeente_naam_key("SUDWEST-FRYSLAN")
    ('sudwestfryslan', 'sudwestfryslan')
    >>> gemeente_naam_key("BERGEN LB") == gemeente_naam_key("Bergen (L.)")
    True
    """
    key = re.sub(r"[^0-9a-z]", "", fold(name))
    return _NAME_ALIASES.get(key, key)


def gemeente_code(value: str | int) -> str:
    """A gemeente code as four digits.

    Raises
    ------
    ValueError
        For anything that is no gemeente code (Dutch message).

    Examples
    --------
    >>> gemeente_code("855"), gemeente_code("0855"), gemeente_code("GM0855"), gemeente_code(855)
    ('0855', '0855', '0855', '0855')
    >>> gemeente_code("Tilburg")
    Traceback (most recent call last):
    ...
    ValueError: 'Tilburg' is geen gemeentecode (zoals 0855 of GM0855).
    """
    m = _CODE.fullmatch(str(value).strip())
    if not m:
        raise ValueError(f"'{value}' is geen gemeentecode (zoals 0855 of GM0855).")
    return m.group(1).zfill(4)


@dataclass(frozen=True)
class GemeenteSelection:
    """One gemeente, chosen by name, by code or by both (see :func:`select_gemeente`).

    Attributes
    ----------
    given
        What the person typed, for messages.
    code
        Four digits (``0855``), or None.
    name_key
        :func:`gemeente_naam_key` of the name, or None.
    """

    given: str
    code: str | None = None
    name_key: str | None = None

    def matches(self, code: str, name: str) -> bool:
        """Whether a row with this gemeente code (four digits or empty) and name (as the
        file writes it, or empty) is in the gemeente.

        Examples
        --------
        >>> tilburg = select_gemeente("Tilburg", "GM0855")
        >>> tilburg.matches("0855", ""), tilburg.matches("", "TILBURG")
        (True, True)
        >>> tilburg.matches("0796", "'S-HERTOGENBOSCH")
        False
        """
        if self.code and code:
            return code == self.code
        return bool(self.name_key and name) and gemeente_naam_key(name) == self.name_key


def select_gemeente(*values: str) -> GemeenteSelection:
    """A gemeente chosen by a name, a code, or a name and a code.

    Raises
    ------
    ValueError
        When nothing is given, or two names or two codes (Dutch message).

    Examples
    --------
    >>> select_gemeente("GM0855")
    GemeenteSelection(given='GM0855', code='0855', name_key=None)
    >>> select_gemeente("'s-Hertogenbosch", "796")
    GemeenteSelection(given="'s-Hertogenbosch (0796)", code='0796', name_key='shertogenbosch')
    """
    code = name = None
    for value in (str(v).strip() for v in values if str(v or "").strip()):
        if _CODE.fullmatch(value):
            if code:
                raise ValueError("Geef één gemeentecode, niet twee.")
            code = gemeente_code(value)
        else:
            if name:
                raise ValueError("Geef één gemeentenaam, niet twee.")
            name = value
    if not code and not name:
        raise ValueError("Geef een gemeente op: een naam (Tilburg) of een code (0855 of GM0855).")
    given = f"{name} ({code})" if name and code else (name or str(values[0]).strip())
    return GemeenteSelection(given, code, gemeente_naam_key(name) if name else None)


def as_selection(gemeente: str | GemeenteSelection | None) -> GemeenteSelection | None:
    """A reader's ``gemeente`` argument as a selection (a text is a name or a code)."""
    if gemeente is None or isinstance(gemeente, GemeenteSelection):
        return gemeente
    return select_gemeente(gemeente)


@dataclass
class GemeenteFilter:
    """Decides row by row which rows of a file are in the chosen gemeente.

    A row is in when its code or its name matches. A row whose code is empty but whose
    name is there (or the other way round) is held until the file is read: it is in
    when the other half matched elsewhere in the same file (``held_in``).
    """

    selection: GemeenteSelection | None
    #: Codes and name keys found with the chosen gemeente in this file.
    codes: set[str] = field(default_factory=set)
    names: dict[str, str] = field(default_factory=dict)
    #: Every name key in the file with a way it is written (for "did you mean").
    seen: dict[str, str] = field(default_factory=dict)
    matched: int = 0
    _held: list[tuple[str, str, Any]] = field(default_factory=list)

    def keep(self, code: str, name: str, item: Any = None) -> bool:
        """Whether the row is in; a row that cannot be told yet is held with ``item``."""
        if name:
            self.seen.setdefault(gemeente_naam_key(name), name)
        sel = self.selection
        if sel is None:
            return True
        if sel.matches(code, name):
            self.matched += 1
            if code:
                self.codes.add(code)
            if name:
                self.names.setdefault(gemeente_naam_key(name), name)
            return True
        half = (sel.code and not code and name) or (sel.name_key and not name and code)
        if half and item is not None:
            self._held.append((code, name, item))
        return False

    def held_in(self) -> list[Any]:
        """The held items whose row turned out to be in the gemeente."""
        out = [
            item
            for code, name, item in self._held
            if (code and code in self.codes) or (name and gemeente_naam_key(name) in self.names)
        ]
        self.matched += len(out)
        return out

    def why_held(self, code: str, name: str) -> str:
        """Why a held row was taken in after all, in Dutch (for a warning)."""
        if not name:
            named = next(iter(self.names.values()), "")
            return (
                f"De gemeentenaam ontbreekt; gemeentecode {code} hoort in dit bestand bij "
                f"{named}, dus de rij is meegenomen."
            )
        return "De gemeentecode ontbreekt; de rij is op haar gemeentenaam meegenomen."

    def not_found(self, source: str, what: str) -> Problem | None:
        """The error for a gemeente none of whose rows is in the file (``what``: the
        file in words), with the nearest names as a hint; None when rows were found."""
        sel = self.selection
        if sel is None or self.matched:
            return None
        hint = ""
        if sel.name_key:
            close = difflib.get_close_matches(sel.name_key, list(self.seen), n=3, cutoff=0.75)
            if close:
                hint = f" Bedoelt u {dutch_list([repr(self.seen[k]) for k in close])}?"
        return Problem(
            source,
            None,
            None,
            sel.given,
            f"Gemeente '{sel.given}' komt niet voor in {what} '{source}'.{hint}",
            source=source,
        )


# -- formats ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicFormat:
    """A published file format, recognised by its header.

    ``required`` lists the columns it must have, each as a tuple of alternative names
    (upper case); ``prefix`` is the start of a column it has at least one of
    (``LEERLINGEN_`` followed by a year).
    """

    key: str
    label: str
    required: tuple[tuple[str, ...], ...]
    prefix: str = ""

    def missing(self, header: set[str]) -> list[str]:
        """The required columns (or column groups) a header lacks."""
        out = [" of ".join(alts) for alts in self.required if not header & set(alts)]
        if self.prefix and not any(h.startswith(self.prefix) for h in header):
            out.append(f"{self.prefix}…")
        return out


#: The formats the readers know, by key. A CSV file is the first whose columns it has.
FORMATS: dict[str, PublicFormat] = {
    f.key: f
    for f in (
        PublicFormat(
            "duo-vestigingen",
            "DUO 'Alle schoolvestigingen' (basisonderwijs, sbo en (v)so, of vo)",
            (
                ("INSTELLINGSCODE", "BRIN NUMMER"),
                ("VESTIGINGSCODE", "VESTIGINGSNUMMER"),
                ("VESTIGINGSNAAM",),
                ("POSTCODE",),
                ("PLAATSNAAM",),
                ("GEMEENTENAAM",),
            ),
        ),
        PublicFormat(
            "duo-leerlingen-historie",
            "DUO 'Historisch overzicht aantal leerlingen per schoolvestiging'",
            (
                ("INSTELLINGSCODE",),
                ("VESTIGINGSCODE",),
                ("NAAM_VESTIGING",),
                ("SOORT_VESTIGING",),
                ("GEMEENTECODE_VESTIGING",),
                ("GEMEENTENAAM_VESTIGING",),
            ),
            "LEERLINGEN_",
        ),
        PublicFormat(
            "duo-leerlingen-postcode",
            "DUO 'Leerlingen po per vestiging naar postcode leerling en leeftijd'",
            (
                ("PEILDATUM",),
                ("GEMEENTENUMMER",),
                ("GEMEENTENAAM",),
                ("POSTCODE_LEERLING",),
                ("GEMEENTENAAM_LEERLING",),
                ("INSTELLINGSCODE",),
                ("VESTIGINGSCODE",),
                ("SOORT_PO",),
            ),
            "LEEFTIJD_",
        ),
        PublicFormat(
            "duo-schoolpunten",
            "de schoolpunten van DUO en de BAG (GeoJSON, ook in een zip)",
            (),
        ),
        PublicFormat(
            "cbs-kerncijfers",
            "CBS 'Kerncijfers wijken en buurten 2024' (tabel 85984NED)",
            (("REGIO_CODE",), ("SOORT_REGIO",), ("AANTALINWONERS_5",)),
        ),
        PublicFormat(
            "cbs-wijkkaart",
            "CBS wijk- en buurtkaart (de attributentabel van de wijken)",
            (("WK_CODE",), ("JRSTATCODE",), ("WK_NAAM",), ("GM_CODE",), ("AANT_INW",)),
        ),
        PublicFormat(
            "cbs-inkomen",
            "CBS 'Inkomen per gemeente en wijk' (inkomensjaar 2020, indeling 2023)",
            (
                ("REGIO_CODE",),
                ("REGIO_NAAM",),
                ("PCT_HH_LAAGSTE40PCT_BESTEEDBAAR_INKOMEN",),
            ),
        ),
    )
}


def _known_formats() -> str:
    return "; ".join(f.label for f in FORMATS.values())


def header_format(header: list[str]) -> str | None:
    """The key of the first format of :data:`FORMATS` whose columns ``header`` has."""
    names = {h.strip().upper() for h in header}
    for fmt in FORMATS.values():
        if fmt.required and not fmt.missing(names):
            return fmt.key
    return None


def format_problem(
    header: list[str] | None, expected: tuple[str, ...], source: str
) -> Problem | None:
    """The one error for a file that is not in one of the ``expected`` formats (None
    when it is): which format it is instead, which columns it lacks when it comes close
    to an expected one, or which formats are known.

    Examples
    --------
    >>> format_problem(["id", "naam"], ("cbs-inkomen",), "x.csv").message  # doctest: +ELLIPSIS
    "'x.csv' is geen bestand dat LEA Graph kent: ... LEA Graph herkent een bestand aan zijn kolomkoppen."
    >>> format_problem(["regio_code", "regio_naam"], ("cbs-inkomen",), "x.csv").message
    "'x.csv' lijkt op CBS 'Inkomen per gemeente en wijk' (inkomensjaar 2020, indeling 2023), maar de kolom PCT_HH_LAAGSTE40PCT_BESTEEDBAAR_INKOMEN ontbreekt."
    """
    if header is None or not any(h.strip() for h in header):
        return Problem(
            source, 1, None, "", f"'{source}' is leeg: er staat geen kopregel in.", source=source
        )
    found = header_format(header)
    if found in expected:
        return None
    value = ";".join(header[:4]) + (";…" if len(header) > 4 else "")
    if found:
        wanted = dutch_list([FORMATS[k].label for k in expected])
        message = f"'{source}' is {FORMATS[found].label}, niet {wanted}."
        return Problem(source, 1, None, value, message, source=source)
    names = {h.strip().upper() for h in header}
    for key in expected:
        fmt = FORMATS[key]
        missing = fmt.missing(names)
        if fmt.required and len(missing) * 2 <= len(fmt.required):
            cols = dutch_list(missing)
            word = "kolom" if len(missing) == 1 else "kolommen"
            verb = "ontbreekt" if len(missing) == 1 else "ontbreken"
            message = f"'{source}' lijkt op {fmt.label}, maar de {word} {cols} {verb}."
            return Problem(source, 1, None, value, message, source=source)
    message = (
        f"'{source}' is geen bestand dat LEA Graph kent: de kolomkoppen passen bij geen van "
        f"deze bestanden: {_known_formats()}. LEA Graph herkent een bestand aan zijn "
        "kolomkoppen."
    )
    return Problem(source, 1, None, value, message, source=source)


def detect_format(path: str | Path) -> str | None:
    """The key in :data:`FORMATS` of a file, from its header (a zip or JSON file: the
    school points, checked further when read); None when it is none of them.

    Raises
    ------
    ReadError
        When the file cannot be opened or is no text in a known encoding (Dutch).
    """
    p = Path(path)
    start = _start(p, p.name)
    if start.startswith(b"PK") or start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "duo-schoolpunten"
    records = csv_records(p, p.name)
    header = next(records, None)
    records.close()
    return header_format(header) if header else None


# -- reading CSV files ---------------------------------------------------------------------------


def _start(path: Path, source: str) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(8)
    except OSError as exc:
        raise ReadError(f"'{source}' kan niet worden gelezen: {os_reason(exc)}.") from exc


def _encoding(path: Path, source: str) -> str:
    """The encoding of a text file by the rule of :func:`~lea_graph.ingest.readers.decode`,
    found while streaming (the file is not held in memory)."""
    start = _start(path, source)
    if start.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as fh:
        try:
            while chunk := fh.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            pass
        fh.seek(0)
        tail = b""
        while chunk := fh.read(1 << 20):
            if _UTF8_MULTIBYTE.search(tail + chunk):
                # UTF-8 with bytes that are not: decode() refuses it, naming the line.
                decode(path.read_bytes(), source)
            tail = chunk[-3:]
    return "windows-1252"


def csv_records(path: Path, source: str) -> Iterator[list[str]]:
    """The records of a CSV file, streamed: the header first, then the data rows, each a
    list of cells with surrounding spaces removed. Row ``n`` of the file (the header is
    row 1) is the ``n``-th record, as a spreadsheet numbers it.

    The encoding (UTF-8 with or without BOM, UTF-16, Windows-1252) follows
    :func:`~lea_graph.ingest.readers.decode`, the delimiter
    :func:`~lea_graph.ingest.readers.sniff_delimiter`; the row and column caps of every
    input apply.

    Raises
    ------
    ReadError
        When the file cannot be opened, is no text in a known encoding, is no CSV, or
        breaks a cap (Dutch).
    """
    encoding = _encoding(path, source)
    errors = "lea-latin1" if encoding == "windows-1252" else "strict"
    codec = "cp1252" if encoding == "windows-1252" else encoding
    try:
        with path.open(encoding=codec, errors=errors, newline="") as fh:
            first = fh.readline()
            reader = csv.reader(_chain(first, fh), delimiter=sniff_delimiter(first))
            for row, record in enumerate(reader, start=1):
                _check_size(source, row - 1, len(record))
                yield [cell.strip() for cell in record]
    except csv.Error as exc:
        raise ReadError(f"{source}: dit is geen leesbaar CSV-bestand ({exc}).") from exc
    except UnicodeDecodeError as exc:  # UTF-16 with a broken pair, for instance
        raise ReadError(f"{source}: dit bestand is geen tekst in een bekende tekenset.") from exc
    except OSError as exc:
        raise ReadError(f"'{source}' kan niet worden gelezen: {os_reason(exc)}.") from exc


def csv_dialect(path: Path, source: str) -> tuple[str, str]:
    """The encoding and delimiter :func:`csv_records` reads a file with, for the report
    (``windows-1252`` and ``;`` for DUO's registers; ``tab`` for a tab)."""
    encoding = _encoding(path, source)
    codec = "cp1252" if encoding == "windows-1252" else encoding
    try:
        with path.open(encoding=codec, errors="replace", newline="") as fh:
            delimiter = sniff_delimiter(fh.readline())
    except OSError as exc:
        raise ReadError(f"'{source}' kan niet worden gelezen: {os_reason(exc)}.") from exc
    return encoding, "tab" if delimiter == "\t" else delimiter


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


class Columns:
    """The columns of a header by upper-case name, and the cells of a row by name."""

    def __init__(self, header: list[str]) -> None:
        self.names = [h.strip() for h in header]
        self.index = {name.upper(): i for i, name in enumerate(self.names)}

    def name(self, *alternatives: str) -> str:
        """The column's name as the file writes it (the first alternative it has)."""
        for alt in alternatives:
            if alt in self.index:
                return self.names[self.index[alt]]
        return alternatives[0]

    def has(self, name: str) -> bool:
        return name in self.index

    def cell(self, cells: list[str], *alternatives: str) -> str:
        """The cell of the first of the columns the file has ("" when none or short)."""
        for alt in alternatives:
            i = self.index.get(alt)
            if i is not None:
                return cells[i] if i < len(cells) else ""
        return ""


def row_error(source: str, row: int, column: str | None, value: str, message: str) -> Problem:
    """An error in one row of a public file."""
    return Problem(source, row, column, value, message, "fout", source)


def row_warning(
    source: str, row: int | None, column: str | None, value: str, message: str
) -> Problem:
    """A warning about one row (or, with ``row`` None, the whole file)."""
    return Problem(source, row, column, value, message, "waarschuwing", source)


def cell_gemeente_code(
    cols: Columns, cells: list[str], column: str, source: str, row: int, problems: list[Problem]
) -> str:
    """The gemeente code of a row as four digits ("" when empty; an error when it is no
    code)."""
    value = cols.cell(cells, column)
    if not value:
        return ""
    try:
        return gemeente_code(value)
    except ValueError as exc:
        problems.append(row_error(source, row, cols.name(column), value, str(exc)))
        return ""
