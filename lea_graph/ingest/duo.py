"""Readers for DUO's own files and for the geocoded school points.

Each reader takes one file as DUO publishes it (the whole country), recognises it by its
header, streams it, and keeps only the rows of the chosen gemeente when one is given
(:func:`~lea_graph.ingest.publiek.select_gemeente`). It returns what it read and a list of
:class:`~lea_graph.ingest.report.Problem` in Dutch; an error (``fout``) means the result
must not be used as it is.

* :func:`read_vestigingen`: "Alle schoolvestigingen basisonderwijs" (``;``, Windows-1252),
  and DUO's address lists of sbo and (v)so and of vo, which have the same shape with a
  type column (``SOORT PO``, ``SOORT PRIMAIR ONDERWIJS``) or ``ONDERWIJSSTRUCTUUR``.
* :func:`read_leerlingen_historie`: "Historisch overzicht aantal leerlingen per
  schoolvestiging" (``LEERLINGEN_1996`` …): counts per year, exact but for a few
  ``<5``.
* :func:`read_leerlingen_postcode` and :func:`read_leerlingen_postcode_map`: "Leerlingen
  po per vestiging naar postcode leerling en leeftijd", one file per gemeente of the
  school; DUO screens counts below 5 as ``<5``, which stays a
  :class:`~lea_graph.ingest.publiek.Range` of 1–4 in every sum.
* :func:`read_schoolpunten`: the school locations of DUO's address lists joined to a BAG
  address point (GeoJSON in WGS84, in a zip).

The sector of a location comes from the file: the basisonderwijs list is ``po``, the
type column of the sbo/(v)so list gives ``sbo``, ``so`` or ``vso``, the vo list (it has
``ONDERWIJSSTRUCTUUR``) is ``vo`` (:func:`sector_of`).
"""

from __future__ import annotations

import functools
import json
import math
import re
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from lea_graph.cijfers import schooljaar_of_peiljaar
from lea_graph.errors import ReadError, os_reason
from lea_graph.ingest.archive import ZIP_ERRORS, check_archive
from lea_graph.ingest.geo import MAX_GEOJSON_BYTES
from lea_graph.ingest.publiek import (
    FORMATS,
    Columns,
    GemeenteFilter,
    GemeenteSelection,
    Publication,
    Range,
    as_selection,
    cell_gemeente_code,
    csv_records,
    format_problem,
    gemeente_naam_key,
    row_error,
    row_warning,
)
from lea_graph.ingest.report import Problem
from lea_graph.text import dutch_list, number, plural

__all__ = [
    "HISTORIE",
    "LEERLINGEN_POSTCODE",
    "POSTCODE_BUITENLAND",
    "SCHOOLPUNTEN",
    "VESTIGINGEN",
    "Herkomst",
    "LeerlingenHistorie",
    "LeerlingenPostcode",
    "Schoolpunt",
    "Vestiging",
    "parse_count",
    "read_leerlingen_historie",
    "read_leerlingen_postcode",
    "read_leerlingen_postcode_map",
    "read_schoolpunten",
    "read_vestigingen",
    "sector_of",
]

#: The publications, for the credit line. A register has no peildatum in the file; the
#: counts of the historical overview are of 1 October of each year
#: (:meth:`LeerlingenHistorie.bron`), those per postcode of the file's PEILDATUM.
VESTIGINGEN = Publication("DUO", "Alle schoolvestigingen (adressen)")
HISTORIE = Publication("DUO", "Historisch overzicht aantal leerlingen per schoolvestiging")
LEERLINGEN_POSTCODE = Publication(
    "DUO", "Leerlingen po per vestiging naar postcode leerling en leeftijd"
)
#: The school points are a copy's work: DUO's addresses geocoded against the BAG.
SCHOOLPUNTEN = Publication("DUO en BAG, geocodering EduGIS", "Scholen in Nederland (punten)")

# -- sectors ---------------------------------------------------------------------------------------

#: DUO's kinds of location (the columns SOORT PO, SOORT PRIMAIR ONDERWIJS, SOORT_PO and
#: SOORT_VESTIGING, and the school points' ``type``) → the sector of the data format. A
#: location with both so and vso (``(V)SO``, ``SO/VSO``) is ``so``: the data format has
#: one sector per location; DUO's own kind stays in ``soort``.
_SECTORS = {
    "bo": "po",
    "bao": "po",
    "basisonderwijs": "po",
    "basisschool": "po",
    "sbo": "sbo",
    "sbao": "sbo",
    "speciaal basisonderwijs": "sbo",
    "so": "so",
    "speciaal onderwijs": "so",
    "vso": "vso",
    "voortgezet speciaal onderwijs": "vso",
    "(v)so": "so",
    "so/vso": "so",
}
#: The parts of a vo location's ONDERWIJSSTRUCTUUR (``VBO/MAVO/HAVO/VWO``).
_VO_PARTS = frozenset({"vbo", "mavo", "havo", "vwo", "pro", "brugjaar", "vmbo"})


def sector_of(soort: str) -> str | None:
    """The sector of DUO's kind of location, or None when it is none DUO uses.

    Examples
    --------
    >>> sector_of("Bo"), sector_of("SBAO"), sector_of("(V)SO"), sector_of("VBO/MAVO")
    ('po', 'sbo', 'so', 'vo')
    >>> sector_of("mbo") is None
    True
    """
    key = " ".join(soort.lower().split())
    if key in _SECTORS:
        return _SECTORS[key]
    parts = {p.strip() for p in key.split("/")}
    return "vo" if parts and parts <= _VO_PARTS else None


