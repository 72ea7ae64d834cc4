"""One label placer for the maps: the pages' SVG map and the PDF report's map put a wijk's
name (or number) at the same point of its shape (:func:`lea_graph.geometry.label_point`)."""

from __future__ import annotations

import math
import re
from types import SimpleNamespace

import pandas as pd
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.shapes import Path as ShapePath

from lea_graph.geometry import label_point, plane
from lea_graph.report_pdf import _kaart_section
from web.kaart import GEEN_GEGEVENS, KaartWijk, Kleur, kaart_svg

#: An L in the plane: a 2 by 2 corner with two arms 1 wide and 8 long. By hand: its area
#: is 4 + 6 + 6 = 16, its centroid ((4·1 + 6·5 + 6·0.5) / 16, likewise) = (2.3125,
#: 2.3125), outside the L (x > 2 and y > 2 is outside both arms and the corner); the
#: largest circle inside it has radius 1 and its centre at (1, 1), the corner's middle.
ELL = [(0, 0), (8, 0), (8, 1), (2, 1), (2, 2), (1, 2), (1, 8), (0, 8)]
#: Where the label goes, as a share of the L's width and height from its lower left.
EXPECTED = (1 / 8, 1 / 8)

#: The L in WGS84, so that :func:`plane` gives it back (scaled) in km: a degree of
#: longitude is cos(φ₀) as long as one of latitude, φ₀ the middle latitude.
_LAT0, _STEP = 51.55, 0.002
_COS = math.cos(math.radians(_LAT0 + 4 * _STEP))
LONLAT = [[[(5.08 + x * _STEP / _COS, _LAT0 + y * _STEP) for x, y in ELL]]]


def _inside(x: float, y: float) -> bool:
    """Whether (x, y), in the L's own units, lies inside the L (by hand: corner or arms)."""
    return (0 < x < 2 and 0 < y < 2) or (0 < x < 8 and 0 < y < 1) or (0 < x < 1 and 0 < y < 8)


def test_the_ell_is_a_shape_whose_centroid_lies_outside():
    assert not _inside(2.3125, 2.3125)
    assert label_point([[ELL]]) == (1.0, 1.0)
    # The plane keeps the L's proportions: 8 by 8.
    ((ring,),) = plane({"w": LONLAT})["w"]
    xs, ys = [x for x, _ in ring], [y for _, y in ring]
    assert math.isclose(max(xs) - min(xs), max(ys) - min(ys), rel_tol=1e-9)


def _web_label() -> tuple[float, float]:
    """The label of the L on the pages' map, as a share of its width and height."""
    wijk = KaartWijk("w-l", "L", "/wijk/w-l", LONLAT, Kleur(GEEN_GEGEVENS, frozenset()))
    svg = str(kaart_svg([wijk], id="t", titel="L"))
    (d,) = re.findall(r'class="kaart-vorm" d="([^"]+)"', svg)
    points = [tuple(map(float, p.split(","))) for p in re.findall(r"-?[\d.]+,-?[\d.]+", d)]
    x0, x1 = min(x for x, _ in points), max(x for x, _ in points)
    y0, y1 = min(y for _, y in points), max(y for _, y in points)
    size, x, y = re.search(
        r'class="kaart-label[^"]*" text-anchor="middle" font-size="([\d.]+)".*?'
        r'<tspan x="([\d.]+)" y="([\d.]+)">L</tspan>',
        svg,
    ).groups()
    middle = float(y) - 0.35 * float(size)  # kaart._label writes the baseline
    return (float(x) - x0) / (x1 - x0), (y1 - middle) / (y1 - y0)  # SVG's y runs down


def _pdf_label() -> tuple[float, float]:
    """The number in the L on the PDF report's map, as a share of its width and height."""
    report = SimpleNamespace(
        coverage=pd.DataFrame(
            {"wijk": ["w-l"], "wijk_naam": ["L"], "hub": ["h-1"], "partners": [3]}
        ),
        gaps=pd.DataFrame(),
    )
    story = _kaart_section(report, plane({"w-l": LONLAT}), lambda text: text)
    (drawing,) = [f for f in story if isinstance(f, Drawing)]
    (path,) = [c for c in drawing.contents if isinstance(c, ShapePath)]
    xs, ys = path.points[0::2], path.points[1::2]
    (label,) = [c for c in drawing.contents if isinstance(c, String)]
    middle = label.y + label.fontSize / 3  # report_pdf._kaart_section writes the baseline
    return (
        (label.x - min(xs)) / (max(xs) - min(xs)),
        (middle - min(ys)) / (max(ys) - min(ys)),
    )


def test_web_map_and_pdf_map_put_the_label_at_one_point_inside_the_shape():
    web, pdf = _web_label(), _pdf_label()
    # SVG coordinates have one decimal: within 0.1 of 940 units wide.
    assert math.isclose(web[0], EXPECTED[0], abs_tol=2e-4), web
    assert math.isclose(web[1], EXPECTED[1], abs_tol=2e-4), web
    assert math.isclose(pdf[0], EXPECTED[0], abs_tol=1e-6), pdf
    assert math.isclose(pdf[1], EXPECTED[1], abs_tol=1e-6), pdf
    assert _inside(8 * web[0], 8 * web[1]) and _inside(8 * pdf[0], 8 * pdf[1])
