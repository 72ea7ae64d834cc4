"""A school's wijk from its point (lea_graph.ingest.plaatsing).

Hand-made wijken near Tilburg's latitude, every expected distance worked out here from
the WGS84 ellipsoid (a degree east is A·cos φ/√(1 - e²sin²φ) metres times π/180, a degree
north A(1 - e²)/(1 - e²sin²φ)^1.5 times π/180), with the metres written beside each; and
one check against pyproj's geodesic when pyproj is there. Then Tilburg's real schools
against CBS's real wijken, counted again with shapely (and pyproj) directly.

    w1 Groenewoud  5.00-5.02 x 51.55-51.56       w3 Reeshof (MultiPolygon):
    w2 Broekhoven  5.02-5.04 x 51.55-51.56          5.00-5.04 x 51.57-51.59 with a hole
    (w1 and w2 share the edge lon = 5.02)           5.015-5.025 x 51.575-51.585, and a
                                                    second part 5.06-5.07 x 51.55-51.56
                                                 w4 Heikant 5.015-5.025 x 51.575-51.585
                                                    (fills the hole)
"""

from __future__ import annotations

import json
import math
import zipfile
from pathlib import Path

import numpy as np
import pytest
import shapely

from lea_graph.ingest.plaatsing import (
    BUITEN,
    GEEN_PUNT,
    GEGEVEN,
    ONZEKER,
    STATUSES,
    TABLE_COLUMNS,
    ZEKER,
    place,
    summary,
    wijk_boundaries,
)

# -- by hand ------------------------------------------------------------------------------

_A = 6_378_137.0  # WGS84 semi-major axis (m)
_E2 = 0.006_694_379_990_14  # WGS84 first eccentricity squared


def east_m(dlon: float, lat: float) -> float:
    """Metres of ``dlon`` degrees east at latitude ``lat``."""
    phi = math.radians(lat)
    return math.radians(dlon) * _A * math.cos(phi) / math.sqrt(1 - _E2 * math.sin(phi) ** 2)


def north_m(dlat: float, lat: float) -> float:
    """Metres of ``dlat`` degrees north at latitude ``lat``."""
    phi = math.radians(lat)
    return math.radians(dlat) * _A * (1 - _E2) / (1 - _E2 * math.sin(phi) ** 2) ** 1.5


def box(x0: float, y0: float, x1: float, y1: float) -> list[list[float]]:
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


def text(kind: str, coordinates: list) -> str:
    return json.dumps({"type": kind, "coordinates": coordinates}, separators=(",", ":"))


WIJKEN = {
    "w1": text("Polygon", [box(5.00, 51.55, 5.02, 51.56)]),
    "w2": text("Polygon", [box(5.02, 51.55, 5.04, 51.56)]),
    "w3": text(
        "MultiPolygon",
        [
            [box(5.00, 51.57, 5.04, 51.59), box(5.015, 51.575, 5.025, 51.585)],
            [box(5.06, 51.55, 5.07, 51.56)],
        ],
    ),
    "w4": text("Polygon", [box(5.015, 51.575, 5.025, 51.585)]),
}
NAMES = {"w1": "Groenewoud", "w2": "Broekhoven", "w3": "Reeshof", "w4": "Heikant"}

POINTS = {
    "binnen": (5.01, 51.555),  # in w1, 693 m from w2
    "grens": (5.02, 51.555),  # on the edge w1 | w2
    "dichtbij": (5.019, 51.555),  # in w1, 0.001° (69.36 m) west of w2
    "net-buiten": (5.01, 51.5495),  # 0.0005° (55.63 m) south of w1
    "tussen-twee": (5.0205, 51.5495),  # 55.63 m south of w2, 65.56 m from w1's corner
    "ver": (5.01, 51.564),  # between w1 and w3: 0.004° (445.04 m) north of w1
    "heel-ver": (6.0, 52.5),  # nowhere near
    "gat": (5.02, 51.58),  # in w4 = w3's hole; 0.005° east (346.59 m) from w3
    "rand-gat": (5.0145, 51.58),  # in w3, 0.0005° (34.66 m) west of w4
    "op-gat": (5.015, 51.58),  # on the hole's ring: w3 | w4
    "tweede-deel": (5.065, 51.555),  # in w3's second part
    "geen": None,
}