# -- cells -----------------------------------------------------------------------------------------

_VESTIGINGSCODE = re.compile(r"[0-9A-Z]{4}[0-9]{2}")
_POSTCODE = re.compile(r"(\d{4})\s*([A-Za-z]{2})")


@functools.lru_cache(maxsize=1024)
def parse_count(text: str) -> Range:
    """A pupil count of DUO's pupil files: a whole number, or ``<5`` for 1–4 pupils.

    Raises
    ------
    ValueError
        For anything else (Dutch message).

    Examples
    --------
    >>> parse_count("17"), parse_count("<5")
    (Range(low=17, high=17), Range(low=1, high=4))
    """
    value = text.strip()
    if value == "<5":
        return Range(1, 4)
    if value.isascii() and value.isdigit():
        return Range(int(value), int(value))
    raise ValueError(
        "Verwacht een aantal leerlingen: een heel getal van 0 of meer, of '<5' (1 tot 4)."
    )


def _postcode(text: str) -> str | None:
    """A Dutch postcode as ``5021AN`` (None when it is none)."""
    m = _POSTCODE.fullmatch(text.strip())
    return f"{m.group(1)}{m.group(2).upper()}" if m else None


def _vestigingscode(brin: str, vestiging: str) -> str:
    """The six-character code of a location from the BRIN and DUO's vestigingscode
    (``32EH00``, or only its number ``00``/``0``)."""
    brin, vestiging = brin.strip().upper(), vestiging.strip().upper()
    if vestiging.isdigit() and len(vestiging) <= 2:
        return brin + vestiging.zfill(2)
    return vestiging


def _check_code(code: str, brin: str) -> str | None:
    """The Dutch complaint about a vestigingscode, or None when it is one."""
    if _VESTIGINGSCODE.fullmatch(code) and code.startswith(brin.upper()):
        return None
    return "Verwacht een vestigingscode van 6 tekens die begint met de BRIN, zoals 32EH00."


def _has_error(problems: list[Problem]) -> bool:
    return any(p.severity == "fout" for p in problems)


def _read_header(
    path: Path, source: str, expected: str
) -> tuple[Any, Columns | None, Problem | None]:
    """The records of a file after its header, its columns, or the format error."""
    records = csv_records(path, source)
    header = next(records, None)
    problem = format_problem(header, (expected,), source)
    if problem:
        records.close()
        return None, None, problem
    return records, Columns(header or []), None


# -- school locations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vestiging:
    """One school location of DUO's address lists, as DUO writes it.

    ``postcode`` is written without a space (``5021AN``); ``gemeentecode`` has four
    digits; ``gemeente`` and ``plaats`` are DUO's spelling (``TILBURG``); ``soort`` is
    DUO's own kind (a type column or ``ONDERWIJSSTRUCTUUR``; empty in the basisonderwijs
    list); ``row`` is the row in the file.
    """

    vestigingscode: str
    brin: str
    naam: str
    sector: str
    soort: str
    straat: str
    huisnummer: str
    postcode: str
    plaats: str
    gemeentecode: str
    gemeente: str
    denominatie: str
    bevoegd_gezag_nummer: str
    bevoegd_gezag_naam: str
    row: int


#: The type column of DUO's sbo/(v)so address list, under the names it has had.
_SOORT_COLUMNS = ("SOORT PO", "SOORT PRIMAIR ONDERWIJS")


def read_vestigingen(
    path: str | Path,
    gemeente: str | GemeenteSelection | None = None,
    *,
    sector: str | None = None,
    source: str | None = None,
) -> tuple[list[Vestiging], list[Problem]]:
    """Read one of DUO's address lists of school locations (basisonderwijs, sbo and
    (v)so, or vo).

    Parameters
    ----------
    path
        The file as DUO publishes it.
    gemeente
        Only this gemeente's locations (a name, a code, or a selection); all
        locations of a gemeente are found in whatever plaats they are.
    sector
        The sector of every location of a list that has no type column of its own (an
        older layout with ``BRIN NUMMER``); a type column wins.
    source
        The file's name in messages (default: its own name).

    Returns
    -------
    (locations, problems)
        The locations in file order. A row with an error is left out.

    Raises
    ------
    ReadError
        When the file cannot be read as text (Dutch).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = Path(tmp, "bo.csv")
    ...     _ = p.write_bytes(
    ...         "INSTELLINGSCODE;VESTIGINGSCODE;VESTIGINGSNAAM;POSTCODE;PLAATSNAAM;"
    ...         "GEMEENTENUMMER;GEMEENTENAAM\\r\\n"
    ...         "32EH;32EH00;Kindcentrum Één;5026 PN;TILBURG;0855;TILBURG\\r\\n".encode("cp1252"))
    ...     rows, problems = read_vestigingen(p, "Tilburg")
    >>> [(v.vestigingscode, v.naam, v.sector, v.postcode) for v in rows], problems
    ([('32EH00', 'Kindcentrum Één', 'po', '5026PN')], [])
    """
    p = Path(path)
    source = source or p.name
    records, cols, problem = _read_header(p, source, "duo-vestigingen")
    if problem:
        return [], [problem]
    assert cols is not None
    soort_col = next((c for c in _SOORT_COLUMNS if cols.has(c)), None)
    file_sector = sector
    if soort_col is None and not file_sector:
        if cols.has("ONDERWIJSSTRUCTUUR"):
            file_sector = "vo"
        elif cols.has("INSTELLINGSCODE") and cols.has("VESTIGINGSCODE"):
            file_sector = "po"  # DUO's basisonderwijs list: no type column
        else:
            records.close()
            return [], [
                Problem(
                    source,
                    None,
                    "SOORT PO",
                    "",
                    "Dit DUO-bestand zegt niet welke sector het is (het heeft geen kolom "
                    "'SOORT PO' of 'ONDERWIJSSTRUCTUUR'). Geef de sector op (bijvoorbeeld "
                    "--duo-sector vo).",
                    source=source,
                )
            ]
    chosen = GemeenteFilter(as_selection(gemeente))
    rows: list[Vestiging] = []
    problems: list[Problem] = []
    for row, cells in enumerate(records, start=2):
        if not any(cells):
            continue
        found: list[Problem] = []
        code = cell_gemeente_code(cols, cells, "GEMEENTENUMMER", source, row, found)
        item: list[Any] = [row, cells, found]
        if not chosen.keep(code, cols.cell(cells, "GEMEENTENAAM"), item):
            continue
        problems += found
        if not _has_error(found):
            _vestiging(cols, soort_col, file_sector, source, row, cells, code, rows, problems)
    for row, cells, found in chosen.held_in():
        problems += found
        code = cell_gemeente_code(cols, cells, "GEMEENTENUMMER", source, row, [])
        problems.append(_held(chosen, cols, cells, "GEMEENTENUMMER", "GEMEENTENAAM", source, row))
        if not _has_error(found):
            _vestiging(cols, soort_col, file_sector, source, row, cells, code, rows, problems)
    missing = chosen.not_found(source, "het DUO-bestand")
    rows.sort(key=lambda v: v.row)
    return rows, problems + ([missing] if missing else [])


