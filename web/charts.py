"""Line charts drawn on the server as SVG: they work without JavaScript, print in black
and white (each series has its own line style and marker, and every value is written
next to its point) and carry a text alternative.

What a chart shows (series, points, axis, which text at which point, band, target,
legend) is :class:`lea_graph.grafiek.Grafiek`, the same the PDF report draws; this
module only draws it."""

from __future__ import annotations

from html import escape

from lea_graph.grafiek import BAND_TEXT, Grafiek

__all__ = ["grafiek_svg"]

_BAND = "#dcdcdc"
_GRID = "#bbbbbb"


def _marker(kind: str, x: float, y: float) -> str:
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="#fff" stroke="#000" stroke-width="1.5"/>'
    if kind == "triangle":
        return f'<polygon points="{x:.1f},{y - 5:.1f} {x - 5:.1f},{y + 4:.1f} {x + 5:.1f},{y + 4:.1f}"/>'
    if kind == "diamond":
        return f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4"/>'


def _dash(streep: tuple[float, ...], scale: float = 1.5) -> str:
    """A dash pattern (in points, as the PDF draws it) as an SVG attribute."""
    if not streep:
        return ""
    return f' stroke-dasharray="{" ".join(f"{scale * s:g}" for s in streep)}"'


def grafiek_svg(g: Grafiek, *, width: int = 560) -> str:
    """An SVG drawing of a chart (:func:`lea_graph.grafiek.lijngrafieken`), as markup
    safe to insert in a page; "" for a chart without values.

    Every text is escaped; the chart has ``role="img"``, its title and a description that
    says every value (:attr:`~lea_graph.grafiek.Grafiek.beschrijving`), so screen readers
    get the figures too. The legend goes under the chart.

    Examples
    --------
    >>> from lea_graph.grafiek import Grafiek, Reeks
    >>> svg = grafiek_svg(Grafiek("Doel", ("2024-2025",), (Reeks("r", (0.5,), ("50%",)),)))
    >>> svg.startswith('<svg class="chart" role="img"'), ">50%</text>" in svg
    (True, True)
    """
    if g.leeg:
        return ""
    legend = [r.naam for r in g.reeksen]
    legend += [BAND_TEXT] if g.band is not None else []
    legend += [g.doel_tekst] if g.doel_tekst else []
    left, right, top, bottom = 48, 24, 20, 36
    plot_h = 204 - top - bottom
    height = 204 + 20 * len(legend)
    plot_w = width - left - right
    n = len(g.jaren)

    def px(i: int) -> float:
        return left + (plot_w / 2 if n == 1 else 24 + i * (plot_w - 48) / (n - 1))

    def py(v: float) -> float:
        return top + plot_h * (1 - g.schaal(v))

    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(g.titel)}</title><desc>{escape(g.beschrijving)}</desc>",
    ]
    for tick, text in g.ticks:
        y = py(tick)
        dash = "" if tick == g.laag else ' stroke-dasharray="1 2"'
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{_GRID}" '
            f'stroke-width="0.5"{dash}/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">'
            f"{escape(text)}</text>"
        )
    bottom_y = top + plot_h
    parts.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom_y}" stroke="#000" stroke-width="1"/>'
    )
    for i, x in enumerate(g.jaren):
        parts.append(
            f'<line x1="{px(i):.1f}" y1="{bottom_y}" x2="{px(i):.1f}" y2="{bottom_y + 4}" '
            f'stroke="#000" stroke-width="1"/><text x="{px(i):.1f}" y="{bottom_y + 18}" '
            f'text-anchor="middle" font-size="11">{escape(x)}</text>'
        )
    if g.band is not None:
        lows, highs = g.reeksen[g.band[0]].waarden, g.reeksen[g.band[1]].waarden
        idx = [i for i in range(n) if lows[i] is not None and highs[i] is not None]
        if len(idx) > 1:
            ring = [(px(i), py(lows[i])) for i in idx] + [
                (px(i), py(highs[i])) for i in reversed(idx)
            ]
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in ring)
            parts.append(f'<polygon points="{points}" fill="{_BAND}"/>')
        for i in idx if len(idx) == 1 else ():
            parts.append(
                f'<rect x="{px(i) - 8:.1f}" y="{py(highs[i]):.1f}" width="16" '
                f'height="{py(lows[i]) - py(highs[i]):.1f}" fill="{_BAND}"/>'
            )
    if g.doel:
        y = py(g.doel)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#000" '
            'stroke-width="3" stroke-dasharray="2 3"/>'
        )
    for r in g.reeksen:
        for run in r.stukken:
            if len(run) > 1:
                path = " ".join(f"{px(i):.1f},{py(r.waarden[i]):.1f}" for i in run)
                parts.append(
                    f'<polyline points="{path}" fill="none" stroke="#000" stroke-width="1.5"'
                    f"{_dash(r.streep)}/>"
                )
        marks = [_marker(r.teken, px(i), py(v)) for i, v in enumerate(r.waarden) if v is not None]
        parts.append(f'<g fill="#000">{"".join(marks)}</g>')
    for lab in g.labels:
        x = px(lab.x) + (-6 if lab.anker == "end" else 6)
        y = py(lab.waarde) + (-6 if lab.boven else 14)
        parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{lab.anker}" font-weight="700" '
            f'stroke="#fff" stroke-width="3" paint-order="stroke" font-size="10">'
            f"{escape(lab.tekst)}</text>"
        )
    ly = 204 + 4
    for r in g.reeksen:
        parts.append(
            f'<line x1="{left}" y1="{ly:.1f}" x2="{left + 26}" y2="{ly:.1f}" stroke="#000" '
            f'stroke-width="1.5"{_dash(r.streep)}/><g fill="#000">{_marker(r.teken, left + 13, ly)}'
            f'</g><text x="{left + 34}" y="{ly + 4:.1f}" font-size="11">{escape(r.naam)}</text>'
        )
        ly += 20
    if g.band is not None:
        parts.append(
            f'<rect x="{left}" y="{ly - 6:.1f}" width="26" height="12" fill="{_BAND}"/>'
            f'<text x="{left + 34}" y="{ly + 4:.1f}" font-size="11">{escape(BAND_TEXT)}</text>'
        )
        ly += 20
    if g.doel_tekst:
        parts.append(
            f'<line x1="{left}" y1="{ly:.1f}" x2="{left + 26}" y2="{ly:.1f}" stroke="#000" '
            'stroke-width="3" stroke-dasharray="2 3"/>'
            f'<text x="{left + 34}" y="{ly + 4:.1f}" font-size="11" font-weight="700">'
            f"{escape(g.doel_tekst)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
