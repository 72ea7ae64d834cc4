"""Public registers as extra inputs for ``scholen``: DUO vestigingen and the LRK.

Both registers cover the whole country and know postcodes, not wijken. A
*postcode file* (CSV with the columns ``postcode`` and ``wijk``; a postcode is
either 4 digits, ``5041``, or 6 characters, ``5041AB``; the 6-character form wins)
assigns each location to a wijk of the dataset. Locations whose postcode is not in
that file are outside the area and are skipped, with one summary warning.

DUO: "Alle schoolvestigingen" (``;``, Windows-1252), one file per sector, read by
:func:`lea_graph.ingest.duo.read_vestigingen` (the one reader of that format). The sector
comes from the file (its type column, ``ONDERWIJSSTRUCTUUR`` for vo, or ``po`` for the
basisonderwijs list), or else from the ``sector`` argument (an older layout).

LRK: the open-data export of the Landelijk Register Kinderopvang (``;``, UTF-8 with
BOM). Registered (``status`` = Ingeschreven) day care (KDV) and out-of-school care
(BSO) become ``kinderopvang``, playgroups (PSZ) ``peuteropvang``. Childminders (VGO)
are private homes and gastouderbureaus (GOB) are offices: both are skipped, so no
home address ever enters the network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lea_graph.ingest.duo import read_vestigingen
from lea_graph.ingest.publiek import csv_dialect
from lea_graph.ingest.rawtable import RawTable
from lea_graph.ingest.readers import read_csv_bytes
from lea_graph.ingest.report import Problem

__all__ = ["RegisterInput", "read_postcodes", "read_register"]

#: Data-format columns a register row fills, in order.
SCHOOL_COLUMNS = (
    "id",
    "naam",
    "sector",
    "wijk",
    "brin",
    "vestigingscode",
    "lrk_nummer",
    "leerlingen",
    "bestuur",
    "bron",
)

_LRK_TYPES = {"kdv": "kinderopvang", "bso": "kinderopvang", "psz": "peuteropvang"}


@dataclass(frozen=True)
class RegisterInput:
    """One register file to add to ``scholen``.

    Parameters
    ----------
    kind
        ``duo`` or ``lrk``.
    path
        The register file.
    sector
        For DUO files that do not say their sector (no type column, no
        ``ONDERWIJSSTRUCTUUR``, an older layout): the sector of every row.
    """

    kind: str
    path: Path
    sector: str | None = None


def _norm_postcode(value: str) -> str:
    return re.sub(r"\s+", "", value).upper()


def read_postcodes(path: Path) -> tuple[dict[str, str], list[Problem]]:
    """Read a postcode file into ``{postcode: wijk id}``."""
    raw = read_csv_bytes(path.read_bytes(), "postcodes", path.name)
    header = [h.strip().lower() for h in raw.header]
    problems: list[Problem] = []
    for col in ("postcode", "wijk"):
        if col not in header:
            problems.append(
                Problem(
                    "postcodes",
                    1,
                    col,
                    "",
                    f"Het postcodebestand mist de kolom '{col}'.",
                    source=path.name,
                )
            )
    if problems:
        return {}, problems
    pi, wi = header.index("postcode"), header.index("wijk")
    mapping: dict[str, str] = {}
    for row, cells in raw.rows:
        pc = _norm_postcode(cells[pi] if pi < len(cells) else "")
        wijk = (cells[wi] if wi < len(cells) else "").strip()
        if not pc and not wijk:
            continue
        if not re.fullmatch(r"\d{4}([A-Z]{2})?", pc):
            problems.append(
                Problem(
                    "postcodes",
                    row,
                    "postcode",
                    pc,
                    "Verwacht een postcode van 4 cijfers (5041) of 4 cijfers en 2 letters (5041AB).",
                    source=path.name,
                )
            )
            continue
        if not wijk:
            problems.append(
                Problem("postcodes", row, "wijk", "", "Geen wijk-id ingevuld.", source=path.name)
            )
            continue
        if pc in mapping and mapping[pc] != wijk:
            problems.append(
                Problem(
                    "postcodes",
                    row,
                    "postcode",
                    pc,
                    f"Deze postcode staat al bij wijk '{mapping[pc]}'.",
                    source=path.name,
                )
            )
            continue
        mapping[pc] = wijk
    return mapping, problems


def _wijk_for(postcode: str, mapping: dict[str, str]) -> str | None:
    pc = _norm_postcode(postcode)
    return mapping.get(pc) or mapping.get(pc[:4])


def _columns(raw: RawTable) -> dict[str, int]:
    return {h.strip().upper(): i for i, h in enumerate(raw.header)}


def _get(cells: list[str], cols: dict[str, int], *names: str) -> str:
    for name in names:
        i = cols.get(name.upper())
        if i is not None and i < len(cells) and cells[i].strip():
            return cells[i].strip()
    return ""


def _missing(raw: RawTable, cols: dict[str, int], groups: list[tuple[str, ...]]) -> list[Problem]:
    return [
        Problem(
            "scholen",
            1,
            " of ".join(g),
            "",
            f"Kolom '{' of '.join(g)}' ontbreekt; is dit het juiste registerbestand?",
            source=raw.source,
        )
        for g in groups
        if not any(n.upper() in cols for n in g)
    ]


def _skipped(source: str, n: int, why: str) -> Problem:
    return Problem(
        "scholen", None, None, "", f"{n} rijen overgeslagen: {why}.", "waarschuwing", source
    )


def _duo(path: Path, mapping: dict[str, str], sector: str | None) -> tuple[RawTable, list[Problem]]:
    locations, problems = read_vestigingen(path, sector=sector)
    encoding, delimiter = csv_dialect(path, path.name)
    out = RawTable(
        "scholen",
        path.name,
        [*SCHOOL_COLUMNS, "denominatie"],
        encoding=encoding,
        delimiter=delimiter,
        expected_extra=("denominatie",),
    )
    outside = 0
    for v in locations:
        wijk = _wijk_for(v.postcode, mapping)
        if wijk is None:
            outside += 1
            continue
        out.rows.append(
            (
                v.row,
                [
                    f"s-{v.vestigingscode}",
                    v.naam,
                    v.sector,
                    wijk,
                    v.brin,
                    v.vestigingscode,
                    "",
                    "",
                    v.bevoegd_gezag_naam,
                    f"DUO {path.name}",
                    v.denominatie,
                ],
            )
        )
    if outside:
        problems.append(_skipped(path.name, outside, "postcode niet in het postcodebestand"))
    return out, problems


def _lrk(raw: RawTable, mapping: dict[str, str]) -> tuple[RawTable, list[Problem]]:
    cols = _columns(raw)
    problems = _missing(
        raw,
        cols,
        [("lrk_id",), ("type_oko",), ("actuele_naam_oko",), ("opvanglocatie_postcode",)],
    )
    out = RawTable(
        "scholen",
        raw.source,
        [*SCHOOL_COLUMNS, "kindplaatsen"],
        encoding=raw.encoding,
        delimiter=raw.delimiter,
        expected_extra=("kindplaatsen",),
    )
    if problems:
        return out, problems
    outside = homes = inactive = 0
    for row, cells in raw.rows:
        if not any(c.strip() for c in cells):
            continue
        kind = _get(cells, cols, "type_oko").lower()
        if kind not in _LRK_TYPES:
            homes += 1
            continue
        status = _get(cells, cols, "status").lower()
        if status and status != "ingeschreven":
            inactive += 1
            continue
        wijk = _wijk_for(_get(cells, cols, "opvanglocatie_postcode"), mapping)
        if wijk is None:
            outside += 1
            continue
        lrk = _get(cells, cols, "lrk_id")
        out.rows.append(
            (
                row,
                [
                    f"s-lrk-{lrk}" if lrk else "",
                    _get(cells, cols, "actuele_naam_oko"),
                    _LRK_TYPES[kind],
                    wijk,
                    "",
                    "",
                    lrk,
                    "",
                    "",
                    f"LRK {raw.source}",
                    _get(cells, cols, "aantal_kindplaatsen"),
                ],
            )
        )
    if homes:
        problems.append(
            _skipped(raw.source, homes, "gastouderopvang en gastouderbureaus worden niet opgenomen")
        )
    if inactive:
        problems.append(_skipped(raw.source, inactive, "niet (meer) ingeschreven"))
    if outside:
        problems.append(_skipped(raw.source, outside, "postcode niet in het postcodebestand"))
    return out, problems


def read_register(reg: RegisterInput, mapping: dict[str, str]) -> tuple[RawTable, list[Problem]]:
    """Read a DUO or LRK file into a raw ``scholen`` table in the data format.

    Row numbers stay those of the register file, so a problem points at the row
    a person can find in it.
    """
    if reg.kind == "duo":
        return _duo(reg.path, mapping, reg.sector)
    if reg.kind == "lrk":
        return _lrk(read_csv_bytes(reg.path.read_bytes(), "scholen", reg.path.name), mapping)
    raise ValueError(f"unknown register kind {reg.kind!r}")