def _held(
    chosen: GemeenteFilter,
    cols: Columns,
    cells: list[str],
    code_column: str,
    name_column: str,
    source: str,
    row: int,
) -> Problem:
    """The warning for a row taken into the gemeente on its code or its name alone."""
    code, name = cols.cell(cells, code_column), cols.cell(cells, name_column)
    column = cols.name(name_column if not name else code_column)
    return row_warning(source, row, column, "", chosen.why_held(code, name))


def _vestiging(
    cols: Columns,
    soort_col: str | None,
    file_sector: str | None,
    source: str,
    row: int,
    cells: list[str],
    gemeentecode: str,
    rows: list[Vestiging],
    problems: list[Problem],
) -> None:
    """Add one row's location to ``rows``, or its errors to ``problems``."""
    before = len(problems)
    brin = cols.cell(cells, "INSTELLINGSCODE", "BRIN NUMMER").upper()
    raw_code = cols.cell(cells, "VESTIGINGSCODE", "VESTIGINGSNUMMER")
    code = _vestigingscode(brin, raw_code)
    complaint = _check_code(code, brin)
    if complaint:
        column = cols.name("VESTIGINGSCODE", "VESTIGINGSNUMMER")
        problems.append(row_error(source, row, column, raw_code, complaint))
    naam = cols.cell(cells, "VESTIGINGSNAAM")
    if not naam:
        problems.append(row_error(source, row, "VESTIGINGSNAAM", "", "De naam ontbreekt."))
    soort = cols.cell(cells, soort_col) if soort_col else cols.cell(cells, "ONDERWIJSSTRUCTUUR")
    row_sector = file_sector
    if soort_col:
        row_sector = sector_of(soort)
        if row_sector is None:
            problems.append(
                row_error(
                    source,
                    row,
                    cols.name(soort_col),
                    soort,
                    "Onbekende soort school; DUO gebruikt Bo, Sbo, So, Vso en (V)SO.",
                )
            )
    raw_postcode = cols.cell(cells, "POSTCODE")
    postcode = _postcode(raw_postcode)
    if postcode is None:
        problems.append(
            row_warning(
                source,
                row,
                "POSTCODE",
                raw_postcode,
                "Dit is geen postcode (zoals 5021 AN); de vestiging is zonder postcode gelezen.",
            )
        )
    if _has_error(problems[before:]):
        return
    rows.append(
        Vestiging(
            vestigingscode=code,
            brin=brin,
            naam=naam,
            sector=row_sector or "",
            soort=soort,
            straat=cols.cell(cells, "STRAATNAAM"),
            huisnummer=cols.cell(cells, "HUISNUMMER-TOEVOEGING"),
            postcode=postcode or "",
            plaats=cols.cell(cells, "PLAATSNAAM"),
            gemeentecode=gemeentecode,
            gemeente=cols.cell(cells, "GEMEENTENAAM"),
            denominatie=cols.cell(cells, "DENOMINATIE"),
            bevoegd_gezag_nummer=cols.cell(cells, "BEVOEGD GEZAG NUMMER"),
            bevoegd_gezag_naam=cols.cell(cells, "BEVOEGD GEZAG NAAM"),
            row=row,
        )
    )


# -- pupils per year -------------------------------------------------------------------------------

_YEAR_COLUMN = re.compile(r"LEERLINGEN_(\d{4})")


