"""A school's wijk from its point: which wijk boundary holds it, and how sure that is.

A location (a school) lies in the wijk whose boundary holds its point (WGS84, lon/lat).
CBS's generalised boundaries follow the real ones to about 100 m, so a point near a
boundary cannot be trusted to one side of it. :func:`place` therefore gives every
location one :class:`Placement` with a status, and says aloud what it could not be sure
of; nothing is guessed silently:

``zeker``
    The point lies in exactly one wijk and more than the margin (``margin_m``, 100 m)
    from every other wijk. ("Within the margin" is at most ``margin_m`` metres.)
``onzeker``
    The point lies in one wijk but within the margin of another; or exactly on the
    boundary of two (or in two that overlap); or outside every wijk but within the
    margin of one or more. The location still gets a wijk, by one rule: **the nearest
    candidate**, a wijk that holds the point counting as 0 m away (so a point inside a
    wijk gets that wijk), and between candidates equally near (a point on a shared
    boundary) the first by wijk id. It is listed for the coordinator with every
    candidate and its distance.
``buiten``
    The point lies outside every wijk and farther than the margin from all of them: it
    is not in this gemeente's area (or the point is wrong). No wijk; the nearest wijk
    and its distance are given for the coordinator.
``geen punt``
    The location has no point (a school registered after the point file was made, or a
    point that is no place on earth). No wijk: the coordinator fills it in.
``gegeven``
    The data names the location's wijk: that wijk wins, whatever the point says. The
    placement still says what the point alone gives (``point_status``, ``point_wijk``)
    and whether it agrees: it does when the given wijk holds the point or lies within
    the margin of it (the boundaries are generalised), and does not when the point lies
    farther from the given wijk; then it is listed for the coordinator.

Distances are in metres on the WGS84 ellipsoid, computed in a plane tangent to the
earth at each point (see :func:`_local_scales`), so the same rule holds for one
gemeente and for the whole country. Candidates are found with a shapely ``STRtree``;
``bench/plaatsing.py`` times it: all 8,717 school points of the country (DUO and BAG,
November 2024) against Tilburg's 59 wijken, and against a made-up grid of 3,300 wijken
over the Netherlands.

:func:`summary` turns placements into counts per status and a Dutch table for the
``lea-graph gemeente`` command and the upload preview.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from lea_graph.geometry import parse_point, surface
from lea_graph.ingest.report import Problem
from lea_graph.text import LIST_SEP, dutch_list, number

__all__ = [
    "BUITEN",
    "GEEN_PUNT",
    "GEGEVEN",
    "MARGIN_M",
    "ONZEKER",
    "STATUSES",
    "TABLE_COLUMNS",
    "ZEKER",
    "Boundary",
    "Candidate",
    "Placement",
    "Summary",
    "distance_text",
    "place",
    "place_schools",
    "summary",
    "wijk_boundaries",
]

ZEKER = "zeker"
ONZEKER = "onzeker"
BUITEN = "buiten"
GEEN_PUNT = "geen punt"
GEGEVEN = "gegeven"
#: Every status, in the order a summary counts them.
STATUSES = (ZEKER, ONZEKER, BUITEN, GEEN_PUNT, GEGEVEN)

#: How far (m) a point may lie from a wijk and still possibly be in it: CBS's generalised
#: boundaries keep three decimals of a degree, about 100 m (shared/geo/README.md).
MARGIN_M = 100.0

#: A wijk boundary: GeoJSON text of a Polygon or MultiPolygon in WGS84 (the ``geometrie``
#: column of the wijken), or the shapely geometry itself.
Boundary = str | BaseGeometry

#: The columns of :attr:`Summary.rows`, in order.
TABLE_COLUMNS = ("locatie", "naam", "status", "wijk", "kandidaten", "controleren", "uitleg")

# The WGS84 ellipsoid: semi-major axis (m) and first eccentricity squared.
_WGS84_A = 6_378_137.0
_WGS84_E2 = 0.006_694_379_990_14
#: The candidate boxes are this much wider than the margin, so that rounding can never
#: leave out a wijk within the margin (the exact distance decides afterwards).
_BOX_SLACK = 1.001


@dataclass(frozen=True)
class Candidate:
    """A wijk that may hold a point: it holds it, or lies within the margin of it.

    Attributes
    ----------
    wijk
        The wijk's id.
    name
        Its name (the id when no name was given).
    distance_m
        Metres from the point to the wijk; 0 when the wijk holds the point.
    holds
        Whether the point lies in the wijk or on its boundary.
    on_boundary
        Whether the point lies exactly on the wijk's boundary.
    """

    wijk: str
    name: str
    distance_m: float
    holds: bool
    on_boundary: bool = False

    @property
    def label(self) -> str:
        """The candidate in a table cell, e.g. ``Broekhoven (40 m)``, ``Groenewoud (erin)``.

        Examples
        --------
        >>> Candidate("w-2", "Broekhoven", 40.4, False).label
        'Broekhoven (40 m)'
        >>> Candidate("w-1", "Groenewoud", 0.0, True, on_boundary=True).label
        'Groenewoud (op de grens)'
        """
        if self.on_boundary:
            where = "op de grens"
        elif self.holds:
            where = "erin"
        else:
            where = distance_text(self.distance_m)
        return f"{self.name} ({where})"


@dataclass(frozen=True)
class Placement:
    """Where one location lies, how sure that is, and why (in Dutch).

    Attributes
    ----------
    location
        The location's id.
    wijk
        The wijk it gets (the given one for ``gegeven``), or None.
    wijk_name
        That wijk's name, or None.
    status
        One of :data:`STATUSES`.
    candidates
        The wijken that hold the point or lie within the margin of it, nearest first
        (then by id). Empty without a point, or when the point is ``buiten``.
    explanation
        One or two Dutch sentences for the coordinator.
    point
        The point (lon, lat) as given, or None.
    point_status
        What the point alone gives (``zeker``, ``onzeker``, ``buiten`` or ``geen punt``):
        the status itself, except for ``gegeven``.
    point_wijk
        The wijk the point alone gives, or None.
    agrees
        For ``gegeven``: whether the point agrees with the given wijk (None when there
        is no point, or the given wijk has no boundary); None for the other statuses.
    nearest
        For ``buiten``: the nearest wijk and its distance; else None.
    """

    location: str
    wijk: str | None
    wijk_name: str | None
    status: str
    candidates: tuple[Candidate, ...]
    explanation: str
    point: tuple[float, float] | None
    point_status: str
    point_wijk: str | None
    agrees: bool | None = None
    nearest: Candidate | None = None

    @property
    def to_check(self) -> bool:
        """Whether the coordinator should look at this location: every status but
        ``zeker``, and ``gegeven`` only when the point disagrees with the given wijk."""
        if self.status == GEGEVEN:
            return self.agrees is False
        return self.status != ZEKER


def distance_text(metres: float) -> str:
    """A distance the Dutch way: whole metres below 1 km, else km with one decimal.

    Examples
    --------
    >>> distance_text(0.4), distance_text(99.6), distance_text(2345.0)
    ('0 m', '100 m', '2,3 km')
    """
    if metres < 999.5:
        return f"{round(metres)} m"
    return f"{number(metres / 1000, 1)} km"


# -- geometry -------------------------------------------------------------------------------


def _shape(wijk: str, boundary: Boundary | None) -> BaseGeometry | None:
    """A boundary as a 2D shapely geometry; None for no boundary."""
    if boundary is None or (isinstance(boundary, str) and not boundary.strip()):
        return None
    if not isinstance(boundary, str | BaseGeometry):
        raise TypeError(f"Boundary of wijk {wijk!r} is a {type(boundary).__name__}")
    try:
        return surface(boundary)
    except ValueError as exc:
        raise ValueError(f"Boundary of wijk {wijk!r} is {exc}") from exc


def _local_scales(lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Metres per degree of longitude and of latitude at each latitude (WGS84).

    Distances are measured in a plane tangent to the ellipsoid at the point itself:
    x = (lon - lon₀)·kx, y = (lat - lat₀)·ky, with kx = N·cos φ₀ and ky = M per radian
    (N and M the ellipsoid's radii of curvature across and along the meridian at the
    point's latitude φ₀). Within the margin this is the geodesic distance to well under
    a centimetre: the scale of x drifts by tan φ·Δφ over the distance, 2·10⁻⁵ over
    100 m at 51.5° (2 mm); checked against pyproj's geodesic in the tests. Over
    kilometres (the nearest wijk of a point ``buiten``) it is off by about 0.2 % per
    10 km, which is why such distances are shown rounded.

    Why not one projection for all points? An equirectangular projection around the
    wijken's mean latitude is as good over one gemeente (0.2 % across 10 km, 0.2 m on
    100 m), but over the country (50.75° to 53.5° N) its scale is off by up to 3.5 %;
    RD New (via the published polynomial approximation) would serve the Netherlands
    only. A plane per point costs one vectorised transform of the wijken near it.
    """
    phi = np.radians(lat)
    w = np.sqrt(1.0 - _WGS84_E2 * np.sin(phi) ** 2)
    n = _WGS84_A / w
    m = _WGS84_A * (1.0 - _WGS84_E2) / w**3
    per_degree = math.pi / 180.0
    return n * np.cos(phi) * per_degree, m * per_degree


