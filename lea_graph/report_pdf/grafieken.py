"""The report's drawings in greys: a target's band (:func:`_target_bar`) and a line
chart per schooljaar (:func:`_line_chart`, a :class:`lea_graph.grafiek.Grafiek` drawn).
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from lea_graph.bereik import range_text
from lea_graph.grafiek import BAND_TEXT, Grafiek
from lea_graph.report_pdf.opmaak import _BOLD, _DARK, _FONT, _INK, _ITALIC, _RULE, _safe

_BAND = colors.Color(0.72, 0.72, 0.72)


_LIGHT_BAND = colors.Color(0.87, 0.87, 0.87)


_GRID = colors.Color(0.8, 0.8, 0.8)


def _label(x: float, y: float, text: str, size: float = 7, **kw: Any) -> String:
    return String(x, y, _safe(text), fontName=kw.pop("font", _FONT), fontSize=size,
                  fillColor=kw.pop("color", _INK), **kw)  # fmt: skip


def _target_bar(low: float | None, high: float | None, doel: float, width: float) -> Drawing:
    """A 0–100% track with the band between the bounds (grey, outlined) and the target
    as a thick black mark; "niet te berekenen" when there are no bounds."""
    height = 16 * mm
    x0, x1 = 1.5 * mm, width - 1.5 * mm
    y, h = 6.5 * mm, 4.2 * mm

    def x(v: float) -> float:
        return x0 + (x1 - x0) * max(0.0, min(1.0, v))

    d = Drawing(width, height)
    d.add(Rect(x0, y, x1 - x0, h, fillColor=colors.white, strokeColor=_RULE, strokeWidth=0.6))
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        d.add(Line(x(tick), y - 1.2 * mm, x(tick), y, strokeColor=_RULE, strokeWidth=0.6))
        anchor = "start" if tick == 0 else "end" if tick == 1 else "middle"
        d.add(_label(x(tick), y - 4.2 * mm, f"{round(100 * tick)}%", 7, textAnchor=anchor,
                     color=_DARK))  # fmt: skip
    if low is None or high is None:
        d.add(_label((x0 + x1) / 2, y + 1.2 * mm, "niet te berekenen", 7.5, font=_ITALIC,
                     textAnchor="middle", color=_DARK))  # fmt: skip
    else:
        left, right = x(low), max(x(high), x(low) + 1.2)
        d.add(Rect(left, y, right - left, h, fillColor=_BAND, strokeColor=_INK, strokeWidth=0.9))
        text = f"bereik {range_text(low, high, short=True)}"
        size = 7.5
        tw = stringWidth(text, _BOLD, size)
        if right - left > tw + 6:
            d.add(_label((left + right) / 2, y + 1.3 * mm, text, size, font=_BOLD,
                         textAnchor="middle"))  # fmt: skip
        elif right + tw + 4 < x1 - 2:
            d.add(_label(right + 3, y + 1.3 * mm, text, size, font=_BOLD))
        else:
            d.add(_label(left - 3, y + 1.3 * mm, text, size, font=_BOLD, textAnchor="end"))
    if doel:
        xt = x(doel)
        d.add(Line(xt, y - 1.6 * mm, xt, y + h + 1.6 * mm, strokeColor=_INK, strokeWidth=2.4))
        text = f"doel {round(100 * doel)}%"
        anchor = "end" if xt > x1 - 20 * mm else "middle" if xt > x0 + 20 * mm else "start"
        d.add(_label(xt, y + h + 2.6 * mm, text, 7.5, font=_BOLD, textAnchor=anchor))
    return d


def _marker(kind: str, x: float, y: float) -> Any:
    r = 1.5
    if kind == "circle":
        return Circle(x, y, r + 0.3, fillColor=_INK, strokeColor=_INK, strokeWidth=0.6)
    if kind == "square":
        return Rect(x - r, y - r, 2 * r, 2 * r, fillColor=colors.white, strokeColor=_INK,
                    strokeWidth=0.9)  # fmt: skip
    return Polygon([x, y + r + 0.6, x + r + 0.6, y, x, y - r - 0.6, x - r - 0.6, y],
                   fillColor=_DARK, strokeColor=_INK, strokeWidth=0.6)  # fmt: skip


def _boxed(d: Drawing, x: float, y: float, text: str, size: float, anchor: str = "start") -> None:
    """A bold label on a white patch, so it stays readable over lines."""
    text = _safe(text)
    w = stringWidth(text, _BOLD, size)
    left = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
    d.add(Rect(left - 1, y - 1.6, w + 2, size + 1.4, fillColor=colors.white, strokeColor=None,
               strokeWidth=0))  # fmt: skip
    d.add(_label(x, y, text, size, font=_BOLD, textAnchor=anchor))


def _line_chart(g: Grafiek, width: float, *, height: float = 58 * mm) -> Drawing:
    """Draw a chart (:func:`lea_graph.grafiek.lijngrafieken`): what it shows and where
    its texts go are in ``g``; here only points, sizes and lines. A legend goes under
    the chart; lines differ in dash and marker, not in colour."""
    legend_h = 7 * mm
    left, right, bottom, top = 12 * mm, 8 * mm, 9 * mm + legend_h, 7 * mm
    d = Drawing(width, height)
    pw, ph = width - left - right, height - bottom - top
    n = len(g.jaren)

    def px(i: int) -> float:
        return left + (pw / 2 if n == 1 else 8 * mm + i * (pw - 16 * mm) / (n - 1))

    def py(v: float) -> float:
        return bottom + ph * g.schaal(v)

    for tick, text in g.ticks:
        d.add(Line(left, py(tick), left + pw, py(tick), strokeColor=_GRID, strokeWidth=0.5,
                   strokeDashArray=None if tick == g.laag else [1, 2]))  # fmt: skip
        d.add(_label(left - 2, py(tick) - 2.4, text, 7, textAnchor="end", color=_DARK))
    d.add(Line(left, bottom, left, bottom + ph, strokeColor=_RULE, strokeWidth=0.6))
    for i, year in enumerate(g.jaren):
        d.add(Line(px(i), bottom - 1.2 * mm, px(i), bottom, strokeColor=_RULE, strokeWidth=0.6))
        d.add(_label(px(i), bottom - 4.5 * mm, year, 7.5, textAnchor="middle"))
    if g.band is not None:
        lows, highs = g.reeksen[g.band[0]].waarden, g.reeksen[g.band[1]].waarden
        idx = [i for i in range(n) if lows[i] is not None and highs[i] is not None]
        if len(idx) > 1:
            points: list[float] = []
            for i in idx:
                points += [px(i), py(lows[i])]
            for i in reversed(idx):
                points += [px(i), py(highs[i])]
            d.add(Polygon(points, fillColor=_LIGHT_BAND, strokeColor=None, strokeWidth=0))
        for i in idx if len(idx) == 1 else ():
            d.add(Rect(px(i) - 2 * mm, py(lows[i]), 4 * mm, py(highs[i]) - py(lows[i]),
                       fillColor=_LIGHT_BAND, strokeColor=None, strokeWidth=0))  # fmt: skip
    if g.doel:
        d.add(Line(left, py(g.doel), left + pw, py(g.doel), strokeColor=_INK, strokeWidth=2,
                   strokeDashArray=[1.5, 2]))  # fmt: skip
    for r in g.reeksen:
        dash = list(r.streep) or None
        for run in r.stukken:
            if len(run) > 1:
                line = [c for i in run for c in (px(i), py(r.waarden[i]))]
                d.add(PolyLine(line, strokeColor=_INK, strokeWidth=1.3, strokeDashArray=dash))
        for i, v in enumerate(r.waarden):
            if v is not None:
                d.add(_marker(r.teken, px(i), py(v)))
    for lab in g.labels:
        dx = -3.5 if lab.anker == "end" else 3.5
        dy = 3 if lab.boven else -8.5
        _boxed(d, px(lab.x) + dx, py(lab.waarde) + dy, lab.tekst, 7.5, lab.anker)
    # Legend: a short line with its marker, then the label.
    x, y = left, 2.5 * mm
    for r in g.reeksen:
        d.add(Line(x, y + 2.3, x + 9 * mm, y + 2.3, strokeColor=_INK, strokeWidth=1.3,
                   strokeDashArray=list(r.streep) or None))  # fmt: skip
        d.add(_marker(r.teken, x + 4.5 * mm, y + 2.3))
        d.add(_label(x + 10.5 * mm, y, r.naam, 7.5))
        x += 10.5 * mm + stringWidth(_safe(r.naam), _FONT, 7.5) + 7 * mm
    if g.band is not None:
        d.add(Rect(x, y, 9 * mm, 4.6, fillColor=_LIGHT_BAND, strokeColor=None, strokeWidth=0))
        d.add(_label(x + 10.5 * mm, y, BAND_TEXT, 7.5))
        x += 10.5 * mm + stringWidth(BAND_TEXT, _FONT, 7.5) + 7 * mm
    if g.doel_tekst:
        d.add(Line(x, y + 2.3, x + 9 * mm, y + 2.3, strokeColor=_INK, strokeWidth=2,
                   strokeDashArray=[1.5, 2]))  # fmt: skip
        d.add(_label(x + 10.5 * mm, y, g.doel_tekst, 7.5, font=_BOLD))
    return d