@dataclass(frozen=True)
class LeerlingenHistorie:
    """The pupils of one school location per schooljaar (DUO, 1 October of each year).

    ``tellingen`` maps a schooljaar (``2024-2025``) to the count of 1 October of its
    first year (:func:`~lea_graph.cijfers.schooljaar_of_peiljaar`), oldest first. A 0 is
    a count of 0 (DUO writes 0 for the years a school did not exist or had closed). DUO
    screens a few counts here too (``<5``): those are ``Range(1, 4)``, all others exact.
    ``soort`` is DUO's kind (``BO``, ``SBO``, ``SO``, ``VSO``, ``SO/VSO``).
    """

    vestigingscode: str
    brin: str
    naam: str
    soort: str
    sector: str
    denominatie: str
    bevoegd_gezag_nummer: str
    gemeentecode: str
    gemeente: str
    tellingen: dict[str, Range]
    row: int

    @property
    def laatste_schooljaar_met_leerlingen(self) -> str | None:
        """The last schooljaar with pupils (after it only 0s: closed), or None.

        Examples
        --------
        >>> h = LeerlingenHistorie("00AA00", "00AA", "X", "BO", "po", "", "", "0855",
        ...     "TILBURG", {"2023-2024": Range(12, 12), "2024-2025": Range(1, 4),
        ...                 "2025-2026": Range(0, 0)}, 2)
        >>> h.laatste_schooljaar_met_leerlingen, str(h.tellingen["2025-2026"])
        ('2024-2025', '0')
        """
        with_pupils = [year for year, n in self.tellingen.items() if n.high > 0]
        return with_pupils[-1] if with_pupils else None

    def bron(self, schooljaar: str) -> Publication:
        """The publication of the count of a schooljaar: "Bron: DUO, 1 oktober 2024"."""
        return HISTORIE.dated(f"{schooljaar[:4]}-10-01")


def read_leerlingen_historie(
    path: str | Path,
    gemeente: str | GemeenteSelection | None = None,
    *,
    source: str | None = None,
) -> tuple[list[LeerlingenHistorie], list[Problem]]:
    """Read DUO's "Historisch overzicht aantal leerlingen per schoolvestiging".

    Parameters
    ----------
    path, gemeente, source
        As in :func:`read_vestigingen`.

    Returns
    -------
    (locations, problems)
        Every location in the file, also the closed ones. A count that is neither a whole
        number nor ``<5`` is an error in its row and column, and that year is left out.

    Raises
    ------
    ReadError
        When the file cannot be read as text (Dutch).
    """
    p = Path(path)
    source = source or p.name
    records, cols, problem = _read_header(p, source, "duo-leerlingen-historie")
    if problem:
        return [], [problem]
    assert cols is not None
    years = [
        (int(m.group(1)), i, name)
        for i, name in enumerate(cols.names)
        if (m := _YEAR_COLUMN.fullmatch(name.upper()))
    ]
    chosen = GemeenteFilter(as_selection(gemeente))
    rows: list[LeerlingenHistorie] = []
    problems: list[Problem] = []
    for row, cells in enumerate(records, start=2):
        if not any(cells):
            continue
        found: list[Problem] = []
        code = cell_gemeente_code(cols, cells, "GEMEENTECODE_VESTIGING", source, row, found)
        item = (row, cells, code, found)
        if chosen.keep(code, cols.cell(cells, "GEMEENTENAAM_VESTIGING"), item):
            problems += found
            if not _has_error(found):
                _historie(cols, years, source, row, cells, code, rows, problems)
    for row, cells, code, found in chosen.held_in():
        problems += found
        columns = ("GEMEENTECODE_VESTIGING", "GEMEENTENAAM_VESTIGING")
        problems.append(_held(chosen, cols, cells, *columns, source, row))
        if not _has_error(found):
            _historie(cols, years, source, row, cells, code, rows, problems)
    missing = chosen.not_found(source, "het DUO-bestand")
    rows.sort(key=lambda h: h.row)
    return rows, problems + ([missing] if missing else [])


def _historie(
    cols: Columns,
    years: list[tuple[int, int, str]],
    source: str,
    row: int,
    cells: list[str],
    gemeentecode: str,
    rows: list[LeerlingenHistorie],
    problems: list[Problem],
) -> None:
    brin = cols.cell(cells, "INSTELLINGSCODE").upper()
    raw_code = cols.cell(cells, "VESTIGINGSCODE")
    code = _vestigingscode(brin, raw_code)
    complaint = _check_code(code, brin)
    if complaint:
        problems.append(row_error(source, row, cols.name("VESTIGINGSCODE"), raw_code, complaint))
        return
    soort = cols.cell(cells, "SOORT_VESTIGING")
    sector = sector_of(soort)
    if sector is None:
        problems.append(
            row_error(
                source,
                row,
                cols.name("SOORT_VESTIGING"),
                soort,
                "Onbekende soort vestiging; DUO gebruikt BO, SBO, SO, VSO en SO/VSO.",
            )
        )
        return
    counts: dict[str, Range] = {}
    for year, i, name in sorted(years):
        value = cells[i] if i < len(cells) else ""
        try:
            counts[schooljaar_of_peiljaar(year)] = parse_count(value)
        except ValueError as exc:
            problems.append(row_error(source, row, name, value, str(exc)))
    rows.append(
        LeerlingenHistorie(
            vestigingscode=code,
            brin=brin,
            naam=cols.cell(cells, "NAAM_VESTIGING"),
            soort=soort,
            sector=sector,
            denominatie=cols.cell(cells, "DENOMINATIE_VESTIGING"),
            bevoegd_gezag_nummer=cols.cell(cells, "BEVOEGD_GEZAG_NUMMER"),
            gemeentecode=gemeentecode,
            gemeente=cols.cell(cells, "GEMEENTENAAM_VESTIGING"),
            tellingen=counts,
            row=row,
        )
    )


