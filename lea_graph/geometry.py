"""Wijk boundaries as polygons: read from a wijk's ``geometrie`` (GeoJSON text, WGS84) and
projected to a plane, for the maps on the pages (:mod:`web.kaart`) and in the PDF report.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

import networkx as nx

from lea_graph import model

__all__ = ["CREDIT", "Point", "Polygon", "Ring", "plane", "polygons", "ring_area", "wijk_shapes"]

#: The credit for the wijk boundaries, shown under every map.
CREDIT = "Bron wijkgrenzen: Kadaster / CBS, 2024 (CC BY 4.0)"

Point = tuple[float, float]
Ring = list[Point]
#: A polygon: its outer ring first, then its holes.
Polygon = list[Ring]


def _ring(coords: Any) -> Ring | None:
    """A ring of (x, y) points without its closing point; None if it is no ring."""
    if not isinstance(coords, list):
        return None
    points: Ring = []
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
        points.append((float(x), float(y)))
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    return points if len(set(points)) >= 3 else None


def polygons(geometrie: str | None) -> list[Polygon]:
    """The polygons of a wijk's ``geometrie`` (GeoJSON text), as (lon, lat) rings.

    A ``Polygon`` gives one polygon, a ``MultiPolygon`` several; a Feature is read for
    its geometry. Anything else (no text, not JSON, another type, rings of fewer than
    three points) gives ``[]``: the wijk has no shape to draw.

    Examples
    --------
    >>> polygons('{"type": "Polygon", "coordinates": [[[5, 51], [6, 51], [6, 52], [5, 51]]]}')
    [[[(5.0, 51.0), (6.0, 51.0), (6.0, 52.0)]]]
    >>> polygons(None), polygons("geen json"), polygons('{"type": "Point", "coordinates": [5, 51]}')
    ([], [], [])
    """
    if not geometrie or not isinstance(geometrie, str):
        return []
    try:
        data = json.loads(geometrie)
    except ValueError:
        return []
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict):
        return []
    kind, coords = data.get("type"), data.get("coordinates")
    if kind == "Polygon":
        parts = [coords]
    elif kind == "MultiPolygon" and isinstance(coords, list):
        parts = coords
    else:
        return []
    out: list[Polygon] = []
    for part in parts if isinstance(parts, list) else []:
        if not isinstance(part, list) or not part:
            continue
        outer = _ring(part[0])
        if outer is None:
            continue
        holes = [r for r in (_ring(h) for h in part[1:]) if r is not None]
        out.append([outer, *holes])
    return out


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


def wijk_shapes(g: nx.MultiDiGraph) -> dict[str, list[Polygon]]:
    """The (lon, lat) polygons of every wijk that has a boundary, by wijk id."""
    out = {}
    for n, d in g.nodes(data=True):
        if d.get("kind") == "wijk":
            shape = polygons(d.get(model.GEOMETRY_COLUMN))
            if shape:
                out[n] = shape
    return out
