"""Wijk boundaries as polygons: read from a wijk's ``geometrie`` (GeoJSON text, WGS84) and
projected to a plane, for the maps on the pages (:mod:`web.kaart`) and in the PDF report.

A shape is read with no more detail than a map can show (:func:`polygons`): every map
draws it with at most :data:`SHOWN_POINTS` points, however many its boundary has, so
that label placement and drawing take time in proportion to what is drawn.

This is the one module that reads a boundary's GeoJSON: leniently for showing it
(:func:`read_geojson`, :func:`polygons`, :func:`surface`) and strictly for checking an
upload (:func:`load_geojson`, :func:`geojson_polygons`, :func:`boundary_shape`, used by
:mod:`lea_graph.ingest.validate` and :mod:`lea_graph.ingest.geo`, which word the problems
in Dutch).
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import networkx as nx

from lea_graph import model

__all__ = [
    "CREDIT",
    "SHOWN_DETAIL",
    "SHOWN_POINTS",
    "Point",
    "Polygon",
    "Ring",
    "boundary_shape",
    "format_point",
    "geojson_polygons",
    "label_point",
    "load_geojson",
    "parse_point",
    "plane",
    "polygons",
    "read_geojson",
    "ring_area",
    "simplified",
    "surface",
    "wijk_shapes",
]

#: The credit for the wijk boundaries, shown under every map.
CREDIT = "Bron wijkgrenzen: Kadaster / CBS, 2024 (CC BY 4.0)"

Point = tuple[float, float]
Ring = list[Point]
#: A polygon: its outer ring first, then its holes.
Polygon = list[Ring]

#: No map draws a wijk wider than 960 units, so a point within 1/2,000 of the wijk's
#: width or height (the larger) of the point before it adds nothing a map shows.
SHOWN_DETAIL = 2_000
#: The most points of one wijk a map draws; a wijk with more after the step above is
#: thinned evenly (only a boundary of absurd detail, or a broken one, gets that far).
SHOWN_POINTS = 5_000


def _ring(coords: Any) -> list | None:
    """The positions of a ring without its closing one (as given, not copied one by
    one); None if it is no ring of numbers."""
    if not isinstance(coords, list):
        return None
    for c in coords:
        if not (isinstance(c, list | tuple) and len(c) >= 2):
            return None
        x, y = c[0], c[1]
        if isinstance(x, bool) or isinstance(y, bool):
            return None
        if not isinstance(x, int | float) or not isinstance(y, int | float):
            return None
        if not (math.isfinite(x) and math.isfinite(y)):
            return None
    if len(coords) > 1 and coords[0] == coords[-1]:
        return coords[:-1]
    return coords


def _apart(ring: Sequence[Sequence[float]], cell: float) -> Iterator[Point]:
    """The points of ``ring`` each at least ``cell`` from the one before it (in x or y)."""
    last_x = last_y = math.inf
    for p in ring:
        x, y = p[0], p[1]
        if abs(x - last_x) >= cell or abs(y - last_y) >= cell:
            last_x, last_y = x, y
            # New float objects: the parsed boundary, which can be huge, is then freed
            # as a whole instead of being kept alive by the few points a map keeps.
            yield x * 1.0, y * 1.0


def simplified(shape: Sequence[Sequence[Sequence[Sequence[float]]]]) -> list[Polygon]:
    """A wijk's polygons with no more detail than a map shows, in time linear in its points.

    A point closer than 1/:data:`SHOWN_DETAIL` of the wijk's width or height (the
    larger) to the point kept before it on its ring is dropped. If more than
    :data:`SHOWN_POINTS` points are still left, every ring keeps every k-th point, with k
    such that at most that many remain. A ring left with fewer than three points is
    dropped, and a polygon goes with its outer ring.

    Parameters
    ----------
    shape
        Polygons (outer ring first, then holes) of (x, y) points, or of GeoJSON positions.

    Examples
    --------
    >>> square = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]
    >>> simplified([[square]]) == [[square]]
    True
    >>> fine = [(math.cos(i / 1000), math.sin(i / 1000)) for i in range(6284)]
    >>> 500 < sum(len(r) for p in simplified([[fine]]) for r in p) <= SHOWN_POINTS
    True
    """
    rings = [ring for polygon in shape for ring in polygon if ring]
    if not rings:
        return []
    x0 = min(min(p[0] for p in ring) for ring in rings)
    x1 = max(max(p[0] for p in ring) for ring in rings)
    y0 = min(min(p[1] for p in ring) for ring in rings)
    y1 = max(max(p[1] for p in ring) for ring in rings)
    cell = max(x1 - x0, y1 - y0) / SHOWN_DETAIL
    total = sum(sum(1 for _ in _apart(ring, cell)) for ring in rings)
    # A ring kept has at least 3 points, so more than 2 * step before the step: the rings
    # kept hold at most total / step + (rings kept) <= 1.5 * total / step points.
    step = 1 if total <= SHOWN_POINTS else math.ceil(1.5 * total / SHOWN_POINTS)
    out: list[Polygon] = []
    for polygon in shape:
        kept = [list(itertools.islice(_apart(ring, cell), 0, None, step)) for ring in polygon]
        kept = [ring if len(set(ring)) >= 3 else None for ring in kept]
        if kept and kept[0] is not None:
            out.append([kept[0], *(r for r in kept[1:] if r is not None)])
    return out


def read_geojson(geometrie: str | None) -> dict | None:
    """The GeoJSON geometry object of a wijk's ``geometrie`` text, or None.

    A Feature is read for its geometry. No text, text that is no JSON, and JSON that is
    no object give None. What it holds is checked by who uses it (:func:`polygons`,
    :func:`surface`); an upload is read strictly instead (:func:`load_geojson`).

    Examples
    --------
    >>> read_geojson('{"type": "Feature", "geometry": {"type": "Point", "coordinates": [5, 51]}}')
    {'type': 'Point', 'coordinates': [5, 51]}
    >>> read_geojson(None), read_geojson("geen json"), read_geojson("[1, 2]")
    (None, None, None)
    """
    if not geometrie or not isinstance(geometrie, str):
        return None
    try:
        data = json.loads(geometrie)
    except ValueError:
        return None
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    return data if isinstance(data, dict) else None


def _no_constant(name: str) -> Any:
    raise ValueError(name)  # NaN and Infinity are not JSON


def load_geojson(text: str) -> Any:
    """The JSON value of a boundary text, read strictly: for checking an upload
    (:func:`lea_graph.ingest.validate.parse_geometry`), where :func:`read_geojson` is
    lenient for showing one.

    Raises
    ------
    json.JSONDecodeError
        For text that is no JSON (its ``pos`` says where).
    ValueError
        For ``NaN``, ``Infinity`` or ``-Infinity``: no JSON, though Python reads them.
    RecursionError
        For arrays or objects nested too deep.

    Examples
    --------
    >>> load_geojson('{"type": "Polygon", "coordinates": []}')
    {'type': 'Polygon', 'coordinates': []}
    >>> load_geojson('[NaN]')
    Traceback (most recent call last):
    ...
    ValueError: NaN
    """
    return json.loads(text, parse_constant=_no_constant)


def geojson_polygons(geometry: dict) -> list:
    """The polygons of a checked GeoJSON Polygon or MultiPolygon object (a Polygon is
    one), as given: rings of GeoJSON positions.

    Examples
    --------
    >>> geojson_polygons({"type": "Polygon", "coordinates": [[[5, 51], [6, 51], [5, 52]]]})
    [[[[5, 51], [6, 51], [5, 52]]]]
    """
    coordinates = geometry["coordinates"]
    return coordinates if geometry["type"] == "MultiPolygon" else [coordinates]


def boundary_shape(geometry: dict) -> Any:
    """A checked boundary (see :func:`lea_graph.ingest.validate.geometry_problem`) as a
    shapely geometry, in 2D: the GeoJSON object itself, where :func:`surface` reads text.
    """
    import shapely

    parts = [
        shapely.Polygon([p[:2] for p in polygon[0]], [[p[:2] for p in r] for r in polygon[1:]])
        for polygon in geojson_polygons(geometry)
    ]
    return parts[0] if geometry["type"] == "Polygon" else shapely.MultiPolygon(parts)


def polygons(geometrie: str | None) -> list[Polygon]:
    """The polygons of a wijk's ``geometrie`` (GeoJSON text), as (lon, lat) rings.

    A ``Polygon`` gives one polygon, a ``MultiPolygon`` several; a Feature is read for
    its geometry (:func:`read_geojson`). Anything else (no text, not JSON, another type,
    rings of fewer than three points) gives ``[]``: the wijk has no shape to draw. The
    polygons have no more detail than a map shows (:func:`simplified`), whatever the
    boundary holds.

    Examples
    --------
    >>> polygons('{"type": "Polygon", "coordinates": [[[5, 51], [6, 51], [6, 52], [5, 51]]]}')
    [[[(5.0, 51.0), (6.0, 51.0), (6.0, 52.0)]]]
    >>> polygons(None), polygons("geen json"), polygons('{"type": "Point", "coordinates": [5, 51]}')
    ([], [], [])
    """
    data = read_geojson(geometrie)
    if data is None:
        return []
    kind, coords = data.get("type"), data.get("coordinates")
    if kind == "Polygon":
        parts = [coords]
    elif kind == "MultiPolygon" and isinstance(coords, list):
        parts = coords
    else:
        return []
    out: list[list] = []  # of GeoJSON positions, as parsed
    for part in parts if isinstance(parts, list) else []:
        if not isinstance(part, list) or not part:
            continue
        outer = _ring(part[0])
        if outer is None:
            continue
        holes = [r for r in (_ring(h) for h in part[1:]) if r is not None]
        out.append([outer, *holes])
    return simplified(out)


def surface(geometrie: Any) -> Any:
    """A wijk's ``geometrie`` (GeoJSON text) as a 2D shapely surface, at full detail, for
    computing with it (which wijk holds a point: :mod:`lea_graph.ingest.plaatsing`).

    Unlike :func:`polygons` it is strict: the text must be a GeoJSON Polygon or
    MultiPolygon (read by GEOS, ``shapely.from_geojson``); heights are dropped. A
    shapely geometry is checked the same way.

    Returns
    -------
    shapely.Polygon or shapely.MultiPolygon or None
        None for an empty surface.

    Raises
    ------
    ValueError
        For text that is no GeoJSON geometry ("no GeoJSON geometry: ...") or another
        type than a surface ("a Point, not a surface").

    Examples
    --------
    >>> surface('{"type":"Polygon","coordinates":[[[5,51,3],[6,51,3],[6,52,3],[5,51,3]]]}').wkt
    'POLYGON ((5 51, 6 51, 6 52, 5 51))'
    >>> surface('{"type":"Point","coordinates":[5,51]}')
    Traceback (most recent call last):
    ...
    ValueError: a Point, not a surface
    """
    import shapely

    if isinstance(geometrie, shapely.Geometry):
        shape = geometrie
    else:
        try:
            shape = shapely.from_geojson(geometrie)
        except (shapely.errors.GEOSException, ValueError) as exc:
            raise ValueError(f"no GeoJSON geometry: {exc}") from exc
    if shape.geom_type not in ("Polygon", "MultiPolygon"):
        raise ValueError(f"a {shape.geom_type}, not a surface")
    if shape.is_empty:
        return None
    return shapely.force_2d(shape) if shape.has_z else shape


#: The earth's radius in km (the plane is in km).
_EARTH_KM = 6371.0


def plane(shapes: Mapping[str, list[Polygon]]) -> dict[str, list[Polygon]]:
    """Project (lon, lat) polygons to a plane in km, x east and y north.

    Equirectangular: x = R·lon·cos(φ₀), y = R·lat, with φ₀ the middle latitude of all
    shapes together, so that every shape of one map shares one projection. Enough for a
    city; not for a country.

    Examples
    --------
    >>> p = plane({"w": [[[(0.0, 60.0), (1.0, 60.0), (1.0, 61.0)]]]})
    >>> [(round(x), round(y)) for x, y in p["w"][0][0]]
    [(0, 6672), (55, 6672), (55, 6783)]
    """
    lats = [y for polys in shapes.values() for poly in polys for ring in poly for _, y in ring]
    if not lats:
        return {w: [] for w in shapes}
    scale = math.cos(math.radians((min(lats) + max(lats)) / 2))
    k = math.pi / 180 * _EARTH_KM
    return {
        w: [[[(k * x * scale, k * y) for x, y in ring] for ring in poly] for poly in polys]
        for w, polys in shapes.items()
    }


def ring_area(ring: Ring) -> float:
    """Signed area of a ring (shoelace; positive when counter-clockwise).

    Examples
    --------
    >>> ring_area([(0.0, 0.0), (2.0, 0.0), (2.0, 1.0), (0.0, 1.0)])
    2.0
    """
    return 0.5 * sum(
        x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True)
    )


def label_point(shape: Sequence[Polygon]) -> Point:
    """Where a shape's name goes: the point of its largest polygon farthest from its edges.

    The centre of the largest circle inside the largest polygon (holes left out), in the
    shape's own coordinates: inside the shape even where its centroid is not (an L, a
    crescent). Every map (the pages' and the PDF report's) puts a wijk's label here, in
    the same plane (:func:`plane`), and projects it as it projects the shape. A polygon
    whose boundary crosses itself is first repaired (``shapely.make_valid``); a shape
    with no area gives the middle of its points.

    Parameters
    ----------
    shape
        Polygons (outer ring first, then holes) of (x, y) points, such as :func:`polygons`
        or :func:`plane` gives.

    Examples
    --------
    An L of two arms 1 wide on a 2 by 2 corner: its centroid (2.3125, 2.3125) lies outside
    it, the label goes in the middle of the corner.

    >>> ell = [(0, 0), (8, 0), (8, 1), (2, 1), (2, 2), (1, 2), (1, 8), (0, 8)]
    >>> label_point([[ell]])
    (1.0, 1.0)
    >>> x, y = label_point([[[(9, 9), (10, 9), (10, 10)]], [[(0, 0), (4, 0), (4, 4), (0, 4)]]])
    >>> round(x, 9), round(y, 9)
    (2.0, 2.0)
    """
    import shapely

    largest = max(shape, key=lambda p: abs(ring_area(p[0])))
    outer = largest[0]
    middle = (sum(x for x, _ in outer) / len(outer), sum(y for _, y in outer) / len(outer))
    try:
        area = shapely.Polygon(outer, [r for r in largest[1:] if len(r) >= 3])
        if not area.is_valid:
            parts = shapely.get_parts(shapely.make_valid(area))
            parts = [g for g in parts if g.geom_type == "Polygon" and g.area > 0]
            if not parts:
                return middle
            area = max(parts, key=lambda g: g.area)
        if area.is_empty or area.area <= 0:
            return middle
        x, y = shapely.get_coordinates(shapely.maximum_inscribed_circle(area))[0]
    except (shapely.errors.GEOSException, ValueError):
        return middle
    return float(x), float(y)


def wijk_shapes(g: nx.MultiDiGraph) -> dict[str, list[Polygon]]:
    """The (lon, lat) polygons of every wijk that has a boundary, by wijk id."""
    out = {}
    for n, d in g.nodes(data=True):
        if d.get("kind") == "wijk":
            shape = polygons(d.get(model.GEOMETRY_COLUMN))
            if shape:
                out[n] = shape
    return out


# -- the point of a location ---------------------------------------------------------------------

_POINT = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*[,;\s]\s*(-?\d+(?:[.,]\d+)?)\s*$")


def parse_point(text: str) -> Point:
    """A location's ``punt``, "breedtegraad, lengtegraad" in WGS84, as (lon, lat).

    The order is the one maps on the internet show (latitude first); a point that only
    makes sense the other way round in the Netherlands is refused with a hint.

    Raises
    ------
    ValueError
        With a Dutch message.

    Examples
    --------
    >>> parse_point("51.5606, 5.0845")
    (5.0845, 51.5606)
    >>> parse_point("5.0845, 51.5606")
    Traceback (most recent call last):
    ...
    ValueError: Breedtegraad en lengtegraad lijken verwisseld: schrijf eerst de breedtegraad (in Nederland rond 51-53), dan de lengtegraad (rond 3-7), zoals '51.5606, 5.0845'.
    """
    m = _POINT.match(str(text))
    if not m:
        raise ValueError(
            "Een punt is 'breedtegraad, lengtegraad' met een punt als decimaalteken, "
            "bijvoorbeeld '51.5606, 5.0845'."
        )
    lat, lon = (float(v.replace(",", ".")) for v in m.groups())
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(
            "Een breedtegraad ligt tussen -90 en 90 en een lengtegraad tussen -180 en 180."
        )
    if 50 <= lon <= 54 and 3 <= lat <= 8:
        raise ValueError(
            "Breedtegraad en lengtegraad lijken verwisseld: schrijf eerst de breedtegraad "
            "(in Nederland rond 51-53), dan de lengtegraad (rond 3-7), zoals '51.5606, 5.0845'."
        )
    return lon, lat


def format_point(point: Point) -> str:
    """The ``punt`` text of (lon, lat), with 6 decimals (about 10 cm).

    Examples
    --------
    >>> format_point((5.0845, 51.5606))
    '51.560600, 5.084500'
    """
    lon, lat = point
    return f"{lat:.6f}, {lon:.6f}"