# -- pupils by postcode ----------------------------------------------------------------------------

#: DUO's postcodes of pupils who do not live at a Dutch postcode.
POSTCODE_BUITENLAND = {"10": "België", "20": "Duitsland", "30": "ander land", "40": "onbekend"}
_UNKNOWN_POSTCODE = "40"
_NO_PUPILS = Range(0, 0)


@dataclass(frozen=True)
class Herkomst:
    """The pupils of one school location by where they live (DUO, on the peildatum).

    Every count is a :class:`~lea_graph.ingest.publiek.Range`: a ``<5`` cell counts as
    1–4, so a sum with one is a range too.

    Attributes
    ----------
    per_postcode
        Pupils per postcode (PC4) of their home; DUO's ``10``, ``20``, ``30`` and ``40``
        are Belgium, Germany, another country and unknown (:data:`POSTCODE_BUITENLAND`).
    per_sector
        Pupils per sector (po, sbo, so, vso): a location may teach more than one.
    totaal
        All pupils of the location.
    eigen_gemeente, elders, onbekend
        Pupils living in the school's own gemeente, elsewhere (another gemeente or
        abroad), or at an unknown postcode; together :attr:`totaal`.
    afgeschermd
        The ``<5`` cells in these sums.
    """

    vestigingscode: str
    brin: str
    naam: str
    postcode: str
    plaats: str
    gemeentecode: str
    gemeente: str
    per_postcode: dict[str, Range]
    per_sector: dict[str, Range]
    totaal: Range
    eigen_gemeente: Range
    elders: Range
    onbekend: Range
    afgeschermd: int


@dataclass(frozen=True)
class LeerlingenPostcode:
    """DUO's pupils per location and home postcode, with the publication and peildatum."""

    published: Publication
    vestigingen: dict[str, Herkomst]


@dataclass
class _Tally:
    """The counts of one location while its rows are read."""

    first: list[str]
    cols: Columns
    gemeentecode: str
    per_postcode: dict[str, Range] = field(default_factory=dict)
    per_sector: dict[str, Range] = field(default_factory=dict)
    eigen: Range = _NO_PUPILS
    elders: Range = _NO_PUPILS
    onbekend: Range = _NO_PUPILS
    afgeschermd: int = 0

    def herkomst(self, code: str) -> Herkomst:
        c, cells = self.cols, self.first
        return Herkomst(
            vestigingscode=code,
            brin=c.cell(cells, "INSTELLINGSCODE").upper(),
            naam=c.cell(cells, "INSTELLINGSNAAM_VESTIGING"),
            postcode=_postcode(c.cell(cells, "POSTCODE_VESTIGING")) or "",
            plaats=c.cell(cells, "PLAATSNAAM"),
            gemeentecode=self.gemeentecode,
            gemeente=c.cell(cells, "GEMEENTENAAM"),
            per_postcode=dict(sorted(self.per_postcode.items())),
            per_sector=dict(sorted(self.per_sector.items())),
            totaal=self.eigen + self.elders + self.onbekend,
            eigen_gemeente=self.eigen,
            elders=self.elders,
            onbekend=self.onbekend,
            afgeschermd=self.afgeschermd,
        )


def read_leerlingen_postcode(
    path: str | Path,
    gemeente: str | GemeenteSelection | None = None,
    *,
    source: str | None = None,
) -> tuple[LeerlingenPostcode | None, list[Problem]]:
    """Read one file of DUO's "Leerlingen po per vestiging naar postcode leerling en
    leeftijd" (one gemeente of the schools).

    Parameters
    ----------
    path, gemeente, source
        As in :func:`read_vestigingen`.

    Returns
    -------
    (pupils, problems)
        None when the file is not of this format. A row with a cell that is no count
        is an error and is left out of every sum.

    Raises
    ------
    ReadError
        When the file cannot be read as text (Dutch).
    """
    p = Path(path)
    source = source or p.name
    tallies: dict[str, _Tally] = {}
    dates: set[str] = set()
    ok, problems = _read_postcode_file(p, source, as_selection(gemeente), tallies, dates, True)
    if not ok:
        return None, problems
    return _postcode_result(tallies, dates, source, problems), problems


def read_leerlingen_postcode_map(
    folder: str | Path, gemeente: str | GemeenteSelection | None = None
) -> tuple[LeerlingenPostcode | None, list[Problem]]:
    """Read a folder of DUO's pupil files per postcode (one per gemeente of the schools).

    With a gemeente, only the files whose first row is of that gemeente are read (a file
    holds one gemeente's schools). Files of another format and empty files are skipped
    with a warning (with a gemeente: named in the error when it is not found).

    Raises
    ------
    ReadError
        When the folder cannot be read (Dutch).
    """
    d = Path(folder)
    selection = as_selection(gemeente)
    try:
        files = sorted(f for f in d.iterdir() if f.is_file() and f.suffix.lower() == ".csv")
    except OSError as exc:
        raise ReadError(f"De map '{d.name}' kan niet worden gelezen: {os_reason(exc)}.") from exc
    chosen = GemeenteFilter(selection)
    tallies: dict[str, _Tally] = {}
    dates: set[str] = set()
    problems: list[Problem] = []
    skipped: list[str] = []
    for f in files:
        try:
            first = _first_row(f)
        except ReadError as exc:
            problems.append(Problem(f.name, None, None, "", str(exc), source=f.name))
            continue
        if isinstance(first, str):
            skipped.append(f"{f.name} ({first})")
            continue
        if chosen.keep(*first, f):
            problems += _read_postcode_file(f, f.name, selection, tallies, dates, False)[1]
    for f in chosen.held_in():
        problems += _read_postcode_file(f, f.name, selection, tallies, dates, False)[1]
    missing = chosen.not_found(d.name, "de map met leerlingen per postcode")
    if missing:
        if skipped:
            note = f" Niet gelezen: {dutch_list(skipped)}."
            missing = Problem(
                d.name, None, None, missing.value, missing.message + note, source=d.name
            )
        return None, [*problems, missing]
    if skipped and selection is None:
        problems.append(
            row_warning(d.name, None, None, "", f"Niet gelezen: {dutch_list(skipped)}.")
        )
    return _postcode_result(tallies, dates, d.name, problems), problems


