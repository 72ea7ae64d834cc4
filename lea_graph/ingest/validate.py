"""Validate raw tables against the schema in :mod:`lea_graph.model`.

Every problem is collected (nothing stops at the first one); a :class:`Dataset` is
built only when there is no error at all.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from lea_graph import cijfers, model
from lea_graph.dataset import Dataset
from lea_graph.geometry import (
    boundary_shape,
    format_point,
    geojson_polygons,
    load_geojson,
    parse_point,
)
from lea_graph.ingest.rawtable import RawTable
from lea_graph.ingest.report import Problem, SourceInfo, ValidationReport
from lea_graph.text import number

__all__ = [
    "MAX_BOUNDARY_POINTS",
    "MAX_OVERLAPS_PER_POINT",
    "MAX_SIMPLIFIED_POINTS",
    "MAX_WIJK_POINTS",
    "MAX_WIJK_POINTS_GIVEN",
    "boundary_label",
    "compact_geometry",
    "control_problem",
    "geometry_points",
    "geometry_problem",
    "overlap_count",
    "parse_geometry",
    "simplify_boundary",
    "total_points_problem",
    "validate_tables",
    "validity_problem",
]

_INT = re.compile(r"^\d+$")
_SCHOOLJAAR_LOOSE = re.compile(rf"^{model.SCHOOLJAAR_TYPED}$")
_DATUM = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _enum_list(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


# -- control characters --------------------------------------------------------------------

#: Control characters no cell may hold: C0 (NUL and the rest) except tab, line feed and
#: carriage return, which a multi-line cell has; DEL; and C1, which only garbled text
#: has (Windows-1252's five undefined bytes become C1 characters). The embedded store
#: cuts a query at a NUL; none of them is text a person typed on purpose.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _visible(text: str) -> str:
    """``text`` with each control character shown as a symbol (␀, ␛, ␡) or ``[U+0085]``."""

    def symbol(match: re.Match) -> str:
        code = ord(match.group())
        if code < 0x20:
            return chr(0x2400 + code)
        return "\u2421" if code == 0x7F else f"[U+{code:04X}]"

    return _CONTROL.sub(symbol, text)


def control_problem(value: str) -> tuple[str, str] | None:
    """Check a cell for control characters.

    Returns
    -------
    tuple of (str, str) or None
        The Dutch message and the value to show (the control character made visible,
        around the first one), or None when the cell has none.

    Examples
    --------
    >>> control_problem("regel 1\\nregel 2\\tmet tab") is None
    True
    >>> control_problem("Fact\\x00orium")[1]
    'Fact␀orium'
    """
    found = _CONTROL.search(value)
    if found is None:
        return None
    at = found.start()
    start = max(0, at - 25)
    shown = ("…" if start else "") + _visible(value[start : at + 25])
    shown += "…" if at + 25 < len(value) else ""
    code = f"U+{ord(found.group()):04X}"
    return (
        f"In deze waarde staat een onzichtbaar stuurteken ({code}, teken {at + 1}). Zo'n "
        "teken hoort niet in tekst; in de waarde hiernaast staat het als symbool. Typ de "
        "waarde opnieuw of haal het teken weg.",
        shown,
    )


# -- wijk boundaries (GeoJSON geometry) ----------------------------------------------------

GEOMETRY_TYPES = ("Polygon", "MultiPolygon")

#: The caps on wijk boundaries (positions, closing ones included), measured on 2 cores
#: (``bench/hostile_uploads.py``, ``bench/README.md``). CBS's generalised boundaries of
#: Tilburg have at most 24 positions per wijk and 431 in all; its full-resolution national
#: wijk map averages about 1,000 per wijk (3,500 wijken in some 40 MB of GeoParquet).
#:
#: A boundary keeps at most ``MAX_WIJK_POINTS``: a map of 960 pixels shows no more of one
#: wijk. A valid boundary with more is simplified to fit (:func:`simplify_boundary`, with a
#: warning), up to ``MAX_WIJK_POINTS_GIVEN`` as given; more is refused. That hard cap bounds
#: GEOS's simplification (shapely ``simplify(preserve_topology=True)``): its time grows
#: with the square of the positions for the worst shape we know (a serpentine of long rows:
#: 6.3 s for 50,000, 27 s for 100,000) and it recurses as deep as a ring has positions (an
#: 8 MB thread stack, as a web worker has, overflowed at about 65,000 positions).
MAX_WIJK_POINTS = 10_000
MAX_WIJK_POINTS_GIVEN = 50_000
#: Positions of all boundaries of one dataset together, as given (and of one GeoJSON file,
#: which is counted before it is parsed, as it must be parsed whole). Parsed, a position
#: costs about 110 bytes (a GeoJSON file of 1,000,000 positions, 23 MB: +105 MB in 0.6 s).
#: A GeoPackage is read for the dataset's wijken only, so a gemeente's wijken from CBS's
#: national file count, not the country's.
MAX_BOUNDARY_POINTS = 1_000_000
#: Positions of the boundaries that are simplified (those over ``MAX_WIJK_POINTS``),
#: together: bounds the simplification's worst case to some 30 s per dataset (an upload
#: with four serpentines at the hard cap: 30 s); real boundaries take 0.02 to 0.2 s each.
MAX_SIMPLIFIED_POINTS = 200_000
#: Checking that a boundary is a valid surface takes GEOS time in proportion to the pairs
#: of its line segments, and of its rings, whose boxes overlap (:func:`overlap_count`;
#: about 23 ns a pair here): a real boundary has a few per position, a ring of long strokes
#: side by side has every pair (10,000 positions: 2.3 s; 40,000: 23 s), and so do 10,000
#: squares one inside the other (7.5 s). A boundary with more than this many per position
#: is refused before GEOS sees it, so the check takes time in proportion to the positions
#: (counting: 1 to 2 us a position; GEOS: at most 2.3 us).
MAX_OVERLAPS_PER_POINT = 100

#: RD New (EPSG:28992) covers the Netherlands with x from about 0 to 300 km and y from
#: about 300 to 625 km: coordinates in that box are metres, not degrees.
_RD_X = (-10_000, 310_000)
_RD_Y = (280_000, 640_000)


def _short(value: Any, limit: int = 60) -> str:
    """A value for a problem report, cut short (a geometry can be megabytes)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _position_text(position: list) -> str:
    return ", ".join(json.dumps(v) for v in position)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _looks_rd(x: float, y: float) -> bool:
    return _RD_X[0] <= x <= _RD_X[1] and _RD_Y[0] <= y <= _RD_Y[1]


