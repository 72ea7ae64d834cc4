"""Section "Kaart: gaten per wijk": the wijken shaded by their number of gaps (only
when wijk boundaries are given).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
from reportlab.graphics.shapes import FILL_EVEN_ODD, Drawing
from reportlab.graphics.shapes import Path as ShapePath
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from lea_graph.analytics.coverage import counted_cells
from lea_graph.geometry import CREDIT, label_point
from lea_graph.report_pdf.grafieken import _label
from lea_graph.report_pdf.opmaak import _BOLD, _INK, _WIDTH, S, _markup, _p
from lea_graph.text import plural

Shape = Sequence[Sequence[Sequence[tuple[float, float]]]]


def _gap_grey(n: int, most: int) -> colors.Color:
    """0 gaps almost white; ``most`` gaps darkest."""
    level = 0.97 - 0.62 * min(n, most) / max(1, most)
    return colors.Color(level, level, level)


def _kaart_section(
    report: Any, wijkvormen: Mapping[str, Shape] | None, h1: Callable[[str], Flowable]
) -> list[Flowable]:
    """The wijken shaded by their number of gaps, with the number in every wijk; empty
    when no wijk has a boundary."""
    shapes = {w: s for w, s in (wijkvormen or {}).items() if s}
    m = report.coverage
    if not shapes or m is None or not len(m) or "partners" not in m:
        return []
    names = dict(zip(m["wijk"], m["wijk_naam"], strict=True))
    most = int(m.groupby("wijk").size().max())
    gaps = report.gaps
    per_wijk = gaps.groupby("wijk").size() if gaps is not None and len(gaps) else pd.Series()
    # Wijken whose cells cannot be a gap (bedrijventerreinen): shown as "–", not as 0.
    excluded = set(m["wijk"]) - set(counted_cells(m)["wijk"])
    box = [(x, y) for s in shapes.values() for poly in s for x, y in poly[0]]
    x0, x1 = min(x for x, _ in box), max(x for x, _ in box)
    y0, y1 = min(y for _, y in box), max(y for _, y in box)
    width, tallest = _WIDTH, 150 * mm
    scale = min(width / max(x1 - x0, 1e-9), tallest / max(y1 - y0, 1e-9))
    height = (y1 - y0) * scale
    left = (width - (x1 - x0) * scale) / 2
    d = Drawing(width, height + 2)

    def pt(x: float, y: float) -> tuple[float, float]:
        return left + (x - x0) * scale, 1 + (y - y0) * scale

    for w in sorted(shapes, key=lambda w: names.get(w, w)):
        n = int(per_wijk.get(w, 0))
        grey = colors.white if w in excluded else _gap_grey(n, most)
        path = ShapePath(fillColor=grey, strokeColor=_INK, strokeWidth=0.4, fillMode=FILL_EVEN_ODD)
        for poly in shapes[w]:
            for ring in poly:
                for i, (x, y) in enumerate(ring):
                    (path.moveTo if i == 0 else path.lineTo)(*pt(x, y))
                path.closePath()
        d.add(path)
    for w in shapes:
        lx, ly = pt(*label_point(shapes[w]))
        n = int(per_wijk.get(w, 0))
        text = "–" if w in excluded else str(n)
        dark = w not in excluded and _gap_grey(n, most).red < 0.6
        xs = [x for poly in shapes[w] for x, _ in poly[0]]
        size = 7 if (max(xs) - min(xs)) * scale > 12 * mm else 5.5  # small wijken: smaller
        d.add(_label(lx, ly - size / 3, text, size, font=_BOLD, textAnchor="middle",
                     color=colors.white if dark else _INK))  # fmt: skip
    legend = [_p("Gaten per wijk:", "cell_bold")]
    legend += [str(v) for v in range(most + 1)]
    legend.append(_p("– bedrijventerrein (telt niet als gat)", "cell"))
    t = Table([legend], colWidths=[26 * mm, *[8 * mm] * (most + 1), 60 * mm], hAlign="LEFT")
    cmds: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 0), (-2, -1), "CENTER"),
        ("FONT", (1, 0), (-2, -1), _BOLD, 8),
        ("GRID", (1, 0), (-2, -1), 0.4, _INK),
        ("LEFTPADDING", (0, 0), (0, 0), 0),
        ("LEFTPADDING", (-1, 0), (-1, 0), 6),
    ]
    for v in range(most + 1):
        grey = _gap_grey(v, most)
        cmds.append(("BACKGROUND", (v + 1, 0), (v + 1, 0), grey))
        if grey.red < 0.6:
            cmds.append(("TEXTCOLOR", (v + 1, 0), (v + 1, 0), colors.white))
    t.setStyle(TableStyle(cmds))
    worst = []
    for n in range(most, 0, -1):
        at = sorted((names.get(w, w) for w, k in per_wijk.items() if int(k) == n), key=str.lower)
        if at and len(worst) < 3:
            worst.append(f"{plural(n, 'gat', 'gaten')}: {', '.join(at)}")
    missing = sorted((names[w] for w in names if w not in shapes), key=str.lower)
    story: list[Flowable] = [
        h1("Kaart: gaten per wijk"),
        _p(
            "Hoe donkerder de wijk, hoe meer hubs er een gat hebben: geen of één partner van die "
            f"hub in de wijk (hoogstens {most}, één per hub). Het getal in de wijk is dat aantal. "
            "Gekozen boven het totaal aantal partners, omdat een wijk met veel partners toch "
            "een hub kan missen: deze kaart laat zien waar het netwerk voor een kind dun is. "
            "Bedrijventerreinen (–) tellen niet mee: daar wonen geen kinderen.",
            "body",
        ),
        Spacer(1, 2 * mm),
        t,
        Spacer(1, 3 * mm),
        d,
        Spacer(1, 1.5 * mm),
        _p(CREDIT, "small"),
    ]
    if worst:
        story += [Spacer(1, 2 * mm), _p("Wijken met de meeste gaten", "h2")]
        story += [Paragraph(_markup(line), S["bullet"], bulletText="\u2022") for line in worst]
    if missing:
        story += [
            Spacer(1, 1.5 * mm),
            _p("Geen wijkgrens voor: " + ", ".join(missing) + ".", "note"),
        ]
    return story