@pytest.fixture(scope="module")
def placed() -> dict:
    out = place(POINTS, WIJKEN, names=NAMES, points_date="november 2024")
    assert [p.location for p in out] == list(POINTS)
    return {p.location: p for p in out}


def distances(p) -> dict[str, float]:
    return {k.wijk: k.distance_m for k in p.candidates}


# -- statuses -----------------------------------------------------------------------------


def test_inside_one_wijk_far_from_the_others_is_certain(placed):
    p = placed["binnen"]
    assert (p.status, p.wijk, p.wijk_name) == (ZEKER, "w1", "Groenewoud")
    assert distances(p) == {"w1": 0.0}
    assert p.candidates[0].holds and not p.candidates[0].on_boundary
    assert not p.to_check
    assert p.explanation == "Ligt in Groenewoud, meer dan 100 m van elke andere wijk."


def test_a_point_on_a_shared_boundary_is_uncertain(placed):
    p = placed["grens"]
    assert p.status == ONZEKER and p.to_check
    assert distances(p) == {"w1": 0.0, "w2": 0.0}
    assert all(k.holds and k.on_boundary for k in p.candidates)
    assert p.wijk == "w1"  # equally near: the first by id
    assert "op de grens van Groenewoud en Broekhoven" in p.explanation
    assert "voorlopig Groenewoud" in p.explanation


def test_inside_one_wijk_but_within_the_margin_of_another_is_uncertain(placed):
    p = placed["dichtbij"]
    assert (p.status, p.wijk) == (ONZEKER, "w1")  # the wijk that holds it
    d = distances(p)
    assert d["w1"] == 0.0
    assert d["w2"] == pytest.approx(east_m(0.001, 51.555), abs=0.01)  # 69.36 m
    assert d["w2"] == pytest.approx(69.36, abs=0.01)
    assert p.explanation == (
        "Ligt in Groenewoud, maar binnen 100 m van Broekhoven (69 m): controleer de wijk."
    )


def test_outside_all_within_the_margin_of_one(placed):
    p = placed["net-buiten"]
    assert (p.status, p.wijk) == (ONZEKER, "w1")
    assert not p.candidates[0].holds
    assert distances(p)["w1"] == pytest.approx(north_m(0.0005, 51.5495), abs=0.01)  # 55.63
    assert list(distances(p)) == ["w1"]
    assert "buiten alle wijken, maar binnen 100 m van Groenewoud (56 m)" in p.explanation


def test_outside_all_within_the_margin_of_two_takes_the_nearest(placed):
    p = placed["tussen-twee"]
    assert (p.status, p.wijk) == (ONZEKER, "w2")  # nearest, though w1 comes first by id
    d = distances(p)
    assert list(d) == ["w2", "w1"]  # nearest first
    assert d["w2"] == pytest.approx(north_m(0.0005, 51.5495), abs=0.01)  # 55.63 m
    corner = math.hypot(east_m(0.0005, 51.5495), north_m(0.0005, 51.5495))  # 65.56 m
    assert d["w1"] == pytest.approx(corner, abs=0.01)
    assert "Broekhoven (56 m) en Groenewoud (66 m)" in p.explanation
    assert "voorlopig Broekhoven (de dichtstbijzijnde)" in p.explanation


def test_outside_all_and_far_is_buiten(placed):
    p = placed["ver"]
    assert (p.status, p.wijk, p.candidates) == (BUITEN, None, ())
    assert p.to_check
    assert p.nearest.wijk == "w1"
    assert p.nearest.distance_m == pytest.approx(north_m(0.004, 51.564), abs=0.01)  # 445.04
    assert "meer dan 100 m van elke wijk (het dichtst bij Groenewoud, 445 m)" in p.explanation
    far = placed["heel-ver"]
    assert far.status == BUITEN and far.nearest.distance_m > 50_000


