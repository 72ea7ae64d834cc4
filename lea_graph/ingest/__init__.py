"""Reading and validating LEA network data: our format, plus the DUO and LRK registers
and wijk boundaries (GeoJSON or GeoPackage).

The one entry point is :func:`read_dataset`; it returns a report that holds either a
valid :class:`~lea_graph.dataset.Dataset` or every problem found, never a partial
dataset.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lea_graph.dataset import Dataset
from lea_graph.errors import InvalidDataset
from lea_graph.ingest.geo import (
    BOUNDARY_TABLE,
    apply_boundaries,
    boundary_keys,
    read_boundaries,
)
from lea_graph.ingest.plaatsing import place_schools
from lea_graph.ingest.rawtable import RawTable
from lea_graph.ingest.readers import read_raw
from lea_graph.ingest.registers import (
    SCHOOL_COLUMNS,
    RegisterInput,
    read_postcodes,
    read_register,
)
from lea_graph.ingest.report import Problem, SourceInfo, ValidationReport
from lea_graph.ingest.validate import validate_tables

__all__ = [
    "Problem",
    "RegisterInput",
    "ValidationReport",
    "load_dataset",
    "read_dataset",
    "validate_dataset",
]

_VEST = SCHOOL_COLUMNS.index("vestigingscode")
_LRK = SCHOOL_COLUMNS.index("lrk_nummer")


def read_dataset(
    path: str | Path,
    *,
    registers: Iterable[RegisterInput] = (),
    postcodes: str | Path | None = None,
    geo: str | Path | None = None,
    geo_name: str | None = None,
    name: str | None = None,
) -> ValidationReport:
    """Read and validate a dataset folder or workbook, with optional register files.

    Parameters
    ----------
    path
        A folder of ``<table>.csv`` files (with an optional ``wijken.geojson``), a zip of
        them, or one ``.xlsx`` workbook (with an optional sheet ``wijkgrenzen``).
    registers
        DUO or LRK files whose locations are added to ``scholen``.
    postcodes
        Postcode file assigning register locations to wijken (required with registers).
    geo
        Wijk boundaries: a GeoJSON FeatureCollection in WGS84 or a GeoPackage, matched
        to the wijken on ``properties.statcode`` = ``cbs_code`` (see
        :mod:`lea_graph.ingest.geo`). It takes the place of the dataset's own boundaries.
    geo_name
        The name of ``geo`` in the report (default: its file name).
    name
        The name of ``path`` in the report (default: its file name; an upload passes
        the name the person gave the file).

    Returns
    -------
    ValidationReport
        ``report.dataset`` is set only if there is no error.

    Raises
    ------
    lea_graph.errors.ReadError
        If the path cannot be read as a dataset at all.

    Examples
    --------
    >>> from lea_graph.resources import seed_path
    >>> report = read_dataset(seed_path())
    >>> report.ok
    True
    """
    raw_tables, problems = read_raw(path, name)
    registers = list(registers)
    if registers:
        raw_tables, more = _with_registers(raw_tables, registers, postcodes)
        problems += more
    if geo is not None:
        raw_tables, more = _with_geo_file(raw_tables, Path(geo), geo_name)
        problems += more
    boundaries = [t.source for t in raw_tables if t.table == BOUNDARY_TABLE]
    raw_tables, more = apply_boundaries(raw_tables)
    report = validate_tables(raw_tables, problems + more)
    report.sources += [SourceInfo(BOUNDARY_TABLE, source) for source in boundaries]
    if report.dataset is not None:
        report.dataset, placed = place_schools(report.dataset)
        report.problems += placed
    return report


def _with_geo_file(
    raw_tables: list[RawTable], geo: Path, name: str | None
) -> tuple[list[RawTable], list[Problem]]:
    """The tables with the boundaries of ``geo`` instead of the dataset's own (only those
    of the dataset's wijken are read)."""
    problems: list[Problem] = []
    own = [t for t in raw_tables if t.table == BOUNDARY_TABLE]
    table, more = read_boundaries(geo, name, boundary_keys(raw_tables))
    for t in own:
        problems.append(
            Problem(
                "wijken",
                None,
                None,
                "",
                f"De wijkgrenzen in '{t.source}' worden niet gebruikt: die uit "
                f"'{name or geo.name}' gaan voor.",
                "waarschuwing",
                t.source,
            )
        )
    kept = [t for t in raw_tables if t.table != BOUNDARY_TABLE]
    return kept + ([table] if table is not None else []), problems + more


def validate_dataset(dataset: Dataset, source: str = "opslag") -> ValidationReport:
    """Validate a dataset that is already in memory (e.g. read back from a store)."""
    raw = [
        RawTable(
            name,
            f"{source} › {name}",
            dataset.columns(name),
            [
                (i, list(values))
                for i, values in enumerate(
                    dataset.tables[name].itertuples(index=False, name=None), start=2
                )
            ],
        )
        for name in dataset.tables
    ]
    return validate_tables(raw, [])


def load_dataset(path: str | Path, **kwargs) -> Dataset:
    """Like :func:`read_dataset` but return the dataset or raise :class:`InvalidDataset`."""
    report = read_dataset(path, **kwargs)
    if not report.ok or report.dataset is None:
        raise InvalidDataset(report.errors)
    return report.dataset


def _with_registers(
    raw_tables: list[RawTable], registers: list[RegisterInput], postcodes: str | Path | None
) -> tuple[list[RawTable], list[Problem]]:
    if postcodes is None:
        return raw_tables, [
            Problem(
                "scholen",
                None,
                None,
                "",
                "Registerbestanden (DUO/LRK) hebben een postcodebestand nodig dat postcodes "
                "aan wijken koppelt (--postcodes).",
            )
        ]
    mapping, problems = read_postcodes(Path(postcodes))
    known = _known_codes(raw_tables)
    out = list(raw_tables)
    for reg in registers:
        table, more = read_register(reg, mapping)
        problems += more
        kept = []
        dupes = 0
        for row, cells in table.rows:
            code = cells[_VEST] or cells[_LRK]
            if code and code.upper() in known:
                dupes += 1
                continue
            kept.append((row, cells))
        table.rows = kept
        if dupes:
            problems.append(
                Problem(
                    "scholen",
                    None,
                    None,
                    "",
                    f"{dupes} locaties staan al in de tabel 'scholen' (zelfde vestigingscode of "
                    "LRK-nummer) en zijn niet nog eens toegevoegd.",
                    "waarschuwing",
                    table.source,
                )
            )
        out.append(table)
    return out, problems


def _known_codes(raw_tables: list[RawTable]) -> set[str]:
    codes: set[str] = set()
    for raw in raw_tables:
        if raw.table != "scholen":
            continue
        header = [h.strip().lower() for h in raw.header]
        for col in ("vestigingscode", "lrk_nummer"):
            if col in header:
                i = header.index(col)
                codes.update(
                    c[i].strip().upper() for _, c in raw.rows if i < len(c) and c[i].strip()
                )
    return codes