def _ring_problem(ring: Any) -> tuple[str, str] | None:
    if not isinstance(ring, list) or len(ring) < 4:
        n = len(ring) if isinstance(ring, list) else 0
        return (
            "Elke ring van een polygoon heeft minstens 4 posities nodig (een driehoek plus "
            "de eerste positie nog eens aan het eind).",
            f"{n} posities",
        )
    for position in ring:
        if (
            not isinstance(position, list)
            or not 2 <= len(position) <= 3
            or not all(_is_number(v) for v in position)
        ):
            return (
                "Een positie is een lijst van 2 getallen (lengte, breedte; eventueel een "
                "hoogte als derde).",
                _short(position),
            )
        lon, lat = position[0], position[1]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            text = "De coördinaten liggen buiten WGS84 (lengte -180 tot 180, breedte -90 tot 90)"
            if _looks_rd(lon, lat):
                text += (
                    "; dit lijkt RD New (EPSG:28992), in meters. Zet het bestand om naar "
                    "WGS84 (EPSG:4326), bijvoorbeeld met ogr2ogr -t_srs EPSG:4326, of lever "
                    "het GeoPackage (.gpkg) van CBS aan: dat rekent LEA Graph zelf om."
                )
            else:
                text += ". Lever de wijkgrenzen aan in WGS84 (EPSG:4326), lengte eerst."
            return text, _position_text(position)
    if ring[0] != ring[-1]:
        return (
            "Een ring van een polygoon is niet gesloten: de laatste positie moet gelijk zijn "
            "aan de eerste.",
            f"{_position_text(ring[0])} … {_position_text(ring[-1])}",
        )
    return None


def geometry_problem(geometry: Any) -> tuple[str, str] | None:
    """Check a GeoJSON geometry as a wijk boundary.

    A boundary is a ``Polygon`` or ``MultiPolygon`` in WGS84 of at most
    :data:`MAX_WIJK_POINTS_GIVEN` positions: every ring has at least four positions and ends
    where it starts, every position is two (or three) numbers with longitude in
    -180..180 and latitude in -90..90. Holes and parts are allowed. Whether the shape is
    a valid surface is :func:`validity_problem`'s to check.

    Parameters
    ----------
    geometry
        The parsed ``geometry`` object.

    Returns
    -------
    tuple of (str, str) or None
        The Dutch message and the value to show with it, or None if it is a good boundary.

    Examples
    --------
    >>> square = [[5.0, 51.5], [5.1, 51.5], [5.1, 51.6], [5.0, 51.5]]
    >>> geometry_problem({"type": "Polygon", "coordinates": [square]}) is None
    True
    >>> geometry_problem({"type": "Point", "coordinates": [5.0, 51.5]})[1]
    'Point'
    >>> rd = [[133000, 397000], [134000, 397000], [134000, 398000], [133000, 397000]]
    >>> message, value = geometry_problem({"type": "Polygon", "coordinates": [rd]})
    >>> "RD New (EPSG:28992)" in message, value
    (True, '133000, 397000')
    """
    if not isinstance(geometry, dict) or "type" not in geometry:
        return (
            "Een wijkgrens moet een GeoJSON-geometrie zijn: een object met 'type' en "
            "'coordinates'.",
            _short(geometry),
        )
    kind = geometry.get("type")
    if kind not in GEOMETRY_TYPES:
        return (
            "Een wijkgrens moet een vlak zijn: een GeoJSON-geometrie van het type Polygon of "
            "MultiPolygon.",
            _short(kind),
        )
    coordinates = geometry.get("coordinates")
    if kind == "MultiPolygon":
        if not isinstance(coordinates, list) or not coordinates:
            return "Een MultiPolygon heeft een lijst van polygonen nodig.", _short(coordinates)
        polygons = coordinates
    else:
        polygons = [coordinates]
    count = sum(
        len(ring) if isinstance(ring, list) else 0
        for polygon in polygons
        if isinstance(polygon, list)
        for ring in polygon
    )
    if count > MAX_WIJK_POINTS_GIVEN:
        return (
            f"De grens heeft {number(count)} punten; hooguit {number(MAX_WIJK_POINTS_GIVEN)} "
            f"per wijk (een grens met meer dan {number(MAX_WIJK_POINTS)} punten maakt LEA "
            "Graph zelf eenvoudiger). Vereenvoudig de grens (bijvoorbeeld met mapshaper of "
            "QGIS) of gebruik de gegeneraliseerde wijkgrenzen van CBS.",
            f"{number(count)} punten",
        )
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return (
                "Een polygoon is een lijst van ringen: eerst de buitengrens, dan eventuele gaten.",
                _short(polygon),
            )
        for ring in polygon:
            problem = _ring_problem(ring)
            if problem:
                return problem
    return None


