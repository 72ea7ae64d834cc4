"""Reader for CBS's figures per gemeente and wijk, in the three forms LEA Graph knows.

:func:`read_cbs` recognises the file by its header (see
:data:`~lea_graph.ingest.publiek.FORMATS`) and returns every region (gemeente ``GM``,
wijk ``WK``, buurt ``BU``) with its figures. Each figure is a
:class:`~lea_graph.ingest.publiek.Figure` that keeps CBS and its peildatum, so a page can
say "Bron: CBS, 1 januari 2024". A figure CBS keeps secret or does not have is None,
never a number: the wijk map writes ``-99999999`` for it (``-99999997`` in older maps),
the income table leaves the cell empty.

* ``cbs-kerncijfers``: "Kerncijfers wijken en buurten 2024" (table 85984NED, with CBS's
  own column keys such as ``AantalInwoners_5``), peildatum 1 January 2024. It has codes,
  no names: choose its gemeente by code. CBS rounds wijk figures to 5.
* ``cbs-wijkkaart``: the attribute table of the wijk- en buurtkaart (``WK_CODE``,
  ``AANT_INW``, ``P_00_14_JR`` …); the year comes from ``JRSTATCODE``
  (``2020WK085510``), peildatum 1 January of it. Age shares are whole percents and are
  kept so (:func:`lea_graph.cijfers.kinderen_uit_aandeel` turns one into bounds).
* ``cbs-inkomen``: "Inkomen per gemeente en wijk" (income year 2020, regions of 2023):
  average personal income and the shares of households in the country's lowest 40% and
  highest 20% of disposable income.

The figure names are LEA Graph's (``inwoners``, ``aandeel_0_14_pct``); :data:`COLUMNS`
says which CBS column each comes from. A column the file does not have gives no figure
(the name is absent), which is not the same as a secret figure (None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lea_graph.ingest.publiek import (
    Columns,
    Figure,
    GemeenteFilter,
    GemeenteSelection,
    Publication,
    as_selection,
    csv_records,
    format_problem,
    header_format,
    row_error,
)
from lea_graph.ingest.report import Problem

__all__ = ["COLUMNS", "INKOMEN", "KERNCIJFERS", "CbsRegio", "CbsTabel", "read_cbs"]

_KINDS = ("cbs-kerncijfers", "cbs-wijkkaart", "cbs-inkomen")

#: Per format: LEA Graph's figure name → (CBS's column, kind). Kinds: ``int`` a count
#: or whole number, ``pct`` a whole percent (0–100), ``float`` a number with decimals
#: (a decimal comma or point).
COLUMNS: dict[str, dict[str, tuple[str, str]]] = {
    "cbs-kerncijfers": {
        "inwoners": ("AantalInwoners_5", "int"),
        "mannen": ("Mannen_6", "int"),
        "vrouwen": ("Vrouwen_7", "int"),
        "bevolkingsdichtheid": ("Bevolkingsdichtheid_34", "int"),  # per km²
        "woningen": ("Woningvoorraad_35", "int"),
        "oppervlakte_totaal_ha": ("OppervlakteTotaal_122", "int"),
        "oppervlakte_land_ha": ("OppervlakteLand_123", "int"),
        "oppervlakte_water_ha": ("OppervlakteWater_124", "int"),
    },
    "cbs-wijkkaart": {
        "inwoners": ("AANT_INW", "int"),
        "mannen": ("AANT_MAN", "int"),
        "vrouwen": ("AANT_VROUW", "int"),
        "aandeel_0_14_pct": ("P_00_14_JR", "pct"),
        "aandeel_15_24_pct": ("P_15_24_JR", "pct"),
        "aandeel_25_44_pct": ("P_25_44_JR", "pct"),
        "aandeel_45_64_pct": ("P_45_64_JR", "pct"),
        "aandeel_65_plus_pct": ("P_65_EO_JR", "pct"),
        "huishoudens": ("AANTAL_HH", "int"),
        "aandeel_huishoudens_met_kinderen_pct": ("P_HH_M_K", "pct"),
        "gemiddelde_huishoudensgrootte": ("GEM_HH_GR", "float"),
        "bevolkingsdichtheid": ("BEV_DICHTH", "int"),
        "oppervlakte_totaal_ha": ("OPP_TOT", "int"),
        "oppervlakte_land_ha": ("OPP_LAND", "int"),
        "oppervlakte_water_ha": ("OPP_WATER", "int"),
    },
    "cbs-inkomen": {
        "gemiddeld_inkomen_per_inwoner_x1000": (
            "gem_persoonlijk_inkomen_per_inwoner_x1000eur",
            "float",
        ),
        "aandeel_hh_laagste_40_pct": ("pct_hh_laagste40pct_besteedbaar_inkomen", "float"),
        "aandeel_hh_hoogste_20_pct": ("pct_hh_hoogste20pct_besteedbaar_inkomen", "float"),
    },
}

#: The publications, for the credit line (the wijk map's year comes from the file).
KERNCIJFERS = Publication("CBS", "Kerncijfers wijken en buurten 2024 (85984NED)", "2024-01-01")
INKOMEN = Publication("CBS", "Inkomen per gemeente en wijk, 2020 (indeling 2023)", "2020")

#: What CBS writes in its maps for a figure that is secret or not available.
_SECRET = frozenset({"-99999999", "-99999997"})
_REGION = re.compile(r"(GM)(\d{4})|(WK)(\d{4})\d{2}|(BU)(\d{4})\d{4}")
_SOORT = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}


@dataclass(frozen=True)
class CbsRegio:
    """One region of a CBS table with its figures.

    ``soort`` is ``gemeente``, ``wijk`` or ``buurt``; ``naam`` is CBS's name ("" in the
    kerncijfers, which have none); ``gemeentecode`` has four digits; ``row`` is the row
    in the file.
    """

    code: str
    soort: str
    naam: str
    gemeentecode: str
    cijfers: dict[str, Figure]
    row: int


@dataclass(frozen=True)
class CbsTabel:
    """A CBS file as read: its format (a key of :data:`COLUMNS`), its publication and
    its regions by code, in file order."""

    format: str
    published: Publication
    regios: dict[str, CbsRegio]


def read_cbs(
    path: str | Path,
    gemeente: str | GemeenteSelection | None = None,
    *,
    source: str | None = None,
) -> tuple[CbsTabel | None, list[Problem]]:
    """Read a CBS file of figures per region (kerncijfers, wijk map or income).

    Parameters
    ----------
    path
        The file.
    gemeente
        Only this gemeente and its wijken and buurten (a name, a code, or a selection).
        The kerncijfers have no names: choose by code there.
    source
        The file's name in messages (default: its own name).

    Returns
    -------
    (table, problems)
        None when the file is none of the three formats. A value that is no number of
        its kind is an error in its row and column; its figure is left out.

    Raises
    ------
    ReadError
        When the file cannot be read as text (Dutch).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = Path(tmp, "wijken.csv")
    ...     _ = p.write_text("WK_CODE,JRSTATCODE,WK_NAAM,GM_CODE,GM_NAAM,AANT_INW,P_00_14_JR\\n"
    ...                      "WK085511,2020WK085511,Hoogvenne,GM0855,Tilburg,6015,11\\n"
    ...                      "WK085541,2020WK085541,De Oude Warande,GM0855,Tilburg,20,-99999999\\n")
    ...     table, problems = read_cbs(p, "Tilburg")
    >>> wijk = table.regios["WK085511"]
    >>> wijk.naam, wijk.cijfers["aandeel_0_14_pct"].value, wijk.cijfers["inwoners"].credit()
    ('Hoogvenne', 11, 'Bron: CBS, 1 januari 2020')
    >>> table.regios["WK085541"].cijfers["aandeel_0_14_pct"].value is None, problems
    (True, [])
    """
    p = Path(path)
    source = source or p.name
    records = csv_records(p, source)
    header = next(records, None)
    problem = format_problem(header, _KINDS, source)
    if problem:
        records.close()
        return None, [problem]
    cols = Columns(header or [])
    kind = _kind(cols)
    selection = as_selection(gemeente)
    if kind == "cbs-kerncijfers" and selection is not None and selection.code is None:
        records.close()
        message = (
            f"'{source}' noemt gemeenten alleen bij code; kies de gemeente met haar code "
            f"(bijvoorbeeld GM0855) in plaats van '{selection.given}'."
        )
        return None, [Problem(source, None, None, selection.given, message, source=source)]
    code_col, name_col = {
        "cbs-kerncijfers": ("REGIO_CODE", None),
        "cbs-wijkkaart": ("WK_CODE", "WK_NAAM"),
        "cbs-inkomen": ("REGIO_CODE", "REGIO_NAAM"),
    }[kind]
    chosen = GemeenteFilter(selection)
    wanted = {
        name: (cols.index[column.upper()], cols.names[cols.index[column.upper()]], how)
        for name, (column, how) in COLUMNS[kind].items()
        if cols.has(column.upper())
    }
    problems: list[Problem] = []
    regions: list[tuple[int, list[str], str, str]] = []
    years: set[str] = set()
    for row, cells in enumerate(records, start=2):
        if not any(cells):
            continue
        code = cols.cell(cells, code_col).upper()
        m = _REGION.fullmatch(code)
        if not m:
            problems.append(
                row_error(
                    source,
                    row,
                    cols.name(code_col),
                    code,
                    "Verwacht een CBS-code van een gemeente, wijk of buurt, zoals GM0855 "
                    "of WK085510.",
                )
            )
            continue
        prefix = next(g for g in m.groups()[0::2] if g)
        gemeentecode = next(g for g in m.groups()[1::2] if g)
        # The gemeente's name: the wijk map has it on every row, the income table only
        # on the gemeente's own row (a wijk row names the wijk).
        gemeente_naam = cols.cell(cells, "GM_NAAM")
        if kind == "cbs-inkomen" and prefix == "GM":
            gemeente_naam = cols.cell(cells, "REGIO_NAAM")
        item = (row, cells, code, prefix)
        if chosen.keep(gemeentecode, gemeente_naam, item):
            regions.append(item)
    regions += chosen.held_in()
    missing = chosen.not_found(source, "het CBS-bestand")
    if missing:
        return None, [*problems, missing]
    published = {"cbs-kerncijfers": KERNCIJFERS, "cbs-inkomen": INKOMEN}.get(kind)
    out: dict[str, CbsRegio] = {}
    for row, cells, code, prefix in sorted(regions, key=lambda r: r[0]):
        if kind == "cbs-wijkkaart":
            year = _map_year(cols, cells, code, source, row, problems)
            if year is None:
                continue
            years.add(year)
            published = Publication("CBS", f"Wijk- en buurtkaart {year}", f"{year}-01-01")
        assert published is not None
        figures: dict[str, Figure] = {}
        for name, (i, column, how) in wanted.items():
            value = cells[i] if i < len(cells) else ""
            try:
                figures[name] = Figure(_number(value, how), published)
            except ValueError as exc:
                problems.append(row_error(source, row, column, value, str(exc)))
        naam = cols.cell(cells, name_col) if name_col else ""
        out[code] = CbsRegio(code, _SOORT[prefix], naam, code[2:6], figures, row)
    if len(years) > 1:
        problems.append(
            Problem(
                source,
                None,
                "JRSTATCODE",
                ", ".join(sorted(years)),
                "De rijen komen uit verschillende jaren; één bestand hoort bij één jaar.",
                source=source,
            )
        )
    problems.sort(key=lambda p: p.row or 0)
    if kind == "cbs-wijkkaart":
        year = min(years) if years else ""
        published = Publication("CBS", f"Wijk- en buurtkaart {year}", f"{year}-01-01")
    return CbsTabel(kind, published or KERNCIJFERS, out), problems


def _kind(cols: Columns) -> str:
    kind = header_format(cols.names)
    assert kind in _KINDS
    return kind


def _map_year(
    cols: Columns, cells: list[str], code: str, source: str, row: int, problems: list[Problem]
) -> str | None:
    """The year of a wijk map row from its JRSTATCODE (``2020WK085510``)."""
    value = cols.cell(cells, "JRSTATCODE")
    if re.fullmatch(r"\d{4}", value[:4]) and value[4:].upper() == code:
        return value[:4]
    problems.append(
        row_error(
            source,
            row,
            cols.name("JRSTATCODE"),
            value,
            f"Verwacht het jaar en de code van de regio, zoals 2020{code}.",
        )
    )
    return None


def _number(text: str, how: str) -> int | float | None:
    """A figure of one of CBS's cells (None: secret or not available).

    Examples
    --------
    >>> _number("8065", "int"), _number("-99999999", "pct"), _number("", "float")
    (8065, None, None)
    >>> _number("25,7", "float"), _number("11", "pct")
    (25.7, 11)
    """
    value = text.strip()
    if value == "" or value in _SECRET:
        return None
    if how in ("int", "pct"):
        if not (value.isascii() and value.isdigit()):
            raise ValueError(
                "Verwacht een heel getal van 0 of meer (leeg of -99999999: geheim of onbekend)."
            )
        number = int(value)
        if how == "pct" and number > 100:
            raise ValueError("Verwacht een percentage van 0 tot en met 100.")
        return number
    if not re.fullmatch(r"-?\d+([.,]\d+)?", value):
        raise ValueError("Verwacht een getal, zoals 25.7 (leeg: geheim of onbekend).")
    return float(value.replace(",", "."))