def _first_row(path: Path) -> tuple[str, str] | str:
    """The gemeente (code, name) of a pupil file's first row, or why it is skipped."""
    records = csv_records(path, path.name)
    try:
        header = next(records, None)
        if not header or not any(header):
            return "leeg"
        if format_problem(header, ("duo-leerlingen-postcode",), path.name):
            return f"geen {FORMATS['duo-leerlingen-postcode'].label}"
        cols = Columns(header)
        for cells in records:
            if any(cells):
                code = cell_gemeente_code(cols, cells, "GEMEENTENUMMER", path.name, 2, [])
                return code, cols.cell(cells, "GEMEENTENAAM")
        return "geen rijen"
    finally:
        records.close()


_AGE_COLUMN = re.compile(r"LEEFTIJD_\w+")


def _read_postcode_file(
    path: Path,
    source: str,
    selection: GemeenteSelection | None,
    tallies: dict[str, _Tally],
    dates: set[str],
    report_missing: bool,
) -> tuple[bool, list[Problem]]:
    """Add the rows of one pupil file to ``tallies``; return whether it is of the format,
    and its problems."""
    records, cols, problem = _read_header(path, source, "duo-leerlingen-postcode")
    if problem:
        return False, [problem]
    assert cols is not None
    ages = [(i, name) for i, name in enumerate(cols.names) if _AGE_COLUMN.fullmatch(name.upper())]
    chosen = GemeenteFilter(selection)
    problems: list[Problem] = []
    for row, cells in enumerate(records, start=2):
        if not any(cells):
            continue
        found: list[Problem] = []
        code = cell_gemeente_code(cols, cells, "GEMEENTENUMMER", source, row, found)
        if chosen.keep(code, cols.cell(cells, "GEMEENTENAAM"), (row, cells, code, found)):
            problems += found
            if not _has_error(found):
                _postcode_row(cols, ages, source, row, cells, code, tallies, dates, problems)
    for row, cells, code, found in chosen.held_in():
        problems += found
        problems.append(_held(chosen, cols, cells, "GEMEENTENUMMER", "GEMEENTENAAM", source, row))
        if not _has_error(found):
            _postcode_row(cols, ages, source, row, cells, code, tallies, dates, problems)
    missing = chosen.not_found(source, "het DUO-bestand") if report_missing else None
    return True, problems + ([missing] if missing else [])


def _postcode_row(
    cols: Columns,
    ages: list[tuple[int, str]],
    source: str,
    row: int,
    cells: list[str],
    gemeentecode: str,
    tallies: dict[str, _Tally],
    dates: set[str],
    problems: list[Problem],
) -> None:
    """Add one row (a location, a kind and a home postcode) to its location's tally."""
    before = len(problems)
    raw_date = cols.cell(cells, "PEILDATUM")
    if re.fullmatch(r"\d{8}", raw_date):
        dates.add(f"{raw_date[:4]}-{raw_date[4:6]}-{raw_date[6:]}")
    else:
        problems.append(
            row_error(source, row, "PEILDATUM", raw_date, "Verwacht een datum als 20241001.")
        )
    brin = cols.cell(cells, "INSTELLINGSCODE").upper()
    raw_code = cols.cell(cells, "VESTIGINGSCODE")
    code = _vestigingscode(brin, raw_code)
    complaint = _check_code(code, brin)
    if complaint:
        problems.append(row_error(source, row, cols.name("VESTIGINGSCODE"), raw_code, complaint))
    soort = cols.cell(cells, "SOORT_PO")
    sector = sector_of(soort)
    if sector is None:
        problems.append(
            row_error(
                source,
                row,
                cols.name("SOORT_PO"),
                soort,
                "Onbekende soort school; DUO gebruikt Bo, Sbo, So en Vso.",
            )
        )
    home = cols.cell(cells, "POSTCODE_LEERLING")
    if not (re.fullmatch(r"[1-9]\d{3}", home) or home in POSTCODE_BUITENLAND):
        problems.append(
            row_error(
                source,
                row,
                cols.name("POSTCODE_LEERLING"),
                home,
                "Verwacht een postcode van 4 cijfers, of DUO's 10, 20, 30 of 40 (België, "
                "Duitsland, ander land, onbekend).",
            )
        )
    low = high = screened = 0
    for i, name in ages:
        value = cells[i] if i < len(cells) else ""
        try:
            count = parse_count(value)
        except ValueError as exc:
            problems.append(row_error(source, row, name, value, str(exc)))
            continue
        low, high, screened = (
            low + count.low,
            high + count.high,
            screened + (count.low != count.high),
        )
    if len(problems) > before or sector is None:
        return
    total = Range(low, high)
    tally = tallies.get(code)
    if tally is None:
        tally = tallies[code] = _Tally(cells, cols, gemeentecode)
    tally.per_postcode[home] = tally.per_postcode.get(home, _NO_PUPILS) + total
    tally.per_sector[sector] = tally.per_sector.get(sector, _NO_PUPILS) + total
    tally.afgeschermd += screened
    if home == _UNKNOWN_POSTCODE:
        tally.onbekend += total
    elif gemeente_naam_key(cols.cell(cells, "GEMEENTENAAM_LEERLING")) == gemeente_naam_key(
        cols.cell(cells, "GEMEENTENAAM")
    ):
        tally.eigen += total
    else:
        tally.elders += total