def _distances(
    shapes: np.ndarray, lon: np.ndarray, lat: np.ndarray, kx: np.ndarray, ky: np.ndarray
) -> np.ndarray:
    """Metres from each point (lon[i], lat[i]) to shapes[i], in the point's tangent plane."""
    if len(shapes) == 0:
        return np.zeros(0)
    counts = shapely.get_num_coordinates(shapes)
    x0, y0 = np.repeat(lon, counts), np.repeat(lat, counts)
    sx, sy = np.repeat(kx, counts), np.repeat(ky, counts)

    def local(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(((xy[:, 0] - x0) * sx, (xy[:, 1] - y0) * sy))

    # shapely.transform hands the coordinates of all shapes over at once, in order.
    return shapely.distance(shapely.transform(shapes, local), shapely.Point(0.0, 0.0))


@dataclass
class _Found:
    """What the geometry says about one point: candidates, nearest, distance to given."""

    candidates: list[Candidate]
    nearest: Candidate | None = None
    given_m: float | None = None


def _find(
    lon: np.ndarray,
    lat: np.ndarray,
    ids: list[str],
    names: Mapping[str, str],
    shapes: np.ndarray,
    given_index: np.ndarray,
    margin_m: float,
) -> list[_Found]:
    """The candidates of every point, its nearest wijk if it has none, and its distance
    to its given wijk (``given_index`` -1 for none)."""
    found = [_Found([]) for _ in range(len(lon))]
    if len(lon) == 0 or len(ids) == 0:
        return found
    kx, ky = _local_scales(lat)
    points = shapely.points(lon, lat)

    # The tree holds the wijken in a plane of lon·cos(φc) and lat (φc the middle latitude
    # of the wijken), where a degree east and a degree north are of like length, so that
    # its nearest wijk is nearly the nearest in metres; each point asks for the wijken
    # that meet a box around it that holds every place within the margin.
    bounds = shapely.total_bounds(shapes)
    c = math.cos(math.radians((bounds[1] + bounds[3]) / 2))
    tree = shapely.STRtree(shapely.transform(shapes, lambda xy: xy * (c, 1.0)))
    half_lon = margin_m / kx * _BOX_SLACK
    half_lat = margin_m / ky * _BOX_SLACK
    boxes = shapely.box((lon - half_lon) * c, lat - half_lat, (lon + half_lon) * c, lat + half_lat)
    p, w = tree.query(boxes, predicate="intersects")

    shapely.prepare(shapes)  # caches an index in each shape; changes nothing visible
    holds = shapely.intersects(shapes[w], points[p])
    # Only the part of a wijk inside a point's box matters for distances within the
    # margin (the box's own edges lie beyond it), which keeps detailed boundaries cheap.
    near = shapely.box(lon - half_lon, lat - half_lat, lon + half_lon, lat + half_lat)
    try:
        clipped = shapely.intersection(shapes[w], near[p])
    except shapely.errors.GEOSException:  # a boundary that is no valid surface: unclipped
        clipped = shapes[w]
    metres = _distances(clipped, lon[p], lat[p], kx[p], ky[p])
    metres[holds] = 0.0
    on_edge = np.zeros(len(p), dtype=bool)
    on_edge[holds] = shapely.touches(shapes[w[holds]], points[p[holds]])
    for i, j, d, h, e in zip(p, w, metres, holds, on_edge, strict=True):
        if h or d <= margin_m:
            wijk = ids[j]
            found[i].candidates.append(Candidate(wijk, names[wijk], float(d), bool(h), bool(e)))
    for f in found:
        f.candidates.sort(key=lambda k: (k.distance_m, k.wijk))

    # The nearest wijk of a point without candidates (nearest in the tree's plane; the
    # distance then exact).
    alone = np.array([i for i, f in enumerate(found) if not f.candidates], dtype=np.intp)
    if len(alone):
        plane_points = shapely.points(lon[alone] * c, lat[alone])
        q, w = tree.query_nearest(plane_points, all_matches=False)
        i = alone[q]
        metres = _distances(shapes[w], lon[i], lat[i], kx[i], ky[i])
        for k, j, d in zip(i, w, metres, strict=True):
            found[k].nearest = Candidate(ids[j], names[ids[j]], float(d), False)

    # The distance to the given wijk, for saying how far the point is from it.
    asked = np.flatnonzero(given_index >= 0)
    metres = _distances(shapes[given_index[asked]], lon[asked], lat[asked], kx[asked], ky[asked])
    inside = shapely.intersects(shapes[given_index[asked]], points[asked])
    for k, d, h in zip(asked, metres, inside, strict=True):
        found[k].given_m = 0.0 if h else float(d)
    return found


# -- explanations ----------------------------------------------------------------------------


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _near_list(candidates: Sequence[Candidate]) -> str:
    return dutch_list(f"{k.name} ({distance_text(k.distance_m)})" for k in candidates)


def _explain_point(
    status: str,
    candidates: Sequence[Candidate],
    nearest: Candidate | None,
    margin: str,
    no_point: str,
) -> str:
    """The Dutch explanation of what a point alone gives."""
    if status == GEEN_PUNT:
        return no_point
    if status == BUITEN:
        where = (
            f" (het dichtst bij {nearest.name}, {distance_text(nearest.distance_m)})"
            if nearest
            else ""
        )
        return _sentence(
            f"ligt buiten alle wijken, meer dan {margin} van elke wijk{where}: hoort niet "
            "bij deze gemeente, of het punt klopt niet"
        )
    holders = [k for k in candidates if k.holds]
    others = [k for k in candidates if not k.holds]
    chosen = candidates[0].name
    if status == ZEKER:
        return _sentence(f"ligt in {chosen}, meer dan {margin} van elke andere wijk")
    if len(holders) >= 2:
        names = dutch_list(k.name for k in holders)
        how = (
            f"ligt precies op de grens van {names}"
            if any(k.on_boundary for k in holders)
            else f"ligt zowel in {names} (de grenzen overlappen)"
        )
        near = f", en binnen {margin} van {_near_list(others)}" if others else ""
        return _sentence(f"{how}{near}: controleer de wijk (voorlopig {chosen})")
    if holders:
        return _sentence(
            f"ligt in {chosen}, maar binnen {margin} van {_near_list(others)}: controleer de wijk"
        )
    if len(others) == 1:
        return _sentence(
            f"ligt buiten alle wijken, maar binnen {margin} van {_near_list(others)}: "
            f"voorlopig {chosen}, controleer de wijk"
        )
    return _sentence(
        f"ligt buiten alle wijken, maar binnen {margin} van {_near_list(others)}: "
        f"voorlopig {chosen} (de dichtstbijzijnde), controleer de wijk"
    )


def _explain_given(
    name: str,
    has_boundary: bool,
    point_status: str,
    candidates: Sequence[Candidate],
    given_wijk: str,
    given_m: float | None,
) -> tuple[str, bool | None]:
    """The Dutch explanation of a given wijk, and whether the point agrees with it."""
    start = f"Wijk uit de gegevens: {name}"
    if point_status == GEEN_PUNT:
        return f"{start}; er is geen punt om die mee te vergelijken.", None
    if not has_boundary:
        return f"{start}; die wijk heeft geen grens, dus het punt is niet vergeleken.", None
    holders = [k for k in candidates if k.holds]
    mine = [k for k in candidates if k.wijk == given_wijk]
    if mine and mine[0].holds:
        others = [k.name for k in holders if k.wijk != given_wijk]
        also = f" (op de grens met {dutch_list(others)})" if others else ""
        return f"{start}; het punt ligt daar ook{also}.", True
    where = (
        f"ligt in {dutch_list(k.name for k in holders)}" if holders else "ligt buiten alle wijken"
    )
    away = distance_text(given_m if given_m is not None else math.inf)
    if mine:
        return (
            f"{start}; het punt {where}, {away} van {name}: dat past bij de vereenvoudigde "
            "grenzen.",
            True,
        )
    return f"{start}; maar het punt {where}, {away} van {name}: controleer de wijk.", False


# -- the API ---------------------------------------------------------------------------------


def _valid(point: Any) -> tuple[float, float] | None:
    """(lon, lat) as floats if ``point`` is a place on earth, else None."""
    if point is None:
        return None
    try:
        lon, lat = (float(v) for v in point)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(lon) and math.isfinite(lat)):
        return None
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        return None
    return lon, lat


