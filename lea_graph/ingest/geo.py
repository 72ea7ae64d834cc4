"""Wijk boundaries: read from a GeoJSON file or a GeoPackage and matched to the wijken.

A boundary file holds one feature per wijk. Its ``properties.statcode`` (the CBS wijk
code, ``WK085510``) is matched case-insensitively with ``cbs_code`` of the wijken; a
feature whose code matches no wijk, or that has none, may name the wijk's id in
``properties.wijk`` instead. Each match puts the feature's geometry (a Polygon or
MultiPolygon in WGS84, holes and parts kept) into the wijk's ``geometrie`` column as
compact JSON text.

Three sources, one path. A GeoJSON FeatureCollection (``--geo FILE``, or
``wijken.geojson`` inside a dataset folder or zip) and a GeoPackage (``--geo FILE.gpkg``,
reprojected to WGS84) are read into a raw table named ``wijkgrenzen`` with the columns
``statcode``, ``wijk`` and ``geometry``, one row per feature numbered from 1; a workbook
brings its sheet ``wijkgrenzen`` (columns ``wijk`` and ``geometrie``) as a raw table of
the same name. :func:`apply_boundaries` then moves the boundaries into the raw wijken
table, before validation, so that every problem lands in the one report and nothing is
loaded while any error remains.

A file may hold more wijken than the dataset (CBS's map of the whole country): only the
features of the dataset's wijken are read (:class:`BoundaryKeys`). A GeoJSON file is
parsed whole, so its positions are counted first; of a GeoPackage only the codes of all
features are read, then the geometries of the matching ones. The caps on positions, the
check that a boundary is a valid surface and the simplification of one with too many
positions are validation's (:mod:`lea_graph.ingest.validate`), whatever the source.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from lea_graph import model
from lea_graph.errors import ReadError, os_reason
from lea_graph.geometry import load_geojson
from lea_graph.ingest import validate as rules
from lea_graph.ingest.rawtable import RawTable
from lea_graph.ingest.report import Problem
from lea_graph.ingest.validate import (
    GEOMETRY_TYPES,
    boundary_label,
    compact_geometry,
    total_points_problem,
)
from lea_graph.text import number

__all__ = [
    "BOUNDARY_TABLE",
    "COORDINATE_DECIMALS",
    "GEOJSON_NAME",
    "MAX_GEOJSON_BYTES",
    "MAX_GEOPACKAGE_FEATURES",
    "BoundaryKeys",
    "apply_boundaries",
    "boundaries_geojson",
    "boundary_keys",
    "read_boundaries",
    "read_geojson_bytes",
]

#: The raw table every boundary source becomes (and the workbook sheet of that name).
BOUNDARY_TABLE = model.GEOMETRY_SHEET
#: The boundary file of a dataset folder or zip, read along with its CSV files.
GEOJSON_NAME = model.GEOMETRY_FILE
#: Decimals kept of reprojected coordinates: 1e-7 degrees is about 1 cm.
COORDINATE_DECIMALS = 7
#: Wijken named in the one warning about wijken without a boundary.
LISTED = 10

_T = model.GEOMETRY_TABLE
_HEADER = ["statcode", "wijk", "geometry"]
#: The start of a GeoJSON position (an array whose first element is a number): counted
#: in the bytes before they are parsed, so that a file of millions of points is refused
#: before it fills memory (parsed, a position costs some 120 bytes).
_POSITION = re.compile(rb"\[\s*[-0-9]")


def _error(
    source: str, message: str, row: int | None = None, column: str | None = None, value: str = ""
) -> Problem:
    return Problem(_T, row, column, value, message, "fout", source)


def _warning(
    source: str, message: str, row: int | None = None, column: str | None = None, value: str = ""
) -> Problem:
    return Problem(_T, row, column, value, message, "waarschuwing", source)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


# -- reading ------------------------------------------------------------------------------

#: A GeoJSON file of boundaries is read whole (JSON is parsed whole) and its positions are
#: counted before it is parsed (:data:`~lea_graph.ingest.validate.MAX_BOUNDARY_POINTS`, a
#: rule of validation's). While parsed it is held as text, and what is not a position
#: (properties) is parsed too: with 1,000,000 positions and the rest long properties, a
#: file of 99 MB took 325 MB to read, one of 185 MB 490 MB. 1,000,000 positions take
#: 23 MB written compactly with 7 decimals, some 70 MB pretty-printed with 15.
MAX_GEOJSON_BYTES = 100_000_000
#: Features of a GeoPackage layer whose codes are read to match them with the wijken (the
#: country has some 3,500 wijken and 15,000 buurten), and the characters read of each code.
MAX_GEOPACKAGE_FEATURES = 100_000
_CODE_CHARS = 100
#: Bytes a position takes at most in a GeoPackage geometry (WKB): 32 for x, y, z and m,
#: and for a ring of 4 positions its own count (4 bytes) and its polygon's header (9).
#: So a geometry's size bounds its positions from below before it is read, and what the
#: caps let through is read at no more than this per position, plus a header per feature.
_BYTES_PER_POSITION = 36
_HEADER_BYTES = 1024
#: What to do with a file of the whole country.
_WHOLE_COUNTRY = (
    "Lever het GeoPackage van CBS aan (daarvan leest LEA Graph alleen de wijken van de "
    "dataset) of een bestand met alleen de wijken van uw gemeente."
)


class BoundaryKeys:
    """The CBS codes and ids of a dataset's wijken: which features of a boundary file are
    read (the others are passed over, with one line in the report).

    Matching is as in :func:`apply_boundaries`: ``statcode`` = ``cbs_code`` ignoring
    case, or ``wijk`` = the wijk's id ignoring case.

    Examples
    --------
    >>> keys = BoundaryKeys(["WK085510"], ["w-1"])
    >>> keys.matches("wk085510", ""), keys.matches("", "W-1"), keys.matches("WK085511", "")
    (True, True, False)
    """

    def __init__(self, codes: list[str], ids: list[str]) -> None:
        self.codes = frozenset(c.upper() for c in codes if c)
        self.ids = frozenset(i.casefold() for i in ids if i)

    def matches(self, statcode: str, wijk: str) -> bool:
        """Whether a feature with this ``statcode`` and ``wijk`` may belong to a wijk."""
        return statcode.upper() in self.codes or wijk.casefold() in self.ids


def boundary_keys(raw_tables: list[RawTable]) -> BoundaryKeys:
    """The keys of the wijken in the raw ``wijken`` tables among ``raw_tables``."""
    rows = _wijk_rows([t for t in raw_tables if t.table == _T])
    return BoundaryKeys([w.code for w in rows], [w.id for w in rows])


def read_boundaries(
    path: str | Path, source: str | None = None, wanted: BoundaryKeys | None = None
) -> tuple[RawTable | None, list[Problem]]:
    """Read a boundary file: a GeoJSON FeatureCollection, or a GeoPackage (``.gpkg``).

    Parameters
    ----------
    path
        The file.
    source
        Its name in the report (default: the file name; an upload passes the name the
        person gave it).
    wanted
        The dataset's wijken: only their features are read (of a GeoPackage only theirs
        leave the file), the others become rows without a geometry. None: every feature.

    Returns
    -------
    (table, problems)
        The ``wijkgrenzen`` raw table (None when the file cannot be used at all) and the
        problems found in it; an error blocks loading.

    Raises
    ------
    lea_graph.errors.ReadError
        If the file cannot be opened.
    """
    p = Path(path)
    source = source or p.name
    try:
        with p.open("rb") as fh:
            start = fh.read(16)
            size = os.fstat(fh.fileno()).st_size
    except OSError as exc:
        raise ReadError(
            f"De wijkgrenzen '{source}' kunnen niet worden gelezen: {os_reason(exc)}."
        ) from exc
    if p.suffix.lower() == ".gpkg" or start.startswith(b"SQLite format 3\x00"):
        return _read_geopackage(p, source, wanted)
    if size > MAX_GEOJSON_BYTES:
        return None, [
            _error(
                source,
                f"'{source}' is te groot: {_megabytes(size)}; een GeoJSON-bestand met "
                f"wijkgrenzen is hooguit {_megabytes(MAX_GEOJSON_BYTES)}. {_WHOLE_COUNTRY}",
            )
        ]
    text, problems = _geojson_text(p.read_bytes(), source)  # the bytes go once decoded
    return (None, problems) if text is None else _read_geojson(text, source, wanted)


def _megabytes(size: int) -> str:
    return f"{number(size / 1e6, 1 if size < 10_000_000 else 0)} MB"


def _geojson_text(data: bytes, source: str) -> tuple[str | None, list[Problem]]:
    """The text of a GeoJSON file, once its positions are counted (None, and the error,
    when there are more than the cap or it is no UTF-8)."""
    too_many = total_points_problem(f"'{source}' heeft", sum(1 for _ in _POSITION.finditer(data)))
    if too_many:
        return None, [_error(source, f"{too_many} {_WHOLE_COUNTRY}")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return None, [
            _error(source, f"'{source}' is geen GeoJSON-bestand: het is geen UTF-8-tekst.")
        ]


def read_geojson_bytes(
    data: bytes, source: str, wanted: BoundaryKeys | None = None
) -> tuple[RawTable | None, list[Problem]]:
    """Read the bytes of a GeoJSON FeatureCollection of wijk boundaries (UTF-8, WGS84).

    The positions are counted first: more than
    :data:`~lea_graph.ingest.validate.MAX_BOUNDARY_POINTS` is refused before parsing.
    A feature that ``wanted`` does not match costs only its parsing: its row has no
    geometry and its geometry is not looked at.

    Examples
    --------
    >>> fc = {"type": "FeatureCollection", "features": [{"type": "Feature",
    ...       "properties": {"statcode": "WK085510"},
    ...       "geometry": {"type": "Point", "coordinates": [5.08, 51.56]}}]}
    >>> table, problems = read_geojson_bytes(json.dumps(fc).encode(), "wijken.geojson")
    >>> table.rows, [(p.row, p.column, p.value) for p in problems]
    ([], [(1, 'geometry', 'Point')])
    >>> table, problems = read_geojson_bytes(json.dumps(fc).encode(), "wijken.geojson",
    ...                                      BoundaryKeys(["WK085511"], []))
    >>> table.rows, problems
    ([(1, ['WK085510', '', ''])], [])
    """
    text, problems = _geojson_text(data, source)
    return (None, problems) if text is None else _read_geojson(text, source, wanted)


def _read_geojson(
    text: str, source: str, wanted: BoundaryKeys | None
) -> tuple[RawTable | None, list[Problem]]:
    """The boundary table of the text of a GeoJSON file (see :func:`read_geojson_bytes`)."""
    try:
        doc = load_geojson(text)
    except json.JSONDecodeError as exc:
        return None, [
            _error(
                source,
                f"'{source}' is geen geldig GeoJSON-bestand: het is geen geldige JSON "
                f"(fout in regel {exc.lineno}, teken {exc.colno}).",
            )
        ]
    except (ValueError, RecursionError):
        return None, [
            _error(source, f"'{source}' is geen geldig GeoJSON-bestand: het is geen geldige JSON.")
        ]
    kind = doc.get("type") if isinstance(doc, dict) else None
    if kind != "FeatureCollection" or not isinstance(doc.get("features"), list):
        found = f" Dit bestand is een {kind}." if isinstance(kind, str) and kind else ""
        return None, [
            _error(
                source,
                f"'{source}' moet een GeoJSON FeatureCollection zijn: een object met "
                '"type": "FeatureCollection" en een lijst "features", één feature per wijk.'
                + found,
                value=_text(kind) if isinstance(kind, str) else "",
            )
        ]
    features = doc["features"]
    del doc
    table = RawTable(BOUNDARY_TABLE, source, list(_HEADER))
    problems: list[Problem] = []
    for index, feature in enumerate(features):
        features[index] = None  # its coordinates go as soon as its row is made
        feature_no = index + 1
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.append(
                _error(
                    source,
                    'Dit is geen GeoJSON-feature: een object met "type": "Feature", '
                    '"properties" en "geometry".',
                    feature_no,
                )
            )
            continue
        props = feature.get("properties")
        props = props if isinstance(props, dict) else {}
        statcode, wijk = _text(props.get("statcode")), _text(props.get("wijk"))
        if wanted is not None and not wanted.matches(statcode, wijk):
            table.rows.append((feature_no, [statcode, wijk, ""]))
            continue
        row = _feature_row(feature_no, statcode, wijk, feature.get("geometry"), source, problems)
        if row:
            table.rows.append(row)
    return table, problems


def _feature_row(
    number: int, statcode: str, wijk: str, geometry: Any, source: str, problems: list[Problem]
) -> tuple[int, list[str]] | None:
    """One feature as a row, or None (and an error) when its geometry is not a surface."""
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind not in GEOMETRY_TYPES:
        what = f"geen {kind}" if isinstance(kind, str) else "geen geometrie"
        problems.append(
            _error(
                source,
                f"Een wijkgrens moet een vlak zijn (Polygon of MultiPolygon), {what}.",
                number,
                "geometry",
                _text(kind) if isinstance(kind, str) else "",
            )
        )
        return None
    text = compact_geometry({"type": kind, "coordinates": geometry.get("coordinates")})
    return number, [statcode, wijk, text]


def _quoted(name: str) -> str:
    """An SQL identifier (a layer or column name from the file itself), quoted."""
    return '"' + name.replace('"', '""') + '"'


def _read_geopackage(
    path: Path, source: str, wanted: BoundaryKeys | None
) -> tuple[RawTable | None, list[Problem]]:
    """The wijk layer of a GeoPackage (CBS publishes it in RD New), reprojected to WGS84.

    The layer is the one named ``wijken`` if there is one, else the only polygon layer.
    First its codes and the size of each geometry are read (at most
    :data:`MAX_GEOPACKAGE_FEATURES` features, :data:`_CODE_CHARS` characters a code);
    then the geometries of the features ``wanted`` matches, if their sizes keep within the
    caps on positions. Needs the optional packages of ``lea-graph[geo]``: pyogrio (with
    GDAL) and pyproj.
    """
    try:
        import numpy as np
        import pyogrio
        import pyogrio.raw
        import shapely
        from pyproj import CRS, Transformer
    except ImportError:
        return None, [
            _error(
                source,
                f"'{source}' is een GeoPackage; om dat te lezen zijn de extra pakketten "
                "pyogrio en pyproj nodig. Installeer ze met: "
                "pip install 'lea-graph[geo]'. Of lever de wijkgrenzen aan als GeoJSON in "
                "WGS84.",
            )
        ]
    try:
        layers = [(str(name), str(kind or "")) for name, kind in pyogrio.list_layers(path)]
    except Exception:  # GDAL raises its own kinds for a file that is no GeoPackage
        return None, [_error(source, f"'{source}' kan niet als GeoPackage worden gelezen.")]
    names = [name for name, _ in layers]
    polygons = [name for name, kind in layers if "polygon" in kind.lower()]
    layer = next((n for n in names if n.lower() == "wijken"), None)
    if layer is None and len(polygons) == 1:
        layer = polygons[0]
    if layer is None:
        return None, [
            _error(
                source,
                f"'{source}' heeft geen laag 'wijken' en niet precies één laag met vlakken "
                f"(lagen: {', '.join(names) or 'geen'}). Lever een GeoPackage met een laag "
                "'wijken' aan.",
            )
        ]
    unreadable = _error(source, f"De laag '{layer}' van '{source}' kan niet worden gelezen.")
    try:
        info = pyogrio.read_info(path, layer=layer)
    except Exception:
        return None, [unreadable]
    fields = {str(f).strip().lower(): str(f) for f in info["fields"]}
    keys = [name for name in ("statcode", "wijk") if name in fields]
    if not keys:
        return None, [
            _error(
                source,
                f"De laag '{layer}' van '{source}' heeft geen kolom 'statcode' (de CBS-wijkcode) "
                f"en geen kolom 'wijk' (kolommen: {', '.join(fields) or 'geen'}).",
            )
        ]
    if not info["fid_column"] or not info["geometry_name"]:
        return None, [unreadable]
    codes = ", ".join(f"substr({_quoted(fields[k])}, 1, {_CODE_CHARS}) AS {k}" for k in keys)
    sql = (
        f"SELECT {_quoted(info['fid_column'])}, {codes}, "  # noqa: S608 (quoted names, no values)
        f"length({_quoted(info['geometry_name'])}) AS bytes FROM {_quoted(layer)} "
        f"LIMIT {MAX_GEOPACKAGE_FEATURES + 1}"
    )
    try:
        meta, fids, _, values = pyogrio.raw.read(
            path, sql=sql, read_geometry=False, return_fids=True
        )
    except Exception:
        return None, [unreadable]
    if len(fids) > MAX_GEOPACKAGE_FEATURES:
        return None, [
            _error(
                source,
                f"De laag '{layer}' van '{source}' heeft meer dan "
                f"{number(MAX_GEOPACKAGE_FEATURES)} objecten; een laag met wijken heeft er "
                "hooguit een paar duizend. Lever de laag 'wijken' van CBS aan.",
            )
        ]
    column = {str(name): list(v) for name, v in zip(meta["fields"], values, strict=True)}
    statcodes = [_text(v) for v in column.get("statcode", [""] * len(fids))]
    wijken = [_text(v) for v in column.get("wijk", [""] * len(fids))]
    sizes = [0 if v is None or v != v else int(v) for v in column["bytes"]]  # NULL: no geometry

    table = RawTable(BOUNDARY_TABLE, f"{source} › {layer}", list(_HEADER))
    problems: list[Problem] = []
    rows: list[tuple[int, list[str]]] = []
    chosen: list[tuple[int, int, str, str]] = []  # (feature, fid, statcode, wijk)
    largest = rules.MAX_WIJK_POINTS_GIVEN * _BYTES_PER_POSITION + _HEADER_BYTES
    for feature_no, (fid, statcode, wijk, size) in enumerate(
        zip(fids, statcodes, wijken, sizes, strict=True), start=1
    ):
        if wanted is not None and not wanted.matches(statcode, wijk):
            rows.append((feature_no, [statcode, wijk, ""]))
        elif size > largest:
            problems.append(
                _error(
                    table.source,
                    f"{boundary_label('', statcode or wijk)}: de grens is in het GeoPackage "
                    f"{_megabytes(size)} groot; dat zijn meer dan "
                    f"{number(rules.MAX_WIJK_POINTS_GIVEN)} punten, het hoogste aantal per wijk. "
                    "Vereenvoudig de grens (bijvoorbeeld met mapshaper of QGIS) of gebruik de "
                    "gegeneraliseerde wijkgrenzen van CBS.",
                    feature_no,
                    "geometry",
                    _megabytes(size),
                )
            )
        else:
            chosen.append((feature_no, int(fid), statcode, wijk))
    together = sum(sizes[n - 1] for n, *_ in chosen)
    if together > rules.MAX_BOUNDARY_POINTS * _BYTES_PER_POSITION + _HEADER_BYTES * len(chosen):
        return None, [
            _error(
                source,
                f"De wijkgrenzen in de laag '{layer}' van '{source}' die bij de wijken van de "
                f"dataset horen, zijn samen {_megabytes(together)} groot; dat zijn meer dan "
                f"{number(rules.MAX_BOUNDARY_POINTS)} punten, het hoogste aantal voor alle "
                "wijkgrenzen samen. Gebruik de gegeneraliseerde wijkgrenzen van CBS.",
            )
        ]
    geometries = []
    try:
        if chosen:
            _, _, geometries, _ = pyogrio.raw.read(
                path,
                layer=layer,
                fids=np.array([fid for _, fid, _, _ in chosen], dtype=np.int64),
                columns=[],
                force_2d=True,
            )
    except Exception:
        return None, [unreadable]

    transformer = None
    crs = info.get("crs")
    if crs and not CRS.from_user_input(crs).equals(CRS.from_epsg(4326), ignore_axis_order=True):
        transformer = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)

    def to_wgs84(xy):
        if transformer is not None:
            lon, lat = transformer.transform(xy[:, 0], xy[:, 1])
            xy = np.column_stack([lon, lat])
        return np.round(xy, COORDINATE_DECIMALS)

    for (feature_no, _, statcode, wijk), wkb in zip(chosen, geometries, strict=True):
        geometry = None
        if wkb is not None:
            try:
                geometry = shapely.geometry.mapping(
                    shapely.transform(shapely.from_wkb(wkb), to_wgs84)
                )
            except Exception:  # a geometry GEOS cannot read (a curve, a broken one)
                problems.append(
                    _error(
                        table.source,
                        f"{boundary_label('', statcode or wijk)}: de grens kan niet worden "
                        "gelezen. Lever de wijkgrenzen van CBS aan, of sla de laag opnieuw op "
                        "met gewone vlakken (Polygon of MultiPolygon).",
                        feature_no,
                        "geometry",
                    )
                )
                continue
        row = _feature_row(feature_no, statcode, wijk, geometry, table.source, problems)
        if row:
            rows.append(row)
    table.rows = sorted(rows, key=lambda r: r[0])
    return table, problems


# -- matching -----------------------------------------------------------------------------


class _Wijk:
    """A row of a raw wijken table, as far as matching needs it."""

    def __init__(self, raw: RawTable, index: int, wijk_id: str, naam: str, code: str):
        self.raw, self.index = raw, index
        self.id, self.naam, self.code = wijk_id, naam, code


def _wijk_rows(wijken: list[RawTable]) -> list[_Wijk]:
    out = []
    for raw in wijken:
        header = [h.strip().lower() for h in raw.header]

        def cell(cells: list[str], name: str, header=header) -> str:
            i = header.index(name) if name in header else None
            return cells[i].strip() if i is not None and i < len(cells) else ""

        for index, (_, cells) in enumerate(raw.rows):
            wijk_id = cell(cells, "id")
            if wijk_id:
                out.append(_Wijk(raw, index, wijk_id, cell(cells, "naam"), cell(cells, "cbs_code")))
    return out


def apply_boundaries(raw_tables: list[RawTable]) -> tuple[list[RawTable], list[Problem]]:
    """Put the boundaries of every ``wijkgrenzen`` table into the raw wijken table.

    Parameters
    ----------
    raw_tables
        Tables as read; the ``wijkgrenzen`` tables among them are taken out.

    Returns
    -------
    (tables, problems)
        The other tables, the wijken table with a ``geometrie`` column filled in, and the
        problems: errors for an empty boundary, a wijk with two boundaries or a code that
        several wijken share; warnings for a boundary that matches no wijk (one warning
        for more than ``LISTED`` in a file), for the wijken without a boundary (one
        warning) and for boundaries that replace a ``geometrie`` column of the wijken
        table itself. The boundaries themselves are checked by validation, which reports
        a problem at the row of the file each came from.
    """
    boundaries = [t for t in raw_tables if t.table == BOUNDARY_TABLE]
    rest = [t for t in raw_tables if t.table != BOUNDARY_TABLE]
    wijken = [t for t in rest if t.table == _T]
    if not boundaries or not wijken:  # a missing wijken table is validation's to report
        return rest, []
    rows = _wijk_rows(wijken)
    by_code: dict[str, list[_Wijk]] = {}
    for w in rows:
        if w.code:
            by_code.setdefault(w.code.upper(), []).append(w)
    by_id = {w.id.casefold(): w for w in rows}
    # id(_Wijk) -> (geometry, source, row, column)
    found: dict[int, tuple[str, str, int, str]] = {}
    problems: list[Problem] = []
    for table in boundaries:
        problems += _match(table, by_code, by_id, found)
    _fill(rows, found, problems)
    missing = [w for w in rows if id(w) not in found]
    if missing:
        names = [f"{w.naam or w.id} ({w.code or w.id})" for w in missing[:LISTED]]
        more = len(missing) - LISTED
        listed = ", ".join(names) + (f" en nog {more}" if more > 0 else "")
        sources = " en ".join(f"'{t.source}'" for t in boundaries)
        problems.append(
            _warning(
                boundaries[0].source,
                f"{len(missing)} van de {len(rows)} wijken "
                f"{'heeft' if len(missing) == 1 else 'hebben'} geen wijkgrens in {sources}: "
                f"{listed}. Zonder wijkgrens staat een wijk niet op een kaart.",
                column="statcode",
            )
        )
    return rest, problems


def _match(
    table: RawTable,
    by_code: dict[str, list[_Wijk]],
    by_id: dict[str, _Wijk],
    found: dict[int, tuple[str, str, int, str]],
) -> list[Problem]:
    src = table.source
    header = [h.strip().lower() for h in table.header]
    geo_col = next((c for c in ("geometry", "geometrie") if c in header), None)
    if geo_col is None or not {"statcode", "wijk"} & set(header):
        return [
            _error(
                src,
                f"'{src}' heeft de kolommen 'wijk' (het id van de wijk) en 'geometrie' "
                "(de wijkgrens als GeoJSON) nodig.",
                1,
            )
        ]

    def cell(cells: list[str], name: str) -> str:
        i = header.index(name) if name in header else None
        return cells[i].strip() if i is not None and i < len(cells) else ""

    problems: list[Problem] = []
    unmatched: list[Problem] = []
    noun = "feature" if header == _HEADER else "rij"
    for row, cells in table.rows:
        statcode, wijk, text = cell(cells, "statcode"), cell(cells, "wijk"), cell(cells, geo_col)
        if not (statcode or wijk or text):
            continue
        if statcode:
            column, value = "statcode", statcode
        elif wijk:
            column, value = "wijk", wijk
        else:
            column, value = ("statcode" if "statcode" in header else "wijk"), ""
        candidates = by_code.get(statcode.upper(), []) if statcode else []
        target = (
            candidates[0] if len(candidates) == 1 else by_id.get(wijk.casefold()) if wijk else None
        )
        if target is None and len(candidates) > 1:
            ids = ", ".join(w.id for w in candidates)
            problems.append(
                _error(
                    src,
                    f"Meer wijken hebben CBS-code '{statcode}' ({ids}); geef in 'wijk' het id "
                    "van de wijk waar deze grens bij hoort, of verbeter de cbs_code in 'wijken'.",
                    row,
                    column,
                    value,
                )
            )
            continue
        if target is None:  # not used, so its geometry is not looked at either
            if column == "statcode":
                what = f"geen wijk met CBS-code '{statcode}' (kolom cbs_code van 'wijken')"
                if wijk:
                    what += f" en geen wijk met id '{wijk}'"
            elif wijk:
                what = f"geen wijk met id '{wijk}'"
            else:
                what = "geen 'statcode' (CBS-wijkcode) en geen 'wijk' (id van de wijk)"
            unmatched.append(
                _warning(
                    src, f"Er is {what}; deze wijkgrens wordt niet gebruikt.", row, column, value
                )
            )
            continue
        if not text:
            label = boundary_label(target.naam, target.id)
            problems.append(_error(src, f"{label}: De wijkgrens is leeg.", row, geo_col))
            continue
        if id(target) in found:
            _, other_src, other_row, _ = found[id(target)]
            where = (
                f"{noun} {other_row}" if other_src == src else f"'{other_src}', {noun} {other_row}"
            )
            problems.append(
                _error(
                    src,
                    f"Wijk '{target.id}' heeft al een wijkgrens ({where}); geef elke wijk één "
                    "grens (een wijk uit meer delen is één MultiPolygon).",
                    row,
                    column,
                    value,
                )
            )
            continue
        # Checked and made compact by validation, which reports at this row.
        found[id(target)] = (text, src, row, geo_col)
    if len(unmatched) > LISTED:  # a file of more than the dataset's gemeente: one line
        named = ", ".join(p.value or f"{noun} {p.row}" for p in unmatched[:LISTED])
        unmatched = [
            _warning(
                src,
                f"{number(len(unmatched))} wijkgrenzen in '{src}' horen bij geen wijk van de "
                f"dataset (geen wijk met die CBS-code of dat id) en worden niet gebruikt: "
                f"{named} en nog {number(len(unmatched) - LISTED)}.",
                column="statcode" if "statcode" in header else "wijk",
            )
        ]
    return problems + unmatched


def _fill(
    rows: list[_Wijk], found: dict[int, tuple[str, str, int, str]], problems: list[Problem]
) -> None:
    """Write the matched geometries into the ``geometrie`` column of the raw wijken rows,
    remembering where each came from (validation reports a problem with it there)."""
    col = model.GEOMETRY_COLUMN
    for raw in {id(w.raw): w.raw for w in rows}.values():
        header = [h.strip().lower() for h in raw.header]
        width = len(raw.header)
        if col in header:
            at = header.index(col)
        else:
            raw.header = [*raw.header, col]
            at = width
            # The new cell goes right after the header's last column; cells beyond the
            # header stay beyond it (validation reports them).
            raw.rows = [
                (r, cells[:width] + [""] * (width - len(cells)) + [""] + cells[width:])
                for r, cells in raw.rows
            ]
        replaced = 0
        for w in rows:
            if w.raw is not raw or id(w) not in found:
                continue
            excel_row, cells = raw.rows[w.index]
            cells = cells + [""] * (at + 1 - len(cells))
            geometry, source, row, column = found[id(w)]
            if cells[at].strip() and cells[at].strip() != geometry:
                replaced += 1
            cells[at] = geometry
            raw.rows[w.index] = (excel_row, cells)
            raw.origins[excel_row] = (source, row, column)
        if replaced:
            problems.append(
                _warning(
                    raw.source,
                    f"{replaced} wijken hadden al een waarde in kolom '{col}'; die is vervangen "
                    "door de wijkgrens uit het bestand met wijkgrenzen.",
                    column=col,
                )
            )


# -- writing ------------------------------------------------------------------------------


def boundaries_geojson(wijken: list[dict[str, str]]) -> str | None:
    """The boundaries of the wijken as a GeoJSON FeatureCollection (None if there are none).

    One feature per wijk with a boundary, each on its own line; ``properties`` are
    ``statcode`` (the CBS code, null when unknown), ``wijk`` (the id) and ``naam``.

    Examples
    --------
    >>> square = '{"type":"Polygon","coordinates":[[[5,51],[6,51],[6,52],[5,51]]]}'
    >>> print(boundaries_geojson([{"id": "w-1", "naam": "Noord", "cbs_code": "WK085510",
    ...                            "geometrie": square}]))
    {"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"statcode":"WK085510","wijk":"w-1","naam":"Noord"},"geometry":{"type":"Polygon","coordinates":[[[5,51],[6,51],[6,52],[5,51]]]}}
    ]}
    """
    lines = []
    for w in wijken:
        geometry = w.get(model.GEOMETRY_COLUMN, "")
        if not geometry:
            continue
        props = {"statcode": w.get("cbs_code") or None, "wijk": w["id"], "naam": w.get("naam", "")}
        lines.append(
            '{"type":"Feature","properties":'
            + json.dumps(props, ensure_ascii=False, separators=(",", ":"))
            + ',"geometry":'
            + geometry
            + "}"
        )
    if not lines:
        return None
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}"
