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
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from lea_graph import model
from lea_graph.errors import ReadError, os_reason
from lea_graph.ingest.readers import RawTable
from lea_graph.ingest.report import Problem
from lea_graph.ingest.validate import (
    GEOMETRY_TYPES,
    boundary_label,
    compact_geometry,
    parse_geometry,
    total_points_problem,
)

__all__ = [
    "BOUNDARY_TABLE",
    "COORDINATE_DECIMALS",
    "GEOJSON_NAME",
    "apply_boundaries",
    "boundaries_geojson",
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


def _no_constant(name: str) -> Any:
    raise ValueError(name)  # NaN and Infinity are not JSON


# -- reading ------------------------------------------------------------------------------


def read_boundaries(
    path: str | Path, source: str | None = None
) -> tuple[RawTable | None, list[Problem]]:
    """Read a boundary file: a GeoJSON FeatureCollection, or a GeoPackage (``.gpkg``).

    Parameters
    ----------
    path
        The file.
    source
        Its name in the report (default: the file name; an upload passes the name the
        person gave it).

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
    except OSError as exc:
        raise ReadError(
            f"De wijkgrenzen '{source}' kunnen niet worden gelezen: {os_reason(exc)}."
        ) from exc
    if p.suffix.lower() == ".gpkg" or start.startswith(b"SQLite format 3\x00"):
        return _read_geopackage(p, source)
    return read_geojson_bytes(p.read_bytes(), source)


def read_geojson_bytes(data: bytes, source: str) -> tuple[RawTable | None, list[Problem]]:
    """Read the bytes of a GeoJSON FeatureCollection of wijk boundaries (UTF-8, WGS84).

    Examples
    --------
    >>> fc = {"type": "FeatureCollection", "features": [{"type": "Feature",
    ...       "properties": {"statcode": "WK085510"},
    ...       "geometry": {"type": "Point", "coordinates": [5.08, 51.56]}}]}
    >>> table, problems = read_geojson_bytes(json.dumps(fc).encode(), "wijken.geojson")
    >>> table.rows, [(p.row, p.column, p.value) for p in problems]
    ([], [(1, 'geometry', 'Point')])
    """
    too_many = total_points_problem(f"'{source}' heeft", sum(1 for _ in _POSITION.finditer(data)))
    if too_many:
        return None, [_error(source, too_many)]
    try:
        doc = json.loads(data.decode("utf-8-sig"), parse_constant=_no_constant)
    except UnicodeDecodeError:
        return None, [
            _error(source, f"'{source}' is geen GeoJSON-bestand: het is geen UTF-8-tekst.")
        ]
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
    table = RawTable(BOUNDARY_TABLE, source, list(_HEADER))
    problems: list[Problem] = []
    for number, feature in enumerate(doc["features"], start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.append(
                _error(
                    source,
                    'Dit is geen GeoJSON-feature: een object met "type": "Feature", '
                    '"properties" en "geometry".',
                    number,
                )
            )
            continue
        props = feature.get("properties")
        props = props if isinstance(props, dict) else {}
        statcode, wijk = _text(props.get("statcode")), _text(props.get("wijk"))
        row = _feature_row(number, statcode, wijk, feature.get("geometry"), source, problems)
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
    text = json.dumps(
        {"type": kind, "coordinates": geometry.get("coordinates")}, separators=(",", ":")
    )
    return number, [statcode, wijk, text]


def _read_geopackage(path: Path, source: str) -> tuple[RawTable | None, list[Problem]]:
    """The wijk layer of a GeoPackage (CBS publishes it in RD New), reprojected to WGS84.

    The layer is the one named ``wijken`` if there is one, else the only polygon layer.
    Needs the optional packages of ``lea-graph[geo]``: pyogrio (with GDAL) and pyproj.
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
    try:
        meta, _, geometries, values = pyogrio.raw.read(path, layer=layer)
    except Exception:
        return None, [_error(source, f"De laag '{layer}' van '{source}' kan niet worden gelezen.")]
    fields = [str(f).strip().lower() for f in meta["fields"]]
    if "statcode" not in fields and "wijk" not in fields:
        return None, [
            _error(
                source,
                f"De laag '{layer}' van '{source}' heeft geen kolom 'statcode' (de CBS-wijkcode) "
                f"en geen kolom 'wijk' (kolommen: {', '.join(fields) or 'geen'}).",
            )
        ]

    def column(name: str) -> list[str]:
        if name not in fields:
            return [""] * len(geometries)
        return [_text(v) for v in values[fields.index(name)]]

    transformer = None
    crs = meta.get("crs")
    if crs and not CRS.from_user_input(crs).equals(CRS.from_epsg(4326), ignore_axis_order=True):
        transformer = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)

    def to_wgs84(xy):
        lon, lat = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([lon, lat])

    table = RawTable(BOUNDARY_TABLE, f"{source} › {layer}", list(_HEADER))
    shapes = [None if wkb is None else shapely.from_wkb(wkb) for wkb in geometries]
    too_many = total_points_problem(
        f"De laag '{layer}' van '{source}' heeft",
        sum(int(shapely.get_num_coordinates(s)) for s in shapes if s is not None),
    )
    if too_many:
        return None, [_error(source, too_many)]
    problems: list[Problem] = []
    for number, (statcode, wijk, shape) in enumerate(
        zip(column("statcode"), column("wijk"), shapes, strict=True), start=1
    ):
        geometry = None
        if shape is not None:
            if transformer is not None:
                shape = shapely.transform(shape, to_wgs84)
            geometry = _rounded(shapely.geometry.mapping(shape))
        row = _feature_row(number, statcode, wijk, geometry, table.source, problems)
        if row:
            table.rows.append(row)
    return table, problems