def _point_text(point: Any) -> str:
    """A point that is no place, as given, for a message."""
    try:
        return ", ".join(str(v) for v in point)
    except TypeError:
        return str(point)


def place(
    points: Mapping[str, Sequence[float] | None],
    wijken: Mapping[str, Boundary | None],
    *,
    names: Mapping[str, str] | None = None,
    given: Mapping[str, str | None] | None = None,
    margin_m: float = MARGIN_M,
    points_date: str | None = None,
) -> list[Placement]:
    """Place every location in the wijk whose boundary holds its point.

    Parameters
    ----------
    points
        Location id → its point (lon, lat) in WGS84, or None when it has none.
    wijken
        Wijk id → its boundary (:data:`Boundary`); a wijk whose boundary is None or
        empty is never computed, but may still be given.
    names
        Wijk id → name, for the explanations (default: the id).
    given
        Location id → the wijk given in the data (empty or None: none). A given wijk
        wins; a location given here but missing from ``points`` has no point.
    margin_m
        How far in metres a point may lie from a wijk and still possibly be in it.
    points_date
        When the point file was made (e.g. ``"november 2024"``), said to a location
        without a point.

    Returns
    -------
    list of Placement
        One per location, in the order of ``points`` and then of ``given``.

    Raises
    ------
    ValueError
        If a boundary is no GeoJSON Polygon or MultiPolygon, or the margin is negative.

    Examples
    --------
    >>> square = '{"type":"Polygon","coordinates":[[[5,51],[5.01,51],[5.01,51.01],[5,51.01],[5,51]]]}'
    >>> wijken = {"w-1": square}
    >>> [(p.location, p.status, p.wijk) for p in place({"s-1": (5.005, 51.005), "s-2": None}, wijken)]
    [('s-1', 'zeker', 'w-1'), ('s-2', 'geen punt', None)]
    """
    if not (math.isfinite(margin_m) and margin_m >= 0):
        raise ValueError(f"margin_m must be a number of metres >= 0, not {margin_m!r}")
    names = names or {}
    given = {k: v for k, v in (given or {}).items() if v}
    locations = [*points, *(k for k in given if k not in points)]

    shaped = {w: _shape(w, b) for w, b in wijken.items()}
    ids = sorted(w for w, s in shaped.items() if s is not None)
    index = {w: i for i, w in enumerate(ids)}
    shapes = np.array([shaped[w] for w in ids], dtype=object)
    label = {w: names.get(w) or w for w in {*wijken, *given.values()}}

    valid = {k: _valid(points.get(k)) for k in locations}
    with_point = [k for k in locations if valid[k] is not None]
    lon = np.array([valid[k][0] for k in with_point], dtype=float)
    lat = np.array([valid[k][1] for k in with_point], dtype=float)
    given_index = np.array([index.get(given.get(k, ""), -1) for k in with_point], dtype=np.intp)
    found = dict(
        zip(with_point, _find(lon, lat, ids, label, shapes, given_index, margin_m), strict=True)
    )

    margin = distance_text(margin_m)
    date = f" van {points_date}" if points_date else ""
    out = []
    for k in locations:
        point = points.get(k)
        f = found.get(k)
        if f is None:
            no_point = _sentence(
                f"het punt ({_point_text(point)}) is geen plek op aarde (lengtegraad, "
                "breedtegraad): vul de wijk zelf in"
                if point is not None
                else f"staat niet in het puntenbestand{date} (misschien nieuwer): vul de wijk "
                "zelf in"
            )
            status, candidates, nearest, wijk = GEEN_PUNT, (), None, None
        else:
            no_point = ""
            candidates, nearest = tuple(f.candidates), f.nearest
            if not candidates:
                status, wijk = BUITEN, None
            elif len(candidates) == 1 and candidates[0].holds:
                status, wijk = ZEKER, candidates[0].wijk
            else:
                status, wijk = ONZEKER, candidates[0].wijk
        explanation = _explain_point(status, candidates, nearest, margin, no_point)
        placement = Placement(
            location=k,
            wijk=wijk,
            wijk_name=label[wijk] if wijk else None,
            status=status,
            candidates=candidates,
            explanation=explanation,
            point=None if point is None else tuple(point),
            point_status=status,
            point_wijk=wijk,
            nearest=nearest if status == BUITEN else None,
        )
        if k in given:
            chosen = given[k]
            text, agrees = _explain_given(
                label[chosen],
                chosen in index,
                status,
                candidates,
                chosen,
                f.given_m if f else None,
            )
            placement = Placement(
                location=k,
                wijk=chosen,
                wijk_name=label[chosen],
                status=GEGEVEN,
                candidates=candidates,
                explanation=text,
                point=placement.point,
                point_status=status,
                point_wijk=wijk,
                agrees=agrees,
                nearest=placement.nearest,
            )
        out.append(placement)
    return out