def test_no_point(placed):
    p = placed["geen"]
    assert (p.status, p.wijk, p.candidates, p.point) == (GEEN_PUNT, None, (), None)
    assert p.to_check
    assert p.explanation == (
        "Staat niet in het puntenbestand van november 2024 (misschien nieuwer): "
        "vul de wijk zelf in."
    )


def test_a_point_that_is_no_place_has_no_point():
    out = place({"a": (math.nan, 51.5), "b": (5.0, 95.0)}, WIJKEN)
    assert [p.status for p in out] == [GEEN_PUNT, GEEN_PUNT]
    assert "geen plek op aarde" in out[1].explanation


# -- a MultiPolygon with a hole -----------------------------------------------------------


def test_a_point_in_a_hole_belongs_to_the_wijk_that_fills_it(placed):
    p = placed["gat"]
    assert (p.status, p.wijk) == (ZEKER, "w4")
    # Not a candidate: w3 lies 0.005° east (346.59 m) away, beyond the margin.
    assert east_m(0.005, 51.58) == pytest.approx(346.59, abs=0.01)
    assert distances(p) == {"w4": 0.0}


def test_next_to_a_hole_and_on_its_ring(placed):
    p = placed["rand-gat"]
    assert (p.status, p.wijk) == (ONZEKER, "w3")
    assert distances(p)["w4"] == pytest.approx(east_m(0.0005, 51.58), abs=0.01)  # 34.66 m
    on = placed["op-gat"]
    assert on.status == ONZEKER and all(k.on_boundary for k in on.candidates)
    assert {k.wijk for k in on.candidates} == {"w3", "w4"}
    assert (placed["tweede-deel"].status, placed["tweede-deel"].wijk) == (ZEKER, "w3")


# -- a given wijk -------------------------------------------------------------------------


def test_a_given_wijk_wins_and_says_whether_the_point_agrees():
    points = {
        "eens": (5.01, 51.555),  # in w1
        "marge": (5.019, 51.555),  # in w1, 69 m from w2
        "oneens": (5.035, 51.555),  # in w2, 0.015° (1040.35 m) east of w1
        "zonder-punt": None,
    }
    given = {"eens": "w1", "marge": "w2", "oneens": "w1", "zonder-punt": "w2", "alleen": "w4"}
    out = {p.location: p for p in place(points, WIJKEN, names=NAMES, given=given)}
    assert list(out) == ["eens", "marge", "oneens", "zonder-punt", "alleen"]
    assert all(p.status == GEGEVEN for p in out.values())
    assert {k: p.wijk for k, p in out.items()} == given

    eens = out["eens"]
    assert (eens.agrees, eens.to_check, eens.point_status, eens.point_wijk) == (
        True,
        False,
        ZEKER,
        "w1",
    )
    assert eens.explanation == "Wijk uit de gegevens: Groenewoud; het punt ligt daar ook."

    marge = out["marge"]  # the point lies in w1, but within the margin of w2: it may be w2
    assert (marge.agrees, marge.to_check, marge.point_wijk) == (True, False, "w1")
    assert "69 m van Broekhoven: dat past bij de vereenvoudigde grenzen" in marge.explanation

    oneens = out["oneens"]
    assert (oneens.agrees, oneens.to_check, oneens.point_status, oneens.point_wijk) == (
        False,
        True,
        ZEKER,
        "w2",
    )
    assert east_m(0.015, 51.555) == pytest.approx(1040.35, abs=0.01)
    assert oneens.explanation == (
        "Wijk uit de gegevens: Groenewoud; maar het punt ligt in Broekhoven, 1,0 km van "
        "Groenewoud: controleer de wijk."
    )

    for k in ("zonder-punt", "alleen"):
        assert (out[k].agrees, out[k].point_status, out[k].to_check) == (None, GEEN_PUNT, False)
        assert "geen punt om die mee te vergelijken" in out[k].explanation