def _rounded(value: Any) -> Any:
    """A mapping from shapely as plain JSON: lists for tuples, coordinates rounded."""
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    if isinstance(value, float):
        return round(value, COORDINATE_DECIMALS)
    return value


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
        problems: errors for a bad geometry, a wijk with two boundaries or a code that
        several wijken share; warnings for a boundary that matches no wijk, for the wijken
        without a boundary (one warning) and for boundaries that replace a ``geometrie``
        column of the wijken table itself.
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
    noun = "feature" if header == _HEADER else "rij"
    for number, cells in table.rows:
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
        geometry, problem = parse_geometry(text) if text else (None, ("De wijkgrens is leeg.", ""))
        if problem:
            message, shown = problem
            label = boundary_label(target.naam, target.id) if target else boundary_label("", value)
            problems.append(_error(src, f"{label}: {message}", number, geo_col, shown))
            continue
        if target is None and len(candidates) > 1:
            ids = ", ".join(w.id for w in candidates)
            problems.append(
                _error(
                    src,
                    f"Meer wijken hebben CBS-code '{statcode}' ({ids}); geef in 'wijk' het id "
                    "van de wijk waar deze grens bij hoort, of verbeter de cbs_code in 'wijken'.",
                    number,
                    column,
                    value,
                )
            )
            continue
        if target is None:
            if column == "statcode":
                what = f"geen wijk met CBS-code '{statcode}' (kolom cbs_code van 'wijken')"
                if wijk:
                    what += f" en geen wijk met id '{wijk}'"
            elif wijk:
                what = f"geen wijk met id '{wijk}'"
            else:
                what = "geen 'statcode' (CBS-wijkcode) en geen 'wijk' (id van de wijk)"
            problems.append(
                _warning(
                    src, f"Er is {what}; deze wijkgrens wordt niet gebruikt.", number, column, value
                )
            )
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
                    number,
                    column,
                    value,
                )
            )
            continue
        found[id(target)] = (compact_geometry(geometry), src, number, geo_col)
    return problems


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
