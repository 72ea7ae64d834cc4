"""Small charts drawn on the server as SVG: they work without JavaScript, print in black
and white (each series has its own line style and marker, and every value is written
next to its point) and carry a text alternative."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

__all__ = ["Series", "line_chart"]

#: Line styles (dash pattern, marker) that stay apart without colour.
_STYLES = (("", "circle"), ("6 3", "square"), ("2 3", "triangle"), ("8 3 2 3", "diamond"))


def _whole_percent(share: float) -> str:
    return f"{round(100 * share)}%"


@dataclass
class Series:
    """One line of a chart: a label and a value (0..1, or None) per x label.

    ``text`` writes a value next to its point and in the description: a whole
    percentage by default; the bounds of a LEA target pass
    :func:`lea_graph.bereik.pct_down` or :func:`lea_graph.bereik.pct_up`, so the chart
    shows what the tables show.
    """

    label: str
    values: list[float | None]
    text: Callable[[float], str] = _whole_percent


def _marker(kind: str, x: float, y: float) -> str:
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8"/>'
    if kind == "triangle":
        return f'<polygon points="{x:.1f},{y - 5:.1f} {x - 5:.1f},{y + 4:.1f} {x + 5:.1f},{y + 4:.1f}"/>'
    if kind == "diamond":
        return f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4"/>'


def line_chart(title: str, xs: list[str], series: list[Series], *, width: int = 560) -> str:
    """An SVG line chart of shares (0..1) per x label, as markup safe to insert in a page.

    Every text is escaped; the chart has ``role="img"`` and a title and description
    that say what it shows, so screen readers get the figures too.
    """
    height, left, right, top, bottom = 240, 48, 170, 20, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(xs) - 1, 1)

    def px(i: int) -> float:
        return left + (i * step if len(xs) > 1 else plot_w / 2)

    def py(v: float) -> float:
        return top + plot_h * (1 - max(0.0, min(1.0, v)))

    described = "; ".join(
        f"{s.label}: "
        + ", ".join(f"{x} {'—' if v is None else s.text(v)}" for x, v in zip(xs, s.values, strict=True))
        for s in series
    )  # fmt: skip
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title><desc>{escape(described)}</desc>",
        '<g class="axis" stroke="#000" stroke-width="1" fill="none">',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}"/>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}"/></g>',
    ]
    for pct in (0, 50, 100):
        y = py(pct / 100)
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{pct}%</text>'
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#bbb" '
            'stroke-width="0.5"/>'
        )
    for i, x in enumerate(xs):
        parts.append(
            f'<text x="{px(i):.1f}" y="{height - 12}" text-anchor="middle" font-size="11">'
            f"{escape(x)}</text>"
        )
    for n, s in enumerate(series):
        dash, marker = _STYLES[n % len(_STYLES)]
        points = [(px(i), py(v)) for i, v in enumerate(s.values) if v is not None]
        attrs = f' stroke-dasharray="{dash}"' if dash else ""
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="#000" stroke-width="1.5"{attrs}/>'
            )
        parts.append('<g fill="#000">')
        for (x, y), v in zip(points, [v for v in s.values if v is not None], strict=True):
            parts.append(_marker(marker, x, y))
            parts.append(
                f'<text x="{x + 6:.1f}" y="{y - 6:.1f}" font-size="10">{escape(s.text(v))}</text>'
            )
        parts.append("</g>")
        ly = top + 14 + n * 18
        lx = left + plot_w + 14
        parts.append(
            f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 22}" y2="{ly - 4}" stroke="#000" '
            f'stroke-width="1.5"{attrs}/><g fill="#000">{_marker(marker, lx + 11, ly - 4)}</g>'
            f'<text x="{lx + 28}" y="{ly}" font-size="11">{escape(s.label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