def test_a_given_wijk_without_a_boundary():
    out = place({"s": (5.01, 51.555)}, WIJKEN, given={"s": "w9"})[0]
    assert (out.status, out.wijk, out.agrees, out.point_wijk) == (GEGEVEN, "w9", None, "w1")
    assert "die wijk heeft geen grens" in out.explanation


# -- the API around it --------------------------------------------------------------------


def test_the_margin_and_the_order_of_the_wijken():
    strict = place({"s": POINTS["dichtbij"]}, WIJKEN, margin_m=50)[0]
    assert (strict.status, strict.wijk) == (ZEKER, "w1")  # 69 m is beyond 50 m
    backwards = dict(reversed(WIJKEN.items()))
    assert place(POINTS, backwards, names=NAMES) == place(POINTS, WIJKEN, names=NAMES)


def test_shapely_geometries_and_bad_boundaries():
    shapes = {w: shapely.from_geojson(t) for w, t in WIJKEN.items()}
    assert place(POINTS, shapes, names=NAMES) == place(POINTS, WIJKEN, names=NAMES)
    assert place({"s": (5.01, 51.555)}, {"w1": None, "w2": ""})[0].status == BUITEN
    with pytest.raises(ValueError, match="Point"):
        place({"s": (5.0, 51.0)}, {"w1": '{"type":"Point","coordinates":[5,51]}'})
    with pytest.raises(ValueError, match="no GeoJSON"):
        place({"s": (5.0, 51.0)}, {"w1": "{kapot"})
    with pytest.raises(ValueError, match="margin"):
        place({}, WIJKEN, margin_m=-1)


def test_distances_agree_with_the_geodesic():
    pyproj = pytest.importorskip("pyproj")
    geod = pyproj.Geod(ellps="WGS84")
    d = distances(place({"s": POINTS["dichtbij"]}, WIJKEN)[0])["w2"]
    assert d == pytest.approx(geod.inv(5.019, 51.555, 5.02, 51.555)[2], abs=0.001)
    d = distances(place({"s": POINTS["tussen-twee"]}, WIJKEN)[0])["w1"]
    assert d == pytest.approx(geod.inv(5.0205, 51.5495, 5.02, 51.55)[2], abs=0.001)


def test_summary_counts_and_table(placed):
    s = summary(list(placed.values()), {"binnen": "De Vlieger"})
    assert s.counts == {ZEKER: 3, ONZEKER: 6, BUITEN: 2, GEEN_PUNT: 1, GEGEVEN: 0}
    assert list(s.counts) == list(STATUSES)
    assert s.to_check == 9
    assert s.headline == (
        "12 locaties: 3 zeker, 6 onzeker, 2 buiten, 1 geen punt, 0 gegeven; 9 te controleren."
    )
    assert len(s.rows) == 12 and all(tuple(r) == TABLE_COLUMNS for r in s.rows)
    rows = {r["locatie"]: r for r in s.rows}
    assert rows["binnen"] == {
        "locatie": "binnen",
        "naam": "De Vlieger",
        "status": "zeker",
        "wijk": "Groenewoud (w1)",
        "kandidaten": "Groenewoud (erin)",
        "controleren": "",
        "uitleg": "Ligt in Groenewoud, meer dan 100 m van elke andere wijk.",
    }
    assert rows["dichtbij"]["kandidaten"] == "Groenewoud (erin); Broekhoven (69 m)"
    assert rows["grens"]["kandidaten"] == "Groenewoud (op de grens); Broekhoven (op de grens)"
    assert rows["geen"]["wijk"] == "" and rows["geen"]["controleren"] == "ja"
    only = summary(list(placed.values()), to_check_only=True)
    assert only.counts == s.counts
    assert [r["locatie"] for r in only.rows] == [k for k, p in placed.items() if p.status != ZEKER]