def _postcode_result(
    tallies: dict[str, _Tally], dates: set[str], source: str, problems: list[Problem]
) -> LeerlingenPostcode:
    if len(dates) > 1:
        problems.append(
            Problem(
                source,
                None,
                "PEILDATUM",
                ", ".join(sorted(dates)),
                "De bestanden hebben verschillende peildata; lees ze apart.",
                source=source,
            )
        )
    date = min(dates) if dates else ""
    return LeerlingenPostcode(
        LEERLINGEN_POSTCODE.dated(date),
        {code: tally.herkomst(code) for code, tally in sorted(tallies.items())},
    )


# -- school points ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Schoolpunt:
    """A school location with its BAG address point (WGS84), from the geocoded file.

    ``punten`` are the distinct points (longitude, latitude) the file gives the location:
    usually one; where the geocoding matched several BAG addresses, all of them (the
    placement in a wijk decides what to do with that). ``type`` is the file's kind
    (``basisschool``, ``SBAO``, ``(V)SO``, ``VBO/MAVO``, …), ``gemeente`` its spelling
    (DUO's capitals without apostrophe: ``S HERTOGENBOSCH``); ``row`` is the number of
    the location's first feature in the file.

    The file's ``leerlingen`` is deliberately not here: it is the copy's own estimate
    (DUO's pupil files summed with every ``<5`` counted as 2), not a DUO figure, and
    DUO's own counts are read with :func:`read_leerlingen_historie` and
    :func:`read_leerlingen_postcode`.
    """

    vestigingscode: str
    brin: str
    naam: str
    type: str
    sector: str
    denominatie: str
    straat: str
    huisnummer: str
    huisletter: str
    huisnummertoevoeging: str
    postcode: str
    plaats: str
    gemeente: str
    provincie: str
    punten: tuple[tuple[float, float], ...]
    row: int

    @property
    def punt(self) -> tuple[float, float]:
        """The first point (longitude, latitude)."""
        return self.punten[0]


#: Where the Netherlands lies (WGS84, with a margin): a point outside is reported.
_NL = (3.0, 50.6, 7.4, 53.7)