def wijk_boundaries(rows: Iterable[Mapping[str, Any]]) -> tuple[dict[str, str], dict[str, str]]:
    """The boundaries and names of wijk rows (``id``, ``naam``, ``geometrie``), for
    :func:`place`; rows without a ``geometrie`` give no boundary.

    Examples
    --------
    >>> wijk_boundaries([{"id": "w-1", "naam": "Heikant", "geometrie": "{...}"},
    ...                  {"id": "w-2", "naam": "", "geometrie": ""}])
    ({'w-1': '{...}'}, {'w-1': 'Heikant', 'w-2': 'w-2'})
    """
    boundaries, names = {}, {}
    for row in rows:
        wijk = str(row.get("id") or "")
        if not wijk:
            continue
        names[wijk] = str(row.get("naam") or "") or wijk
        text = row.get("geometrie")
        if isinstance(text, str) and text.strip():
            boundaries[wijk] = text
    return boundaries, names


# -- summary ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """Placements counted and tabled for a report.

    Attributes
    ----------
    counts
        Locations per status, every status of :data:`STATUSES` in that order.
    to_check
        Locations the coordinator should look at (:attr:`Placement.to_check`).
    rows
        The table: one dict per placement with the Dutch columns :data:`TABLE_COLUMNS`.
    """

    counts: dict[str, int]
    to_check: int
    rows: list[dict[str, str]]

    @property
    def headline(self) -> str:
        """One Dutch line: the total, the counts and how many to check.

        Examples
        --------
        >>> Summary({ZEKER: 3, ONZEKER: 1, BUITEN: 0, GEEN_PUNT: 1, GEGEVEN: 0}, 2, []).headline
        '5 locaties: 3 zeker, 1 onzeker, 0 buiten, 1 geen punt, 0 gegeven; 2 te controleren.'
        """
        total = sum(self.counts.values())
        parts = ", ".join(f"{number(n)} {s}" for s, n in self.counts.items())
        what = "locatie" if total == 1 else "locaties"
        return f"{number(total)} {what}: {parts}; {number(self.to_check)} te controleren."


def summary(
    placements: Sequence[Placement],
    location_names: Mapping[str, str] | None = None,
    *,
    to_check_only: bool = False,
) -> Summary:
    """Counts per status and a Dutch table of the placements.

    Parameters
    ----------
    placements
        As :func:`place` returns them.
    location_names
        Location id → its name (a school's name), for the ``naam`` column.
    to_check_only
        Table only the placements the coordinator should look at (the counts are of all).

    Examples
    --------
    >>> wijken = {"w-1": '{"type":"Polygon","coordinates":[[[5,51],[5.01,51],[5.01,51.01],[5,51]]]}'}
    >>> s = summary(place({"s-1": None}, wijken), {"s-1": "De Vlieger"})
    >>> s.headline
    '1 locatie: 0 zeker, 0 onzeker, 0 buiten, 1 geen punt, 0 gegeven; 1 te controleren.'
    >>> s.rows[0]["naam"], s.rows[0]["status"], s.rows[0]["controleren"]
    ('De Vlieger', 'geen punt', 'ja')
    """
    location_names = location_names or {}
    counts = dict.fromkeys(STATUSES, 0)
    rows = []
    for p in placements:
        counts[p.status] += 1
        if to_check_only and not p.to_check:
            continue
        wijk = p.wijk or ""
        if p.wijk and p.wijk_name and p.wijk_name != p.wijk:
            wijk = f"{p.wijk_name} ({p.wijk})"
        rows.append(
            {
                "locatie": p.location,
                "naam": location_names.get(p.location, ""),
                "status": p.status,
                "wijk": wijk,
                "kandidaten": LIST_SEP.join(k.label for k in p.candidates),
                "controleren": "ja" if p.to_check else "",
                "uitleg": p.explanation,
            }
        )
    return Summary(counts, sum(p.to_check for p in placements), rows)


# -- the schools of a dataset ------------------------------------------------------------------


def place_schools(dataset: Any) -> tuple[Any, list[Problem]]:
    """Give the schools of a dataset without a ``wijk`` the wijk of their ``punt``, and
    list every school a coordinator should look at, as warnings of the table ``scholen``.

    A ``wijk`` given in the data always wins (a point that disagrees is listed); a
    school whose point lies within the margin of another wijk gets the wijk that holds
    it, and is listed with the candidates; a school with neither wijk nor point, or
    whose point lies outside every wijk, keeps no wijk and is listed. Nothing is guessed
    silently. Returns the dataset (a new one when a wijk was filled in) and the warnings.
    """

    schools = list(dataset.rows("scholen"))
    if not schools:
        return dataset, []
    boundaries, names = wijk_boundaries(list(dataset.rows("wijken")))
    points: dict[str, tuple[float, float] | None] = {}
    given: dict[str, str] = {}
    for r in schools:
        if r.get("punt"):
            points[r["id"]] = parse_point(r["punt"])  # validated already
        elif not r.get("wijk"):
            points[r["id"]] = None
        if r.get("wijk"):
            given[r["id"]] = r["wijk"]
    if not boundaries:
        return dataset, [
            _problem(i, r, "Deze locatie heeft geen wijk, en er zijn geen wijkgrenzen om "
                     "de wijk uit een punt te halen: vul de wijk in.")
            for i, r in enumerate(schools, start=2)
            if not r.get("wijk")
        ]  # fmt: skip
    placements = {p.location: p for p in place(points, boundaries, names=names, given=given)}
    problems: list[Problem] = []
    filled = False
    for i, r in enumerate(schools, start=2):
        placement = placements.get(r["id"])
        if placement is None:
            continue
        if not r.get("wijk") and placement.wijk and placement.status in (ZEKER, ONZEKER):
            r["wijk"] = placement.wijk
            filled = True
        if placement.to_check:
            problems.append(_problem(i, r, placement.explanation, placement))
    if not filled:
        return dataset, problems
    from lea_graph.dataset import Dataset

    rows = {t: list(dataset.rows(t)) for t in dataset.tables}
    rows["scholen"] = schools
    return Dataset.from_rows(rows, {t: dataset.extra_columns(t) for t in dataset.tables}), problems


def _problem(
    row: int, school: Mapping[str, Any], message: str, placement: Placement | None = None
) -> Problem:
    candidates = ", ".join(c.label for c in placement.candidates) if placement else ""
    return Problem(
        "scholen",
        row,
        "wijk",
        school.get("punt") or school.get("wijk") or "",
        f"{school.get('naam') or school.get('id')}: {message}"
        + (
            f" Mogelijke wijken: {candidates}."
            if candidates and len(placement.candidates) > 1
            else ""
        ),
        "waarschuwing",
    )