def test_wijk_boundaries_of_rows():
    rows = [
        {"id": "w1", "naam": "Groenewoud", "geometrie": WIJKEN["w1"]},
        {"id": "w2", "naam": "", "geometrie": ""},
    ]
    boundaries, names = wijk_boundaries(rows)
    assert boundaries == {"w1": WIJKEN["w1"]}
    assert names == {"w1": "Groenewoud", "w2": "w2"}


# -- the real files -----------------------------------------------------------------------

SHARED = Path(__file__).parents[2] / "shared"
REAL_WIJKEN = SHARED / "geo" / "tilburg-wijken-2024.geojson"
REAL_POINTS = SHARED / "real" / "duo" / "scholen-20241122.geo.zip"


@pytest.fixture(scope="module")
def real():
    """Tilburg's wijken (text and shapely), every school point of the country, and the
    keys of Tilburg's schools."""
    if not (REAL_WIJKEN.exists() and REAL_POINTS.exists()):
        pytest.skip(f"the real files are not here ({REAL_WIJKEN.name}, {REAL_POINTS.name})")
    features = json.loads(REAL_WIJKEN.read_text(encoding="utf-8"))["features"]
    wijken = {f["properties"]["statcode"]: json.dumps(f["geometry"]) for f in features}
    names = {f["properties"]["statcode"]: f["properties"]["statnaam"] for f in features}
    with zipfile.ZipFile(REAL_POINTS) as z:
        schools = json.loads(z.read("scholen.geo.json"))["features"]
    points = {
        f"{i}:{f['properties']['vestigingscode']}": tuple(f["geometry"]["coordinates"][:2])
        for i, f in enumerate(schools)
    }
    tilburg = [
        f"{i}:{f['properties']['vestigingscode']}"
        for i, f in enumerate(schools)
        if f["properties"]["gemeente"] == "TILBURG"
    ]
    return wijken, names, points, tilburg


def test_real_tilburg_schools_lie_where_shapely_says(real):
    wijken, names, points, tilburg = real
    shapes = {w: shapely.from_geojson(t) for w, t in wijken.items()}
    holders = {
        k: [w for w, s in shapes.items() if s.covers(shapely.Point(points[k]))] for k in tilburg
    }
    in_one = {k: h[0] for k, h in holders.items() if len(h) == 1}
    assert (len(wijken), len(tilburg), len(in_one)) == (59, 80, 80)

    placed = {p.location: p for p in place({k: points[k] for k in tilburg}, wijken, names=names)}
    assert {k: p.wijk for k, p in placed.items() if k in in_one} == in_one
    counts = summary(list(placed.values())).counts
    assert counts[ZEKER] + counts[ONZEKER] == 80
    assert counts[BUITEN] == counts[GEEN_PUNT] == 0


def test_real_uncertain_schools_counted_in_rd_new(real):
    """The same in RD New (pyproj, metres): which schools lie within 100 m of a wijk that
    does not hold them, and which points of the whole country lie within 100 m of any."""
    pyproj = pytest.importorskip("pyproj")
    wijken, names, points, tilburg = real
    to_rd = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)

    def rd(lonlat):
        return np.column_stack(to_rd.transform(lonlat[:, 0], lonlat[:, 1]))

    shapes = [shapely.transform(shapely.from_geojson(t), rd) for t in wijken.values()]
    keys = list(points)
    xy = shapely.points(rd(np.array([points[k] for k in keys])))
    within = np.array([shapely.distance(s, xy) <= 100 for s in shapes])  # wijk x point
    near = dict(zip(keys, within.sum(axis=0), strict=True))
    assert {k for k, n in near.items() if n} == set(tilburg)  # no other school within 100 m

    placed = place(points, wijken, names=names)
    by_status = {s: {p.location for p in placed if p.status == s} for s in STATUSES}
    assert by_status[ONZEKER] == {k for k, n in near.items() if n > 1}
    # (every one of them lies in a wijk: see the test above)
    assert by_status[ZEKER] == {k for k, n in near.items() if n == 1}
    assert by_status[BUITEN] == {k for k, n in near.items() if n == 0}
    assert (len(by_status[ZEKER]), len(by_status[ONZEKER])) == (61, 19)