def read_schoolpunten(
    path: str | Path,
    gemeente: str | GemeenteSelection | None = None,
    *,
    source: str | None = None,
) -> tuple[list[Schoolpunt], list[Problem]]:
    """Read the geocoded school locations: a GeoJSON FeatureCollection of points in
    WGS84, as a file or as the one GeoJSON file in a zip (checked first with
    :func:`~lea_graph.ingest.archive.check_archive`).

    Parameters
    ----------
    path, source
        As in :func:`read_vestigingen`.
    gemeente
        Only this gemeente's locations. The file names gemeenten but has no codes: a
        selection by code alone is refused (give the name, or name and code).

    Returns
    -------
    (locations, problems)
        One per vestigingscode, in file order.

    Raises
    ------
    ReadError
        When the file cannot be opened, or the zip is unsafe or damaged (Dutch).
    """
    p = Path(path)
    source = source or p.name
    selection = as_selection(gemeente)
    if selection is not None and selection.name_key is None:
        return [], [
            Problem(
                source,
                None,
                None,
                selection.given,
                f"'{source}' noemt gemeenten alleen bij naam; kies de gemeente op naam "
                f"(bijvoorbeeld Tilburg) in plaats van met code {selection.given}.",
                source=source,
            )
        ]
    data, problem = _geojson_bytes(p, source)
    if problem:
        return [], [problem]
    try:
        doc = json.loads(data.decode("utf-8-sig"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return [], [_not_points(source, "het is geen geldige JSON (UTF-8)")]
    del data
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list) or doc.get("type") != "FeatureCollection":
        return [], [_not_points(source, "het is geen GeoJSON FeatureCollection")]
    if features and not any(
        isinstance(f, dict)
        and isinstance(f.get("properties"), dict)
        and "vestigingscode" in f["properties"]
        for f in features[:10]
    ):
        return [], [_not_points(source, "de features hebben geen eigenschap 'vestigingscode'")]
    chosen = GemeenteFilter(selection)
    points: dict[str, Schoolpunt] = {}
    problems: list[Problem] = []
    for index, feature in enumerate(features):
        features[index] = None
        _schoolpunt(feature, index + 1, source, chosen, points, problems)
    missing = chosen.not_found(source, "het bestand met schoolpunten")
    more = {code: len(s.punten) for code, s in points.items() if len(s.punten) > 1}
    if more:
        listed = [f"{code} ({n} punten)" for code, n in list(more.items())[:10]]
        rest = f" en nog {len(more) - 10}" if len(more) > 10 else ""
        problems.append(
            row_warning(
                source,
                None,
                "geometry",
                "",
                f"{plural(len(more), 'vestiging heeft', 'vestigingen hebben')} meer dan één "
                f"punt (de geocodering vond meer BAG-adressen): {', '.join(listed)}{rest}. "
                "Alle punten zijn bewaard.",
            )
        )
    return list(points.values()), problems + ([missing] if missing else [])


def _no_constant(name: str) -> Any:
    raise ValueError(name)  # NaN and Infinity are not JSON


def _not_points(source: str, why: str) -> Problem:
    return Problem(
        source,
        None,
        None,
        "",
        f"'{source}' is geen bestand met schoolpunten: {why}. Verwacht: "
        f"{FORMATS['duo-schoolpunten'].label}.",
        source=source,
    )


def _geojson_bytes(path: Path, source: str) -> tuple[bytes, Problem | None]:
    """The bytes of the GeoJSON file (in the zip, when it is one), within the size cap."""
    too_big = Problem(
        source,
        None,
        None,
        "",
        f"'{source}' is te groot (hooguit {number(MAX_GEOJSON_BYTES / 1e6)} MB GeoJSON).",
        source=source,
    )
    try:
        with path.open("rb") as fh:
            is_zip = fh.read(4).startswith(b"PK")
        if not is_zip:
            if path.stat().st_size > MAX_GEOJSON_BYTES:
                return b"", too_big
            return path.read_bytes(), None
    except OSError as exc:
        raise ReadError(f"'{source}' kan niet worden gelezen: {os_reason(exc)}.") from exc
    entries = [
        e
        for e in check_archive(path, source)
        if not e.is_dir()
        and not e.filename.startswith("__MACOSX/")
        and PurePosixPath(e.filename).suffix.lower() in (".json", ".geojson")
    ]
    if len(entries) != 1:
        found = "geen" if not entries else f"{len(entries)}"
        return b"", _not_points(source, f"de zip bevat {found} GeoJSON-bestanden in plaats van één")
    try:
        with zipfile.ZipFile(path) as zf, zf.open(entries[0]) as fh:
            data = fh.read(MAX_GEOJSON_BYTES + 1)
    except ZIP_ERRORS as exc:
        raise ReadError(
            f"'{source}' is beschadigd en kan niet worden uitgepakt ({type(exc).__name__})."
        ) from exc
    return (b"", too_big) if len(data) > MAX_GEOJSON_BYTES else (data, None)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _schoolpunt(
    feature: Any,
    number_: int,
    source: str,
    chosen: GemeenteFilter,
    points: dict[str, Schoolpunt],
    problems: list[Problem],
) -> None:
    """Add one feature's point to its location in ``points`` (or its errors)."""
    props = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(props, dict):
        problems.append(
            row_error(source, number_, None, "", "Dit is geen GeoJSON-feature met eigenschappen.")
        )
        return
    if not chosen.keep("", _text(props.get("gemeente"))):
        return
    code = _text(props.get("vestigingscode")).upper()
    brin = _text(props.get("brin_nummer")).upper() or code[:4]
    complaint = _check_code(code, brin)
    if complaint:
        problems.append(row_error(source, number_, "vestigingscode", code, complaint))
        return
    point = _point(feature.get("geometry"))
    if isinstance(point, str):
        problems.append(row_error(source, number_, "geometry", "", point))
        return
    lon, lat = point
    if not (_NL[0] <= lon <= _NL[2] and _NL[1] <= lat <= _NL[3]):
        problems.append(
            row_warning(
                source,
                number_,
                "geometry",
                f"{lon}, {lat}",
                "Dit punt ligt niet in Nederland; klopt het adres van de school?",
            )
        )
    known = points.get(code)
    if known is not None:
        if point not in known.punten:
            points[code] = replace(known, punten=(*known.punten, point))
        return
    kind = _text(props.get("type"))
    points[code] = Schoolpunt(
        vestigingscode=code,
        brin=brin,
        naam=_text(props.get("naam")),
        type=kind,
        sector=sector_of(kind) or "",
        denominatie=_text(props.get("denominatie")),
        straat=_text(props.get("straat")),
        huisnummer=_text(props.get("huisnummer")),
        huisletter=_text(props.get("huisletter")),
        huisnummertoevoeging=_text(props.get("huisnummertoevoeging")),
        postcode=_postcode(_text(props.get("postcode"))) or _text(props.get("postcode")),
        plaats=_text(props.get("plaats")),
        gemeente=_text(props.get("gemeente")),
        provincie=_text(props.get("provincie")),
        punten=(point,),
        row=number_,
    )


def _point(geometry: Any) -> tuple[float, float] | str:
    """The (longitude, latitude) of a GeoJSON Point, or the Dutch complaint."""
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        return f"Verwacht een punt (Point), geen {kind or 'lege geometrie'}."
    xy = geometry.get("coordinates")
    if (
        not isinstance(xy, list)
        or len(xy) < 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in xy[:2])
        or not all(math.isfinite(v) for v in xy[:2])
    ):
        return "Een punt heeft twee getallen: lengtegraad en breedtegraad."
    lon, lat = float(xy[0]), float(xy[1])
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return "Verwacht lengte- en breedtegraad (WGS84); dit lijken andere coördinaten (zoals RD)."
    return lon, lat