def parse_geometry(text: str) -> tuple[dict | None, tuple[str, str] | None]:
    """Parse and check the JSON text of a wijk boundary.

    Returns
    -------
    (geometry, problem)
        The geometry object and None, or None and the Dutch message with the value to show.

    Examples
    --------
    >>> parse_geometry('{"type": "Polygon"')[1][0]
    'De wijkgrens is geen geldige JSON (fout bij teken 19).'
    """
    try:
        geometry = load_geojson(text)
    except json.JSONDecodeError as exc:
        return None, (
            f"De wijkgrens is geen geldige JSON (fout bij teken {exc.pos + 1}).",
            _short(text),
        )
    except (ValueError, RecursionError):
        return None, ("De wijkgrens is geen geldige JSON.", _short(text))
    problem = geometry_problem(geometry)
    return (None, problem) if problem else (geometry, None)


def compact_geometry(geometry: dict) -> str:
    """The stored form of a checked boundary: compact JSON of its type and coordinates.

    Numbers keep their exact value (JSON and Python floats round-trip); anything else
    in the object (a ``bbox``, a ``crs``) is dropped.

    Examples
    --------
    >>> compact_geometry({"coordinates": [[[5, 51.5], [5.1, 51.5], [5, 51.6], [5, 51.5]]],
    ...                   "type": "Polygon", "bbox": [5, 51.5, 5.1, 51.6]})
    '{"type":"Polygon","coordinates":[[[5,51.5],[5.1,51.5],[5,51.6],[5,51.5]]]}'
    """
    return json.dumps(
        {"type": geometry["type"], "coordinates": geometry["coordinates"]},
        separators=(",", ":"),
        allow_nan=False,
    )


def total_points_problem(subject: str, total: int) -> str | None:
    """The Dutch message when boundaries have more than :data:`MAX_BOUNDARY_POINTS`
    positions together (``subject`` says whose: "De wijkgrenzen hebben samen"), else None.

    Checked for a GeoJSON file as a whole before it is parsed, and for the boundaries of
    the wijken of a dataset (whatever file they came from).

    Examples
    --------
    >>> total_points_problem("'w.geojson' heeft", 1_000_000) is None
    True
    >>> total_points_problem("'w.geojson' heeft", 1_000_001)[:53]
    "'w.geojson' heeft 1.000.001 punten; hooguit 1.000.000"
    """
    if total <= MAX_BOUNDARY_POINTS:
        return None
    return (
        f"{subject} {number(total)} punten; hooguit {number(MAX_BOUNDARY_POINTS)} voor alle "
        "wijkgrenzen samen. Vereenvoudig de grenzen (bijvoorbeeld met mapshaper of QGIS) of "
        "gebruik de gegeneraliseerde wijkgrenzen van CBS."
    )


def boundary_label(naam: str, wijk: str) -> str:
    """How a problem with a boundary names its wijk.

    Examples
    --------
    >>> boundary_label("Heikant", "w-1"), boundary_label("", "WK085510"), boundary_label("", "")
    ('Wijkgrens van Heikant (w-1)', 'Wijkgrens van WK085510', 'Wijkgrens')
    """
    if naam and wijk and naam != wijk:
        return f"Wijkgrens van {naam} ({wijk})"
    return f"Wijkgrens van {naam or wijk}" if naam or wijk else "Wijkgrens"


def geometry_points(geometry: dict) -> int:
    """The number of positions of a checked boundary, closing positions included.

    Examples
    --------
    >>> geometry_points({"type": "Polygon", "coordinates": [[[5, 51], [6, 51], [6, 52], [5, 51]]]})
    4
    """
    return sum(len(ring) for polygon in geojson_polygons(geometry) for ring in polygon)


#: GEOS's reasons why a shape is no valid surface, in Dutch: what is wrong, and how to mend it.
_INVALID = {
    "Self-intersection": (
        "De grens snijdt zichzelf",
        "De lijn van een grens mag zichzelf niet kruisen of raken, en twee delen van een "
        "wijk mogen niet over elkaar liggen.",
    ),
    "Ring Self-intersection": (
        "De grens raakt zichzelf",
        "De lijn van een grens mag zichzelf niet kruisen of raken.",
    ),
    "Hole lies outside shell": (
        "Een gat ligt (deels) buiten de buitengrens",
        "Een gat moet binnen de buitengrens van zijn deel liggen.",
    ),
    "Holes are nested": ("Een gat ligt in een ander gat", "Geef elk gat één keer."),
    "Nested shells": (
        "Een deel van de wijk ligt in een ander deel",
        "Geef een gat in een deel als gat, niet als los deel.",
    ),
    "Interior is disconnected": (
        "De gaten delen de wijk in losse stukken",
        "Geef losse stukken als aparte delen (MultiPolygon).",
    ),
    "Too few points": (
        "Een ring heeft minder dan drie verschillende punten",
        "Haal de ring weg of geef hem meer punten.",
    ),
    "Duplicate Rings": ("Een ring komt twee keer voor", "Geef elke ring één keer."),
}


def _coordinate(text: str) -> str:
    return f"{float(text):.7f}".rstrip("0").rstrip(".")


def overlap_count(shape: Any, limit: int) -> int:
    """Pairs of line segments of ``shape`` whose boxes overlap, plus pairs of its rings
    whose boxes overlap (each pair both ways, each one with itself), counted until the
    count passes ``limit``.

    That is the work of GEOS's check that a shape is a valid surface: it tests the
    segments whose boxes overlap for crossings, and the rings whose boxes overlap for
    lying inside one another. A real boundary has a few per position. Counted with
    GEOS's own index (STRtree) in parts of at most ``_QUERY_RESULTS`` results, so the
    count costs time in proportion to the positions plus ``limit``, whatever the shape.

    Examples
    --------
    >>> import shapely
    >>> overlap_count(shapely.box(0, 0, 1, 1), 100)  # 4 sides: itself and 2 neighbours each
    13
    """
    import numpy as np
    import shapely

    rings = shapely.get_rings(shapely.get_parts(shape))
    xy, ring = shapely.get_coordinates(rings, return_index=True)
    same = ring[:-1] == ring[1:]
    segments = shapely.linestrings(np.stack([xy[:-1][same], xy[1:][same]], axis=1))
    count = 0
    for items in (segments, rings):
        tree = shapely.STRtree(items)
        step = max(1, _QUERY_RESULTS // len(items))
        for start in range(0, len(items), step):
            count += tree.query(items[start : start + step]).shape[1]
            if count > limit:
                return count
    return count


#: Results of one query of :func:`overlap_count` at most (16 bytes each).
_QUERY_RESULTS = 500_000


def validity_problem(geometry: dict) -> tuple[str, str] | None:
    """Check that a boundary (checked by :func:`geometry_problem`) is a valid surface.

    Valid as in OGC simple features, checked by GEOS (through shapely): no ring crosses
    or touches itself, the parts of a MultiPolygon do not overlap, holes lie inside
    their outer ring. A self-crossing ring draws as a shape with holes where none are
    and makes areas and map labels meaningless. A boundary whose line segments lie over
    one another more than :data:`MAX_OVERLAPS_PER_POINT` times per position is refused
    before GEOS looks at it (GEOS would take time that grows with their square; such a
    shape crosses or touches itself nearly always).

    Returns
    -------
    tuple of (str, str) or None
        The Dutch message and where it goes wrong (longitude, latitude), or None.

    Examples
    --------
    >>> bow_tie = [[5.0, 51.5], [5.01, 51.51], [5.01, 51.5], [5.0, 51.51], [5.0, 51.5]]
    >>> validity_problem({"type": "Polygon", "coordinates": [bow_tie]})
    ('De grens snijdt zichzelf bij 5.005, 51.505 (lengte, breedte). De lijn van een grens \
mag zichzelf niet kruisen of raken, en twee delen van een wijk mogen niet over elkaar \
liggen.', '5.005, 51.505')
    """
    import shapely

    shape = boundary_shape(geometry)
    points = geometry_points(geometry)
    if overlap_count(shape, MAX_OVERLAPS_PER_POINT * points) > MAX_OVERLAPS_PER_POINT * points:
        return (
            "De grens is te ingewikkeld om na te kijken: de lijnstukken of de delen ervan "
            f"liggen gemiddeld meer dan {MAX_OVERLAPS_PER_POINT} keer over elkaar heen (bij "
            "een echte wijkgrens een paar keer). Zo'n grens kruist of raakt zichzelf bijna "
            "altijd. Controleer de grens of gebruik de wijkgrenzen van CBS.",
            f"meer dan {MAX_OVERLAPS_PER_POINT} keer per punt",
        )
    reason = shapely.is_valid_reason(shape)
    if reason == "Valid Geometry":
        return None
    found = re.fullmatch(r"(.*?)\[(\S+) (\S+)\]", reason)
    kind, where = (
        (found.group(1), f"{_coordinate(found[2])}, {_coordinate(found[3])}")
        if found
        else (reason, "")
    )
    what, mend = _INVALID.get(kind, (f"De grens is geen geldig vlak ({kind})", ""))
    at = f" bij {where} (lengte, breedte)" if where else ""
    return f"{what}{at}. {mend}".strip(), where


#: Metres in a degree of latitude (and at most in one of longitude).
_METRES_PER_DEGREE = 111_320


def simplify_boundary(geometry: dict) -> tuple[dict, float] | None:
    """A valid boundary with at most :data:`MAX_WIJK_POINTS` positions, and how far (in
    metres, at most) it lies from the given one.

    GEOS's topology-preserving simplification (shapely ``simplify(tolerance,
    preserve_topology=True)``): the result is still a valid surface with the same parts
    and holes, and every position of it is one of the given ones. The tolerance starts at
    the boundary's length divided by ``MAX_WIJK_POINTS`` (the spacing of that many
    positions evenly along it), which mostly leaves far fewer. While the result fits with
    room to spare the tolerance is made finer, aiming at 80% of the cap: the positions
    kept grow like a power of 1/tolerance, taken as the first power the first time and as
    measured by the two tries before after that. While it does not fit, it is made four
    times coarser. At most four tries; the last result that fits is kept.

    Parameters
    ----------
    geometry
        A boundary checked by :func:`geometry_problem` and :func:`validity_problem`.

    Returns
    -------
    (geometry, metres) or None
        The simplified boundary (GeoJSON, 2D) and the tolerance in metres (a degree of
        latitude taken as 111,320 m: an upper bound); None when no tolerance brings it
        within the cap (a wijk of thousands of parts or holes: every ring keeps 4
        positions).

    Examples
    --------
    >>> import math
    >>> ring = [[5 + 0.01 * math.cos(i / 2000), 51.5 + 0.01 * math.sin(i / 2000)]
    ...         for i in range(12_567)]
    >>> fitted, metres = simplify_boundary({"type": "Polygon", "coordinates": [ring + ring[:1]]})
    >>> geometry_points(fitted) <= MAX_WIJK_POINTS, metres < 1
    (True, True)
    """
    import shapely
    from shapely.geometry import mapping

    shape = boundary_shape(geometry)
    aim = 0.8 * MAX_WIJK_POINTS
    tolerance = float(shapely.length(shape)) / MAX_WIJK_POINTS
    best = before = None
    for _ in range(4):
        result = shapely.simplify(shape, tolerance, preserve_topology=True)
        count = int(shapely.get_num_coordinates(result))
        if count > MAX_WIJK_POINTS:
            if best is not None:
                break
            tolerance *= 4
            continue
        best = (result, tolerance)
        if count > 0.6 * MAX_WIJK_POINTS:
            break
        power = 1.0
        if before is not None and before[1] < count:
            power = math.log(count / before[1]) / math.log(before[0] / tolerance)
        before = (tolerance, count)
        tolerance *= (count / aim) ** (1 / max(power, 0.25))
    if best is None:
        return None
    result, tolerance = best
    if geometry["type"] == "MultiPolygon" and result.geom_type == "Polygon":
        result = shapely.MultiPolygon([result])  # one part stays a MultiPolygon
    return dict(mapping(result)), tolerance * _METRES_PER_DEGREE


@dataclass
class _Shape:
    """A wijk boundary waiting for the checks of all boundaries together."""

    table: str
    #: (source, row, column) to report at: where the boundary came from.
    origin: tuple[str, int | None, str]
    #: How problems name the wijk.
    label: str
    #: The row's values; ``values[column]`` holds the boundary's compact text.
    values: dict[str, str]
    column: str
    points: int


class _Checker:
    """Holds the state of one validation run."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # table -> [(excel_row, {column: normalised value}, source)]
        self.rows: dict[str, list[tuple[int, dict[str, str], str]]] = {}
        self.extra: dict[str, list[str]] = {}
        # The file or sheet being read; rows remember theirs for the later passes.
        self.current = ""
        # Wijk boundaries, checked as a whole after the tables (parsed again one at a
        # time then, so that no more than one is held parsed).
        self.shapes: list[_Shape] = []

    def error(self, table, row, column, value, message, source: str | None = None) -> None:
        src = source or self.current or table
        self.problems.append(Problem(table, row, column, value, message, "fout", src))

    def warn(self, table, row, column, value, message, source: str | None = None) -> None:
        src = source or self.current or table
        self.problems.append(Problem(table, row, column, value, message, "waarschuwing", src))

    # -- header -----------------------------------------------------------------

    def header(self, raw: RawTable, spec) -> dict[int, str]:
        """Map cell positions to column names, reporting header problems."""
        t = raw.table
        known = {c.name for c in spec.columns}
        positions: dict[int, str] = {}
        seen: dict[str, int] = {}
        for i, cell in enumerate(raw.header):
            name = cell.strip().lower()
            if not name:
                if any(i < len(cells) and cells[i].strip() for _, cells in raw.rows):
                    self.error(t, 1, None, "", f"Kolom {i + 1} heeft gegevens maar geen kolomnaam.")
                continue
            if name in seen:
                self.error(
                    t,
                    1,
                    name,
                    cell,
                    f"Kolomnaam '{name}' komt twee keer voor (kolom {seen[name] + 1} en {i + 1}).",
                )
                continue
            seen[name] = i
            if model.is_naam_kolom(t, name):  # the workbook's reading aid beside an id
                continue
            if name not in known and name in raw.expected_extra:
                self.extra.setdefault(t, [])
                if name not in self.extra[t]:
                    self.extra[t].append(name)
            elif name not in known:
                if name in model.RESERVED_COLUMNS:
                    self.error(
                        t, 1, name, cell, f"'{name}' is een gereserveerde naam; kies een andere."
                    )
                    continue
                if not model.COLUMN_NAME_PATTERN.match(name):
                    self.error(
                        t,
                        1,
                        name,
                        cell,
                        "Extra kolomnamen mogen alleen kleine letters, cijfers en '_' bevatten "
                        "en moeten met een letter beginnen.",
                    )
                    continue
                # Extra columns are allowed (they become properties); only a likely
                # typo of a schema column deserves a word.
                hint = difflib.get_close_matches(name, sorted(known - set(seen)), n=1, cutoff=0.75)
                if hint:
                    self.warn(
                        t,
                        1,
                        name,
                        "",
                        f"Onbekende kolom '{name}': bedoelt u '{hint[0]}'? "
                        "Nu wordt ze als extra eigenschap bewaard.",
                    )
                self.extra.setdefault(t, [])
                if name not in self.extra[t]:
                    self.extra[t].append(name)
            positions[i] = name
        missing = [c for c in spec.required_columns if c not in seen]
        for col in missing:
            self.error(
                t,
                1,
                col,
                "",
                f"Verplichte kolom '{col}' ontbreekt in de kopregel.",
            )
        # Rows are still read without the missing column, so that ids and references
        # elsewhere keep resolving and the report shows only real problems.
        return positions

    # -- cells ------------------------------------------------------------------

    def cell(self, t: str, row: int, col: model.Column, raw_value: str) -> str:
        """Check one cell; return the normalised value to keep."""
        value = raw_value.strip()
        if not value:
            if col.required:
                self.error(t, row, col.name, "", f"Verplicht veld '{col.name}' is leeg.")
            return ""
        if col.type == "id":
            if not model.ID_PATTERN.match(value):
                self.error(
                    t,
                    row,
                    col.name,
                    value,
                    "Een id mag alleen letters, cijfers, '-', '_', '.' en ':' bevatten, "
                    "moet met een letter of cijfer beginnen en is hooguit 100 tekens.",
                )
            return value
        if col.type == "enum":
            low = value.lower()
            if low not in col.values:
                self.error(
                    t,
                    row,
                    col.name,
                    value,
                    f"Onbekende waarde voor '{col.name}'. Toegestaan: {_enum_list(col.values)}.",
                )
            return low
        if col.type == "int":
            if not _INT.match(value):
                self.error(
                    t,
                    row,
                    col.name,
                    value,
                    "Verwacht een heel getal van 0 of meer, zonder punten, komma's of spaties.",
                )
                return value
            return str(int(value))
        if col.type == "code":
            pattern, description, example = model.CODE_FORMATS[col.name]
            up = value.upper()
            if not pattern.match(up):
                self.error(
                    t,
                    row,
                    col.name,
                    value,
                    f"Ongeldige {col.label}: verwacht {description}, bijvoorbeeld {example}.",
                )
                return value
            return up
        if col.type == "schooljaar":
            m = _SCHOOLJAAR_LOOSE.match(value)
            norm = f"{m.group(1)}-{m.group(2)}" if m else value
            if model.parse_schooljaar(norm) is None:
                self.error(
                    t,
                    row,
                    col.name,
                    value,
                    "Ongeldig schooljaar: verwacht twee opeenvolgende jaren, bijvoorbeeld 2023-2024.",
                )
                return value
            return norm
        if col.type == "url":
            if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.IGNORECASE):
                self.error(
                    t,
                    row,
                    col.name,
                    value,
                    "Een website moet beginnen met https:// of http:// en mag geen spaties bevatten.",
                )
            return value
        if col.type == "datum":
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                day = None
            if day is None or not _DATUM.match(value):
                self.error(
                    t,
                    row,
                    col.name,
                    value,
                    "Ongeldige datum: verwacht jaar-maand-dag, bijvoorbeeld 2026-09-15.",
                )
                return value
            return day.isoformat()
        if col.type == "tellingen":
            try:
                return cijfers.format_tellingen(cijfers.parse_tellingen(value))
            except ValueError as exc:
                self.error(t, row, col.name, value, str(exc))
                return value
        if col.type == "aantal":
            try:
                low, high = cijfers.parse_aantal(value) or (0, 0)
            except ValueError as exc:
                self.error(t, row, col.name, value, str(exc))
                return value
            return str(low) if low == high else f"{low}-{high}"
        if col.type == "punt":
            try:
                return format_point(parse_point(value))
            except ValueError as exc:
                self.error(t, row, col.name, value, str(exc))
                return value
        return value

    def boundary(self, raw: RawTable, row: int, column: str, values: dict[str, str]) -> str:
        """Parse and check the boundary in ``values[column]``; return its stored form.

        Problems name the wijk and point at the row of the file the boundary came from
        (a ``wijken.geojson`` feature, a row of sheet ``wijkgrenzen``) or else at the
        cell itself. The caps on all boundaries together, whether each is a valid surface
        and the simplification of one with too many positions come after all tables, in
        :meth:`boundaries`.
        """
        text = values[column]
        source, at_row, at_column = raw.origins.get(row, (raw.source, row, column))
        label = boundary_label(values.get("naam", ""), values.get("id", ""))
        geometry, problem = parse_geometry(text)
        if problem:
            message, shown = problem
            self.error(raw.table, at_row, at_column, shown, f"{label}: {message}", source)
            return text
        points = geometry_points(geometry)
        self.shapes.append(
            _Shape(raw.table, (source, at_row, at_column), label, values, column, points)
        )
        return compact_geometry(geometry)

    def boundaries(self) -> None:
        """Check the boundaries together: at most :data:`MAX_BOUNDARY_POINTS` positions in
        all and :data:`MAX_SIMPLIFIED_POINTS` in those to simplify; then each one a valid
        surface, and one with more than :data:`MAX_WIJK_POINTS` positions simplified to
        fit, with a warning."""
        if not self.shapes:
            return
        t, (source, _, column) = self.shapes[0].table, self.shapes[0].origin
        total = sum(s.points for s in self.shapes)
        problem = total_points_problem("De wijkgrenzen hebben samen", total)
        if problem:
            self.error(t, None, column, f"{number(total)} punten", problem, source)
            return
        large = [s for s in self.shapes if s.points > MAX_WIJK_POINTS]
        heavy = sum(s.points for s in large)
        if heavy > MAX_SIMPLIFIED_POINTS:
            t, (source, _, column) = large[0].table, large[0].origin
            self.error(
                t,
                None,
                column,
                f"{number(heavy)} punten",
                f"De {len(large)} wijkgrenzen met meer dan {number(MAX_WIJK_POINTS)} punten "
                f"hebben samen {number(heavy)} punten; hooguit {number(MAX_SIMPLIFIED_POINTS)}"
                ". Zulke grenzen maakt LEA Graph eenvoudiger, en dat kost tijd. Vereenvoudig "
                "ze zelf (bijvoorbeeld met mapshaper of QGIS) of gebruik de gegeneraliseerde "
                "wijkgrenzen van CBS.",
                source,
            )
            return
        for shape in self.shapes:
            self.check_shape(shape)

    def check_shape(self, shape: _Shape) -> None:
        """One boundary a valid surface, simplified when it has too many positions."""
        source, row, column = shape.origin
        geometry = load_geojson(shape.values[shape.column])
        problem = validity_problem(geometry)
        if problem:
            message, shown = problem
            self.error(shape.table, row, column, shown, f"{shape.label}: {message}", source)
            return
        if shape.points <= MAX_WIJK_POINTS:
            return
        fitted = simplify_boundary(geometry)
        del geometry
        if fitted is None:
            self.error(
                shape.table,
                row,
                column,
                f"{number(shape.points)} punten",
                f"{shape.label}: de grens heeft {number(shape.points)} punten en is niet "
                f"eenvoudiger te maken tot hooguit {number(MAX_WIJK_POINTS)}: hij heeft te "
                "veel losse delen of gaten (elk houdt minstens 4 punten). Voeg kleine delen "
                "samen of laat ze weg.",
                source,
            )
            return
        simple, metres = fitted
        kept = geometry_points(simple)
        shape.values[shape.column] = compact_geometry(simple)
        self.warn(
            shape.table,
            row,
            column,
            f"{number(shape.points)} → {number(kept)} punten",
            f"{shape.label}: de grens heeft {number(shape.points)} punten; LEA Graph bewaart "
            f"hem vereenvoudigd, van {number(shape.points)} naar {number(kept)} punten "
            f"(hooguit {number(metres, 1 if metres < 10 else 0)} meter verschoven). Een kaart "
            f"toont niet meer dan {number(MAX_WIJK_POINTS)} punten per wijk.",
            source,
        )

    # -- tables -----------------------------------------------------------------

    def table(self, raw: RawTable) -> None:
        t = raw.table
        spec = model.TABLES[t]
        self.current = raw.source
        positions = self.header(raw, spec)
        self.rows.setdefault(t, [])
        header_width = len(raw.header)
        rows: list[tuple[int, dict[str, str], str]] = []
        cols = {c.name: c for c in spec.columns}
        geometry = [n for n in positions.values() if n in cols and cols[n].type == "geojson"]
        for excel_row, cells in raw.rows:
            if not any(c.strip() for c in cells):
                continue
            # Tabs are allowed, so joining with one finds any control character at once.
            controls = bool(_CONTROL.search("\t".join(cells)))
            overflow = [c for c in cells[header_width:] if c.strip()]
            if overflow:
                self.error(
                    t,
                    excel_row,
                    None,
                    overflow[0],
                    f"Deze rij heeft meer cellen ({len(cells)}) dan de kopregel kolommen "
                    f"({header_width}). Staat er een scheidingsteken (; of ,) in een waarde "
                    "zonder aanhalingstekens?",
                )
            values: dict[str, str] = {}
            for pos, name in positions.items():
                raw_value = cells[pos] if pos < len(cells) else ""
                col = cols.get(name)
                problem = control_problem(raw_value) if controls else None
                if problem:
                    self.error(t, excel_row, name, problem[1], problem[0])
                    values[name] = raw_value
                elif col is None or name in geometry:
                    values[name] = raw_value.strip()
                else:
                    values[name] = self.cell(t, excel_row, col, raw_value)
            for name in cols:
                values.setdefault(name, "")
            for name in geometry:
                if values[name] and not (controls and _CONTROL.search(values[name])):
                    values[name] = self.boundary(raw, excel_row, name, values)
            rows.append((excel_row, values, raw.source))
        self.rows[t].extend(rows)

    # -- whole dataset ------------------------------------------------------------

    def ids(self) -> dict[str, tuple[str, int]]:
        """Check id uniqueness across tables; return id -> (table, row)."""
        owner: dict[str, tuple[str, int]] = {}
        folded: dict[str, tuple[str, str, int, str]] = {}
        for nk in model.NODE_KINDS:
            for excel_row, values, src in self.rows.get(nk.table, []):
                self.current = src
                i = values.get("id", "")
                if not i:
                    continue
                key = i.casefold()
                if key in folded:
                    prev_id, prev_t, prev_row, prev_src = folded[key]
                    same = (
                        "" if prev_id == i else f" (als '{prev_id}'; hoofdletters tellen niet mee)"
                    )
                    self.error(
                        nk.table,
                        excel_row,
                        "id",
                        i,
                        f"Dit id komt al voor in '{prev_src}' (tabel '{prev_t}'), "
                        f"rij {prev_row}{same}. "
                        "Ieder id moet uniek zijn in de hele dataset.",
                    )
                    continue
                folded[key] = (i, nk.table, excel_row, src)
                owner[i] = (nk.table, excel_row)
        return owner

    def references(self, owner: dict[str, tuple[str, int]]) -> None:
        all_ids = sorted(owner)
        for t, rows in self.rows.items():
            spec = model.TABLES[t]
            for col in spec.columns:
                if col.type != "ref":
                    continue
                wanted = " of ".join(model.node_kind(r).singular for r in col.ref)
                for excel_row, values, src in rows:
                    self.current = src
                    v = values.get(col.name, "")
                    if not v:
                        continue
                    found = owner.get(v)
                    if found and found[0] in col.ref:
                        continue
                    if found:
                        other = model.node_kind(found[0]).singular
                        msg = f"'{v}' is een {other} (tabel '{found[0]}'), geen {wanted}."
                    else:
                        candidates = [i for i in all_ids if owner[i][0] in col.ref]
                        hint = difflib.get_close_matches(v, candidates, n=1, cutoff=0.6)
                        msg = f"Er is geen {wanted} met id '{v}'."
                        if hint:
                            msg += f" Bedoelt u '{hint[0]}'?"
                    self.error(t, excel_row, col.name, v, msg)

    def relations(self) -> None:
        hub_members = {
            (v["partner"], v["hub"]) for _, v, _ in self.rows.get("hub_leden", []) if v.get("hub")
        }
        for rel in model.RELATIONS:
            rows = self.rows.get(rel.table, [])
            seen: dict[tuple, int] = {}
            for excel_row, values, src in rows:
                self.current = src
                a, b = values.get(rel.source, ""), values.get(rel.target, "")
                if not rel.directed and a and a == b:
                    self.error(
                        rel.table,
                        excel_row,
                        rel.target,
                        b,
                        "Een partner kan niet met zichzelf samenwerken.",
                    )
                ends = (a, b) if rel.directed else tuple(sorted((a, b)))
                rest = (v for k, v in sorted(values.items()) if k not in (rel.source, rel.target))
                key = (*ends, *rest)
                if key in seen:
                    self.warn(
                        rel.table,
                        excel_row,
                        None,
                        "",
                        f"Deze rij staat er al (rij {seen[key]}); ze telt dubbel.",
                    )
                else:
                    seen[key] = excel_row
                if rel.table == "activiteiten":
                    hub = values.get("hub", "")
                    if hub and a and (a, hub) not in hub_members:
                        self.warn(
                            rel.table,
                            excel_row,
                            "hub",
                            hub,
                            f"Partner '{a}' is geen lid van deze hub volgens 'hub_leden'.",
                        )

    def consistency(self) -> None:
        thema_cluster = {v["id"]: v.get("cluster", "") for _, v, _ in self.rows.get("themas", [])}
        for excel_row, v, src in self.rows.get("programmas", []):
            self.current = src
            thema, cluster = v.get("thema", ""), v.get("cluster", "")
            if thema and cluster and thema_cluster.get(thema) not in ("", None, cluster):
                self.warn(
                    "programmas",
                    excel_row,
                    "cluster",
                    cluster,
                    f"Thema '{thema}' hoort bij cluster '{thema_cluster[thema]}', "
                    f"niet bij '{cluster}'.",
                )
        for excel_row, v, src in self.rows.get("scholen", []):
            self.current = src
            brin, vest = v.get("brin", ""), v.get("vestigingscode", "")
            if brin and vest and not vest.startswith(brin):
                self.warn(
                    "scholen",
                    excel_row,
                    "vestigingscode",
                    vest,
                    f"De vestigingscode begint niet met de BRIN '{brin}'.",
                )


def validate_tables(raw_tables: list[RawTable], problems: list[Problem]) -> ValidationReport:
    """Validate raw tables and build a dataset if, and only if, there is no error.

    Parameters
    ----------
    raw_tables
        Tables as read by :mod:`lea_graph.ingest.readers`.
    problems
        Problems the readers already found (kept in the report).

    Returns
    -------
    ValidationReport
        With ``dataset`` set only when no error was found.
    """
    chk = _Checker()
    chk.problems.extend(problems)
    report = ValidationReport()
    by_table: dict[str, list[RawTable]] = defaultdict(list)
    for raw in raw_tables:
        if raw.table not in model.TABLES:
            chk.current = raw.source
            chk.warn(
                raw.table,
                None,
                None,
                "",
                f"'{raw.source}' is geen tabel van het gegevensformaat en wordt overgeslagen. "
                f"Bekende tabellen: {', '.join(model.TABLES)}.",
            )
            continue
        by_table[raw.table].append(raw)
        report.sources.append(SourceInfo(raw.table, raw.source, raw.encoding, raw.delimiter))
    for name, spec in model.TABLES.items():
        if name in by_table:
            for raw in by_table[name]:
                chk.table(raw)
        elif getattr(spec, "required_table", False):
            chk.current = ""
            chk.error(
                name,
                None,
                None,
                "",
                f"Verplichte tabel '{name}' ontbreekt (bestand {name}.csv of werkblad '{name}').",
            )
    chk.boundaries()
    owner = chk.ids()
    chk.references(owner)
    chk.relations()
    chk.consistency()
    report.counts = {t: len(chk.rows.get(t, [])) for t in model.TABLES}
    report.problems = _sorted(chk.problems)
    if not report.errors:
        report.dataset = Dataset.from_rows(
            {t: [v for _, v, _ in rows] for t, rows in chk.rows.items()}, chk.extra
        )
    return report


def _sorted(problems: list[Problem]) -> list[Problem]:
    order = {name: i for i, name in enumerate(model.TABLES)}
    by_kind: dict[str, list[Problem]] = defaultdict(list)
    for p in problems:
        by_kind[p.severity].append(p)

    def key(p: Problem) -> tuple:
        return (order.get(p.table, len(order)), p.table, p.source, p.row or 0)

    return sorted(by_kind["fout"], key=key) + sorted(by_kind["waarschuwing"], key=key)
