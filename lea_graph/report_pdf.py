"""The report as an A4 PDF ("Rapport") in Dutch, readable when printed in black and white.

The PDF is drawn with reportlab, charts included (:mod:`reportlab.graphics`), in the
Helvetica that every PDF reader has. It holds, after a title page with the network's
size and the key figures:

1. the LEA targets with their bounds and status, each with a bar of its band;
2. the wijk × hub heatmap (landscape pages): grey levels and the number in every cell,
   empty cells boxed with a bold 0, PacT wijken marked;
3. the largest gaps;
4. what changed since the previous version (when a comparison is given);
5. the strongest missing links;
6. the most vulnerable partners (when given);
7. the trend per schooljaar (when given).

When wijk boundaries are given, a map of the wijken shaded by their number of gaps
follows the largest gaps as section 4, and the sections after it move up one number.

Only greys are used, so a black-and-white print loses nothing. Every text goes through
:func:`_safe` (characters Helvetica lacks become ASCII) and is escaped before it is put
into reportlab's Paragraph markup.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pandas as pd
from reportlab.graphics.shapes import (
    FILL_EVEN_ODD,
    Circle,
    Drawing,
    Line,
    Polygon,
    PolyLine,
    Rect,
    String,
)
from reportlab.graphics.shapes import Path as ShapePath
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from lea_graph import model
from lea_graph.analytics.coverage import (
    GAP_DEFINITION,
    GAP_KINDS,
    GAP_RULE,
    counted_cells,
    gap_kind,
    heatmap_columns,
    wijk_marks,
)
from lea_graph.bereik import pct_down, pct_up, range_text
from lea_graph.cijfers import UITGEVERS
from lea_graph.geometry import CREDIT, label_point
from lea_graph.grafiek import BAND_TEXT, Grafiek, lijngrafieken
from lea_graph.text import number, percent, plural
from lea_graph.tijd import datum_nl, tijd_nl

__all__ = ["VOORBEELD_NOTICE", "write_report_pdf"]

#: The notice on the title page when (some of) the data are illustrative.
VOORBEELD_NOTICE = "Let op: bevat voorbeeldgegevens (bron=voorbeeld, verzonnen)"

# -- text -------------------------------------------------------------------------------------

#: Characters Helvetica (WinAnsi encoding) lacks, and what is printed instead.
_REPLACE = {
    "→": "->", "←": "<-", "↔": "<->", "⇒": "=>", "≥": ">=", "≤": "<=", "≠": "!=", "≈": "ca.",
    "−": "-", "‐": "-", "‑": "-", "\u202f": " ", "\u2009": " ", "✓": "ja", "✗": "nee",
}  # fmt: skip


def _safe(text: Any) -> str:
    """``text`` as a string Helvetica can print: characters outside its encoding
    (cp1252) are replaced (:data:`_REPLACE`; an arrow between words reads "naar"),
    decomposed to their base letter, or become ``?``.

    Reportlab would borrow a missing glyph from the Symbol font, which prints but
    spaces badly and breaks copying text out of the PDF; plain text does neither.

    Examples
    --------
    >>> _safe("ondergrens 20% → 19%, Wijk→hub × 3 – één")
    'ondergrens 20% naar 19%, Wijk->hub × 3 – één'
    >>> _safe("Łódź ≥ 2")
    'Lódz >= 2'
    """
    out = []
    text = "" if text is None else str(text).replace(" → ", " naar ")
    for ch in text:
        try:
            ch.encode("cp1252")
        except UnicodeEncodeError:
            if ch in _REPLACE:
                out.append(_REPLACE[ch])
                continue
            base = "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
            )
            try:
                base.encode("cp1252")
            except UnicodeEncodeError:
                base = ""
            out.append(base or {"Ł": "L", "ł": "l", "Đ": "D", "đ": "d"}.get(ch, "?"))
        else:
            out.append(ch)
    return "".join(out)


def _markup(text: Any) -> str:
    """Plain text as Paragraph markup: safe glyphs, escaped, line breaks kept."""
    return escape(_safe(text)).replace("\n", "<br/>")


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _int(value: Any) -> int | None:
    return None if _missing(value) else int(value)


def _text(value: Any, empty: str = "—") -> str:
    return empty if _missing(value) or str(value).strip() == "" else str(value)


# -- styles -----------------------------------------------------------------------------------

_FONT, _BOLD, _ITALIC = "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"
_INK = colors.black
_DARK = colors.Color(0.25, 0.25, 0.25)
_RULE = colors.Color(0.55, 0.55, 0.55)
_HEAD_BG = colors.Color(0.84, 0.84, 0.84)
_ZEBRA = colors.Color(0.955, 0.955, 0.955)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=_FONT, fontSize=9.5, leading=12.5, textColor=_INK)
    s = {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=_BOLD, fontSize=24, leading=29),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=13, leading=17, textColor=_DARK),
        "h1": ParagraphStyle("h1", base, fontName=_BOLD, fontSize=15, leading=19,
                             spaceBefore=4, spaceAfter=6, keepWithNext=1),
        "h2": ParagraphStyle("h2", base, fontName=_BOLD, fontSize=10.5, leading=13.5,
                             spaceBefore=8, spaceAfter=2, keepWithNext=1),
        "small": ParagraphStyle("small", base, fontSize=7.5, leading=9.5, textColor=_DARK),
        "note": ParagraphStyle("note", base, fontName=_ITALIC, fontSize=7.5, leading=9.5,
                               textColor=_DARK),
        "cell": ParagraphStyle("cell", base, fontSize=8, leading=9.8),
        "cell_small": ParagraphStyle("cell_small", base, fontSize=7.2, leading=8.8),
        "cell_bold": ParagraphStyle("cell_bold", base, fontName=_BOLD, fontSize=8, leading=9.8),
        "head": ParagraphStyle("head", base, fontName=_BOLD, fontSize=8, leading=9.6),
        "num": ParagraphStyle("num", base, fontSize=8, leading=9.8, alignment=TA_RIGHT),
        "head_num": ParagraphStyle("head_num", base, fontName=_BOLD, fontSize=8, leading=9.6,
                                   alignment=TA_RIGHT),
        "bullet": ParagraphStyle("bullet", base, leftIndent=11, bulletIndent=2, spaceAfter=2),
        "notice": ParagraphStyle("notice", base, fontName=_BOLD, fontSize=11, leading=14),
        "toc0": ParagraphStyle("toc0", base, fontSize=10.5, leading=16),
    }  # fmt: skip
    return s


S = _styles()


def _p(text: Any, style: str = "cell") -> Paragraph:
    return Paragraph(_markup(text), S[style])


# -- document ---------------------------------------------------------------------------------

_PORTRAIT, _LANDSCAPE = A4, landscape(A4)
_MARGIN = 18 * mm
_LMARGIN = 14 * mm  # landscape pages
_TOP, _BOTTOM = 20 * mm, 18 * mm


def _frame_width(size: tuple[float, float], margin: float) -> float:
    return size[0] - 2 * margin


_WIDTH = _frame_width(_PORTRAIT, _MARGIN)
_LWIDTH = _frame_width(_LANDSCAPE, _LMARGIN)


class _Heading(Paragraph):
    """A section heading, listed in the table of contents."""

    def __init__(self, text: str, style: ParagraphStyle, toc: str) -> None:
        super().__init__(text, style)
        self.toc = toc


class _Doc(BaseDocTemplate):
    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, _Heading):
            key = f"h-{self.seq.nextf('heading')}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.toc, key, 0)
            self.notify("TOCEntry", (0, escape(flowable.toc), self.page, key))


def _canvas_maker(title: str, date: str) -> type[Canvas]:
    """A canvas that writes "pagina N van M", the title and the date on every page."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = self._pagesize
            margin = _MARGIN if width < height else _LMARGIN
            page = self.getPageNumber()
            self.saveState()
            self.setStrokeColor(_RULE)
            self.setLineWidth(0.5)
            self.setFillColor(_DARK)
            if page > 1:
                self.setFont(_FONT, 7.5)
                self.drawString(margin, height - 12 * mm, _safe(title))
                self.drawRightString(width - margin, height - 12 * mm, "LEA Graph")
                self.line(margin, height - 13.5 * mm, width - margin, height - 13.5 * mm)
            self.line(margin, 12.5 * mm, width - margin, 12.5 * mm)
            self.setFont(_FONT, 8)
            self.drawString(margin, 8.5 * mm, _safe(f"{title} · {date}"))
            self.drawRightString(width - margin, 8.5 * mm, f"pagina {page} van {total}")
            self.restoreState()

    return NumberedCanvas


# -- tables -----------------------------------------------------------------------------------


def _table(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[float],
    *,
    numeric: Iterable[int] = (),
    styles: Sequence[str] | None = None,
    extra: Sequence[tuple] = (),
) -> Table:
    """A table that wraps its text: a bold grey header (repeated on every page) and
    light zebra rows. ``numeric`` columns are right-aligned; ``styles`` names a
    paragraph style per column; a cell that is already a flowable stays as it is."""
    numeric = set(numeric)
    styles = styles or ["cell"] * len(header)
    data: list[list[Any]] = [
        [_p(h, "head_num" if i in numeric else "head") for i, h in enumerate(header)]
    ]
    for row in rows:
        data.append(
            [
                v
                if isinstance(v, Flowable)
                else _p(v, "num" if i in numeric and styles[i] == "cell" else styles[i])
                for i, v in enumerate(row)
            ]
        )
    t = Table(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    commands: list[tuple] = [
        ("BACKGROUND", (0, 0), (-1, 0), _HEAD_BG),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, _INK),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, _INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, _RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if len(data) > 2:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, _ZEBRA]))
    t.setStyle(TableStyle(commands + list(extra)))
    return t


def _more(shown: int, total: int, what: str) -> list[Flowable]:
    if total <= shown:
        return []
    return [
        Spacer(1, 2),
        _p(
            f"… en nog {number(total - shown)} {what}; alle rijen staan in de Excel- of "
            "JSON-versie van het rapport.",
            "note",
        ),
    ]


def _notice(lines: Sequence[str], width: float) -> Table:
    """A boxed notice: a thick black border on light grey."""
    cells = [[_p(lines[0], "notice")], *[[_p(line, "body")] for line in lines[1:]]]
    t = Table(cells, colWidths=[width], hAlign="LEFT")
    t.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 2, _INK),
                ("BACKGROUND", (0, 0), (-1, -1), colors.Color(0.92, 0.92, 0.92)),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, 0), 7),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 7),
            ]
        )
    )
    return t


# -- charts -----------------------------------------------------------------------------------

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


# -- sections ---------------------------------------------------------------------------------

_STATUS_TEXT = {
    "gehaald": "gehaald: ook de ondergrens haalt het doel",
    "niet gehaald": "niet gehaald: ook de bovengrens blijft onder het doel",
    "onzeker": "onzeker: het doel ligt tussen de onder- en de bovengrens",
    "niet te berekenen": "niet te berekenen uit deze gegevens",
    "geen doel": "geen doel",
}


def _size_text(size: dict[str, int]) -> str:
    parts = [
        plural(size[k.kind], k.singular, k.plural) for k in model.NODE_KINDS if size.get(k.kind)
    ]
    known = {k.kind for k in model.NODE_KINDS}
    parts += [f"{n} × {k}" for k, n in sorted(size.items()) if k not in known and n]
    return ", ".join(parts) if parts else "geen gegevens (een leeg netwerk)"


def _title_page(
    report: Any, title: str, voorbeeld: bool, toc: TableOfContents, date: str
) -> list[Flowable]:
    year = report.schooljaar or "alle schooljaren"
    story: list[Flowable] = [
        Spacer(1, 18 * mm),
        _p("LEA Graph · Rapport", "subtitle"),
        Spacer(1, 3 * mm),
        _p(title, "title"),
        Spacer(1, 2 * mm),
        _p("Het partnernetwerk achter de Lokale Educatieve Agenda", "subtitle"),
        Spacer(1, 8 * mm),
    ]
    info = [
        ["Schooljaar", year],
        ["Gemaakt op", tijd_nl(report.created)],
        ["Netwerk", _size_text(report.size)],
    ]
    key = ParagraphStyle("key", S["body"], fontName=_BOLD)
    t = Table([[Paragraph(_markup(k), key), _p(v, "body")] for k, v in info],
              colWidths=[32 * mm, _WIDTH - 32 * mm], hAlign="LEFT")  # fmt: skip
    t.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, _INK),
                ("LINEBELOW", (0, -1), (-1, -1), 0.8, _INK),
                ("LINEBELOW", (0, 0), (-1, -2), 0.25, _RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    story += [t, Spacer(1, 7 * mm)]
    if voorbeeld:
        story += [
            _notice(
                [
                    VOORBEELD_NOTICE,
                    "Een deel van de cijfers in dit rapport berust op verzonnen gegevens die "
                    "alleen laten zien hoe de analyses werken. Gebruik ze niet als feitelijke "
                    "stand van zaken.",
                ],
                _WIDTH,
            ),
            Spacer(1, 7 * mm),
        ]
    story += [_p("Kerncijfers", "h2"), *_key_figures(report), Spacer(1, 7 * mm)]
    story += [_p("Inhoud", "h2"), toc, PageBreak()]
    return story


def _key_figures(report: Any) -> list[Flowable]:
    rows = []
    for i in report.targets:
        if i.ondergrens is None:
            continue
        rows.append([_short_name(i.naam), f"{i.bereik_kort} "
                     f"(doel {round(100 * i.doel)}%)", i.status])  # fmt: skip
    m = report.coverage
    if len(m) and "partners" in m:
        gaps = report.gaps
        empty = int((gaps["soort"] == "geen partner").sum()) if len(gaps) else 0
        single = int((gaps["soort"] == "één partner").sum()) if len(gaps) else 0
        # "N van M": M is the cells that can be a gap (no bedrijventerrein), as N's are.
        rows.append(["Wijk × hub-cellen zonder partner (gaten, zonder bedrijventerreinen)",
                     f"{number(empty)} van {number(len(counted_cells(m)))}", ""])  # fmt: skip
        rows.append(["Wijk × hub-cellen met één partner", number(single), ""])
    health = report.health
    if len(health):
        last = health.iloc[-1]
        rows.append([f"Locaties met een activiteit ({_text(last.get('schooljaar'))})",
                     percent(None if _missing(last.get("aandeel_scholen_bereikt"))
                             else last.get("aandeel_scholen_bereikt")), ""])  # fmt: skip
        rows.append(["Samenwerkingen tussen partners", number(_int(last.get("samenwerkingen"))),
                     ""])  # fmt: skip
    if not rows:
        return [_p("Geen kerncijfers: het netwerk bevat nog geen gegevens.", "body")]
    return [_table(["Wat", "Waarde", "Status"], rows, [98 * mm, 44 * mm, _WIDTH - 142 * mm])]


def _short_name(naam: str) -> str:
    return naam.replace(" die meedoen aan brede talentontwikkeling", " (brede talentontwikkeling)")


def _targets_section(report: Any, h1: Callable[[str], Flowable]) -> list[Flowable]:
    story: list[Flowable] = [
        h1("LEA-doelen"),
        Paragraph(  # fixed markup, no data in it
            "De uitvoeringsagenda stelt vier bereiksdoelen voor brede talentontwikkeling. De "
            "gegevens tellen deelnemers per activiteit, niet per kind; daarom staat bij elk "
            "doel een ondergrens (afgerond naar beneden) en een bovengrens (afgerond naar "
            "boven). De status zegt alleen wat die grenzen bewijzen: <b>gehaald</b> als ook "
            "de ondergrens het doel haalt, <b>niet gehaald</b> als ook de bovengrens eronder "
            "blijft, anders <b>onzeker</b>.",
            S["body"],
        ),
        Spacer(1, 3 * mm),
    ]
    if not report.targets:
        return [*story, _p("Geen LEA-doelen berekend.", "body")]
    rows = [
        [
            i.naam,
            f"{round(100 * i.doel)}%" if i.doel else "—",
            "—" if i.ondergrens is None else pct_down(i.ondergrens),
            "—" if i.bovengrens is None else pct_up(i.bovengrens),
            _p(i.status, "cell_bold"),
        ]
        for i in report.targets
    ]
    story.append(_table(["Doel", "Doelwaarde", "Ondergrens", "Bovengrens", "Status"], rows,
                        [86 * mm, 19 * mm, 20 * mm, 20 * mm, _WIDTH - 145 * mm],
                        numeric=(1, 2, 3)))  # fmt: skip
    for n, i in enumerate(report.targets, 1):
        block: list[Flowable] = [
            _p(f"1.{n}  {i.naam}", "h2"),
            _p(f"Status: {_STATUS_TEXT.get(i.status, i.status)}.", "cell_bold"),
            Spacer(1, 1 * mm),
            _target_bar(i.ondergrens, i.bovengrens, i.doel, _WIDTH),
            Spacer(1, 1 * mm),
        ]
        if i.toelichting:
            block.append(_p(i.toelichting, "cell"))
        if i.ontbrekend:
            block.append(_p("Daarvoor ontbreekt: " + "; ".join(i.ontbrekend) + ".", "cell"))
        if i.uitsluitsel:
            block.append(_p(i.uitsluitsel, "cell"))
        if i.voorbeeld:
            block += [Spacer(1, 1), _p(i.voorbeeld, "cell_bold")]
        if i.bron:
            block += [Spacer(1, 1), _p(i.bron, "small")]
        if i.berekening:
            block += [Spacer(1, 1.5), _p(f"Berekening: {i.berekening}", "small")]
        story.append(KeepTogether(block))
    story.append(KeepTogether(_reading_guide(report)))
    return story


def _reading_guide(report: Any) -> list[Flowable]:
    """How to read the figures: where they come from and what they can and cannot say."""
    year = f"schooljaar {report.schooljaar}" if report.schooljaar else "alle schooljaren samen"
    lines = [
        f"De cijfers gaan over {year}, zoals vastgelegd in LEA Graph: partners, scholen en "
        "opvang, hubs, wijken, activiteiten, wijkinzet en samenwerkingen.",
        "Een bereik is een band, geen enkel getal: een kind dat aan twee activiteiten meedoet, "
        "telt in de gegevens twee keer. De ondergrens is afgerond naar beneden, de bovengrens "
        "naar boven, zodat het rapport nooit meer belooft dan de gegevens bewijzen.",
        GAP_DEFINITION,
        "Tabellen tonen de eerste rijen; alle rijen staan in de Excel- of JSON-versie van het "
        "rapport.",
        "Het rapport gebruikt alleen grijstinten: het is zonder verlies zwart-wit te printen.",
    ]
    return [
        Spacer(1, 4 * mm),
        _p("Over de cijfers in dit rapport", "h2"),
        *[Paragraph(_markup(line), S["bullet"], bulletText="\u2022") for line in lines],
    ]


def _heatmap_grey(n: int, top: int) -> colors.Color:
    """0 partners white; 1 partner very light; ``top`` or more darkest."""
    if n <= 0:
        return colors.white
    share = (min(n, top) - 1) / max(1, top - 1)
    level = 0.9 - 0.56 * share
    return colors.Color(level, level, level)


def _fitting_size(labels: Sequence[str], width: float, largest: float = 8.0) -> float:
    """The largest bold font size (down to 6) at which no word of ``labels`` is wider
    than ``width``."""
    words = [w for label in labels for w in _safe(label).split()] or [""]
    size = largest
    while size > 6 and max(stringWidth(w, _BOLD, size) for w in words) > width:
        size -= 0.25
    return size


def _heatmap_section(report: Any, h1: Callable[[str], Flowable]) -> list[Flowable]:
    m = report.coverage
    title = "Dekking: wijk × hub"
    if m is None or not len(m) or "partners" not in m:
        return [h1(title), _p("Geen wijken of hubs in de gegevens: er is geen dekking te tonen.",
                              "body")]  # fmt: skip
    m = m.assign(_kolom=heatmap_columns(m))
    # Marked: the cells without a partner that are a gap (gap_kind: no bedrijventerrein).
    soorten = m["wijk_soort"] if "wijk_soort" in m else [None] * len(m)
    m["_gat"] = [
        gap_kind(int(n), soort) == GAP_KINDS[0]
        for n, soort in zip(m["partners"], soorten, strict=True)
    ]
    hubs = list(dict.fromkeys(m["_kolom"]))
    grouped = m.groupby(["wijk", "_kolom"], sort=False)
    cells, gap = grouped["partners"].sum(), grouped["_gat"].any()
    wijken = m.drop_duplicates("wijk")
    wijken = wijken.assign(_naam=wijken["wijk_naam"].astype(str).str.lower())
    wijken = wijken.sort_values(["_naam", "wijk"])
    top = max(4, min(int(m["partners"].max() or 0), 8))
    fixed = [40 * mm, 10 * mm, 13 * mm, 21 * mm]
    hub_w = (_LWIDTH - sum(fixed)) / max(1, len(hubs))
    size = _fitting_size(hubs, hub_w - 4.5)
    hub_head = ParagraphStyle("hub_head", S["head"], fontSize=size, leading=size + 1.4)
    data: list[list[Any]] = [
        [_p("Wijk", "head"), _p("PacT", "head"), _p("SES", "head"),
         _p("Kinderen", "head_num"), *[Paragraph(_markup(h), hub_head) for h in hubs]]
    ]  # fmt: skip
    pad = 1.3
    cmds: list[tuple] = [
        ("BACKGROUND", (0, 0), (-1, 0), _HEAD_BG),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, _INK),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, _INK),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
        ("ALIGN", (4, 1), (-1, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.2),
        ("TOPPADDING", (0, 1), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 1), (-1, -1), pad + 0.6),
        ("TOPPADDING", (0, 0), (-1, 0), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 2.5),
        ("GRID", (4, 1), (-1, -1), 0.4, colors.Color(0.6, 0.6, 0.6)),
        ("LINEBELOW", (0, 1), (3, -1), 0.25, _RULE),
        ("FONT", (4, 1), (-1, -1), _FONT, 8),
    ]
    empty_per_hub = [0] * len(hubs)
    pact_count = not_gap = 0
    for r, w in enumerate(wijken.to_dict(orient="records"), 1):
        pact = w.get("pact") == "ja"
        pact_count += pact
        ses = w.get("ses")
        row: list[Any] = [
            _p(w["wijk_naam"], "cell_bold" if pact else "cell"),
            _p("PacT" if pact else "", "cell_bold"),
            _p(ses if isinstance(ses, str) and ses else "—", "cell"),
            _p(_text(w.get("kinderen_tekst"), "—"), "num"),
        ]
        for c, hub in enumerate(hubs, 4):
            n = cells.get((w["wijk"], hub))
            if n is None:
                row.append("n.v.t.")
                cmds += [("TEXTCOLOR", (c, r), (c, r), _RULE), ("FONT", (c, r), (c, r), _ITALIC, 7)]
                continue
            n = int(n)
            grey = _heatmap_grey(n, top)
            row.append(number(n))
            cmds.append(("BACKGROUND", (c, r), (c, r), grey))
            if n == 0 and gap.get((w["wijk"], hub), True):
                empty_per_hub[c - 4] += 1
                cmds += [("FONT", (c, r), (c, r), _BOLD, 8), ("BOX", (c, r), (c, r), 1.3, _INK)]
            elif n == 0:
                not_gap += 1
                cmds.append(("TEXTCOLOR", (c, r), (c, r), _RULE))
            elif grey.red < 0.58:
                cmds += [("TEXTCOLOR", (c, r), (c, r), colors.white),
                         ("FONT", (c, r), (c, r), _BOLD, 8)]  # fmt: skip
        if pact:
            cmds.append(("LINEBEFORE", (0, r), (0, r), 2.2, _INK))
        data.append(row)
    last = len(data)
    data.append([_p("Gaten zonder partner", "cell_bold"), "", "", "",
                 *[number(n) for n in empty_per_hub]])  # fmt: skip
    cmds += [
        ("LINEABOVE", (0, last), (-1, last), 0.8, _INK),
        ("BACKGROUND", (0, last), (-1, last), _HEAD_BG),
        ("FONT", (4, last), (-1, last), _BOLD, 8),
        ("SPAN", (0, last), (3, last)),
        ("TOPPADDING", (0, last), (-1, last), 2.5),
        ("BOTTOMPADDING", (0, last), (-1, last), 2.5),
    ]
    table = Table(data, colWidths=[*fixed, *[hub_w] * len(hubs)], repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(cmds))
    intro = (
        "Elke cel geeft het aantal partners dat een wijk voor een hub bereikt, via activiteiten "
        "op scholen in de wijk en via wijkinzet. Hoe donkerder de cel, hoe meer partners. Een "
        "omlijnde, vette 0 is een gat: geen enkele partner. PacT-wijken staan vet, met 'PacT' en "
        f"een streep in de kantlijn ({pact_count} van {plural(len(wijken), 'wijk', 'wijken')})."
    )
    ages = {str(a) for a in wijken.get("kinderen_leeftijd", []) if isinstance(a, str) and a}
    if ages:
        intro += " Kinderen: " + (
            "van 0 tot en met 17 jaar."
            if ages == {"0-17"}
            else "van 0 tot en met 14 jaar volgens CBS, als bereik: CBS geeft een afgerond "
            "percentage van de inwoners."
            if ages == {"0-14"}
            else "van 0 tot en met 17 jaar, of (met een bereik) van 0 tot en met 14 jaar "
            "volgens CBS."
        )
    if not_gap:
        intro += (
            " Een grijze 0 zonder kader telt niet als gat: daar wonen geen kinderen "
            "(bedrijventerrein)."
        )
    return [h1(title), _p(intro, "body"), Spacer(1, 2 * mm), _legend(top), Spacer(1, 3 * mm),
            table]  # fmt: skip


def _legend(top: int) -> Table:
    values = list(range(top + 1))
    cells = [_p("Partners per cel:", "cell_bold")]
    cells += [f"{v}+" if v == top and top > 1 else str(v) for v in values]
    cells.append(_p("(0 omlijnd = gat zonder partner)", "cell"))
    t = Table([cells], colWidths=[28 * mm, *[9 * mm] * len(values), 60 * mm], hAlign="LEFT")
    cmds: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 0), (-2, -1), "CENTER"),
        ("FONT", (1, 0), (-2, -1), _FONT, 8),
        ("GRID", (1, 0), (-2, -1), 0.4, colors.Color(0.6, 0.6, 0.6)),
        ("BOX", (1, 0), (1, 0), 1.3, _INK),
        ("FONT", (1, 0), (1, 0), _BOLD, 8),
        ("LEFTPADDING", (0, 0), (0, 0), 0),
        ("LEFTPADDING", (-1, 0), (-1, 0), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    for v in values:
        grey = _heatmap_grey(v, top)
        cmds.append(("BACKGROUND", (v + 1, 0), (v + 1, 0), grey))
        if v and grey.red < 0.58:
            cmds += [("TEXTCOLOR", (v + 1, 0), (v + 1, 0), colors.white),
                     ("FONT", (v + 1, 0), (v + 1, 0), _BOLD, 8)]  # fmt: skip
    t.setStyle(TableStyle(cmds))
    return t


# -- the map ----------------------------------------------------------------------------------

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


def _gaps_section(report: Any, h1: Callable[[str], Flowable], limit: int = 15) -> list[Flowable]:
    gaps = report.gaps
    story: list[Flowable] = [h1("Grootste gaten")]
    if gaps is None or not len(gaps):
        return [*story, _p("Geen gaten gevonden: geen wijk × hub-cel zonder of met één partner.",
                           "body")]  # fmt: skip
    empty = int((gaps["soort"] == "geen partner").sum())
    story += [
        _p(
            f"Wijk × hub-cellen zonder of met één partner, de meest urgente eerst: "
            f"{plural(empty, 'cel', 'cellen')} zonder partner en "
            f"{plural(len(gaps) - empty, 'cel', 'cellen')} met één partner. Hieronder de "
            f"eerste {min(limit, len(gaps))}.",
            "body",
        ),
        Spacer(1, 1.5 * mm),
        _p(GAP_RULE, "small"),
        Spacer(1, 2.5 * mm),
    ]
    rows = [
        [
            number(_int(r.get("rang"))),
            r.get("wijk_naam"),
            r.get("hub_naam"),
            _p(r.get("soort"), "cell_bold" if r.get("soort") == "geen partner" else "cell"),
            _text(r.get("partner_namen")),
            wijk_marks(r) or "—",
        ]
        for r in gaps.head(limit).to_dict(orient="records")
    ]
    story.append(_table(["#", "Wijk", "Hub", "Soort", "Partner", "Kenmerken van de wijk"], rows,
                        [8 * mm, 28 * mm, 35 * mm, 21 * mm, 34 * mm, _WIDTH - 126 * mm],
                        numeric=(0,)))  # fmt: skip
    return story + _more(limit, len(gaps), "gaten")


def _health_value(key: str, value: Any) -> str:
    if _missing(value):
        return "—"
    if key.startswith("aandeel"):
        return percent(value)
    if key == "dichtheid":
        return number(value, 3)
    if key == "partners_per_school":
        return number(value, 1)
    return number(value)


def _comparison_section(
    comparison: Any, h1: Callable[[str], Flowable], limit: int = 20
) -> list[Flowable]:
    story: list[Flowable] = [h1("Wat is er veranderd sinds de vorige versie")]
    if comparison is None:
        return [*story, _p("Er is geen vorige versie om mee te vergelijken.", "body")]
    from lea_graph.analytics.compare import GAP_CHANGES

    voor, na = _safe(comparison.voor), _safe(comparison.na)
    story.append(_p(f"Van {voor} naar {na}.", "body"))
    if getattr(comparison, "voorbeeld", False):
        story.append(_p("Ook deze vergelijking bevat voorbeeldgegevens (bron=voorbeeld).", "note"))
    story.append(Spacer(1, 1.5 * mm))
    for line in comparison.summary or ["Niets veranderd."]:
        story.append(Paragraph(_markup(line), S["bullet"], bulletText="\u2022"))
    t = comparison.targets
    if t is not None and len(t):
        story.append(_p("LEA-doelen", "h2"))
        rows = [
            [r["naam"], r["doel"], _p(r["stand_voor"], "cell"),
             _p(r["stand_na"], "cell"), r["richting"]]
            for r in t.to_dict(orient="records")
        ]  # fmt: skip
        story.append(_table(["Doel", "Doelwaarde", voor, na, "Richting"], rows,
                            [66 * mm, 19 * mm, 31 * mm, 31 * mm, _WIDTH - 147 * mm],
                            numeric=(1,)))  # fmt: skip
    h = comparison.health
    if h is not None and len(h):
        story.append(_p("Netwerkgezondheid", "h2"))
        rows = [
            [r["naam"], _health_value(str(r.get("maat", "")), r["voor"]),
             _health_value(str(r.get("maat", "")), r["na"]), r["richting"]]
            for r in h.to_dict(orient="records")
        ]  # fmt: skip
        story.append(_table(["Maat", voor, na, "Richting"], rows,
                            [94 * mm, 25 * mm, 25 * mm, _WIDTH - 144 * mm],
                            numeric=(1, 2)))  # fmt: skip
    story.append(_p("Gaten die veranderden", "h2"))
    g = comparison.gaps
    if g is None or not len(g):
        story.append(_p("Geen gat (wijk × hub met geen of één partner) geopend of gesloten.",
                        "body"))  # fmt: skip
        return story
    rows = [
        [
            _p(GAP_CHANGES.get(r["verandering"], r["verandering"]),
               "cell_bold" if r["verandering"] in ("geopend", "verdiept") else "cell"),
            r["wijk_naam"],
            r["hub_naam"],
            f"{number(_int(r['partners_voor']))} naar {number(_int(r['partners_na']))}",
            _text(r.get("kenmerken")),
        ]
        for r in g.head(limit).to_dict(orient="records")
    ]  # fmt: skip
    story.append(_table(["Verandering", "Wijk", "Hub", "Partners", "Kenmerken van de wijk"], rows,
                        [40 * mm, 30 * mm, 40 * mm, 18 * mm, _WIDTH - 128 * mm]))  # fmt: skip
    return story + _more(limit, len(g), "veranderde gaten")


def _links_section(report: Any, h1: Callable[[str], Flowable], limit: int = 10) -> list[Flowable]:
    links = report.missing_links
    story: list[Flowable] = [
        h1("Sterkste ontbrekende verbanden"),
        _p(
            "Partnerparen die op dezelfde scholen, in dezelfde wijken of in dezelfde "
            "programma's werken, maar van wie geen samenwerking is vastgelegd. Hoe zeldzamer de "
            "gedeelde plek, hoe zwaarder die telt in de score.",
            "body",
        ),
        Spacer(1, 2.5 * mm),
    ]
    if links is None or not len(links):
        return [*story, _p("Geen ontbrekende verbanden gevonden.", "body")]
    rows = [
        [number(n), r.get("partner_a_naam"), r.get("partner_b_naam"), number(r.get("score"), 2),
         _text(r.get("toelichting"))]
        for n, r in enumerate(links.head(limit).to_dict(orient="records"), 1)
    ]  # fmt: skip
    story.append(_table(["#", "Partner", "Partner", "Score", "Waarom"], rows,
                        [8 * mm, 40 * mm, 40 * mm, 13 * mm, _WIDTH - 101 * mm],
                        numeric=(0, 3)))  # fmt: skip
    return story


def _vulnerability_section(
    vulnerability: pd.DataFrame, h1: Callable[[str], Flowable], limit: int = 15
) -> list[Flowable]:
    story: list[Flowable] = [
        h1("Kwetsbaarste partners"),
        _p(
            "Partners zonder wie de meeste wijk × hub-cellen leeg vallen. Lege cellen: cellen "
            "zonder partner als deze partner stopt; kinderen: kinderen in de wijken van die "
            "cellen (0 tot en met 17 jaar, of 0 tot en met 14 jaar volgens CBS, soms een bereik); doelen: LEA-doelen waarvan een grens zichtbaar zou dalen (afgerond zoals overal in dit rapport).",
            "body",
        ),
        Spacer(1, 2.5 * mm),
    ]
    if vulnerability is None or not len(vulnerability):
        return [*story, _p("Geen kwetsbare partners gevonden.", "body")]
    rows = [
        [number(_int(r.get("rang"))), r.get("partner_naam"), number(_int(r.get("lege_cellen"))),
         _text(r.get("kinderen"), "—"), _text(r.get("doelen"), "geen")]
        for r in vulnerability.head(limit).to_dict(orient="records")
    ]  # fmt: skip
    story.append(_table(["#", "Partner", "Lege cellen", "Kinderen", "Doelen die dalen"], rows,
                        [8 * mm, 52 * mm, 19 * mm, 17 * mm, _WIDTH - 96 * mm],
                        numeric=(0, 2, 3)))  # fmt: skip
    return story + _more(limit, len(vulnerability), "partners")


def _trend_section(
    trend: pd.DataFrame, report: Any, h1: Callable[[str], Flowable]
) -> list[Flowable]:
    story: list[Flowable] = [h1("Trend per schooljaar")]
    section = story[0].toc.split(".", 1)[0] if isinstance(story[0], _Heading) else "7"
    if trend is None or not len(trend) or "schooljaar" not in trend:
        return [*story, _p("Geen schooljaren in de gegevens: er is geen trend te tonen.", "body")]
    story += [
        _p(
            "Per schooljaar de onder- en bovengrens van elk berekenbaar LEA-doel: het werkelijke "
            "bereik ligt in het grijze vlak ertussen. De dikke stippellijn is het doel; de cijfers staan in de tabel onder de grafieken.",
            "body",
        ),
        Spacer(1, 2 * mm),
    ]
    years = [str(y) for y in trend["schooljaar"]]
    charts = lijngrafieken(trend, report.targets)
    table_rows: list[list[Any]] = []
    for n, g in enumerate((g for g in charts if g.code), 1):
        if g.leeg:
            story += [_p(f"{section}.{n}  {g.titel}", "h2"),
                      _p("Niet te berekenen in deze schooljaren.")]  # fmt: skip
            continue
        story.append(KeepTogether([_p(g.titel, "h2"), _line_chart(g, _WIDTH)]))
        low, high = (r.waarden for r in g.reeksen)
        statuses = trend.get(f"{g.code}_status", pd.Series([None] * len(trend)))
        for y, lo, hi, st in zip(years, low, high, statuses, strict=True):
            table_rows.append([_short_name(g.titel), y, range_text(lo, hi, short=True), _text(st)])
    for g in charts:
        if not g.code:
            chart = _line_chart(g, _WIDTH, height=50 * mm)
            story.append(KeepTogether([_p(g.titel, "h2"), chart]))
    if table_rows:
        story += [
            _p("De cijfers", "h2"),
            _table(["Doel", "Schooljaar", "Bereik", "Status"], table_rows,
                   [95 * mm, 25 * mm, 25 * mm, _WIDTH - 145 * mm], numeric=(2,)),
        ]  # fmt: skip
    return story


# -- the report -------------------------------------------------------------------------------


def _illustrative(report: Any, comparison: Any) -> bool:
    if any(getattr(i, "voorbeeld", "") for i in report.targets):
        return True
    return bool(comparison is not None and getattr(comparison, "voorbeeld", False))


def _sources_section(h1: Callable[[str], Flowable]) -> list[Flowable]:
    """Where the public figures come from (:data:`lea_graph.cijfers.UITGEVERS`)."""
    rows = [[uitgever, wat, voorwaarden] for uitgever, wat, voorwaarden in UITGEVERS]
    return [
        h1("Bronnen"),
        _p(
            "Scholen, leerlingen en wijkcijfers zijn openbaar; bij elk cijfer staan bron en "
            "datum. Partners, hubs, programma's en samenwerkingen komen uit de gegevens van de "
            "LEA; verzonnen voorbeeldrijen zijn als voorbeeld gemarkeerd.",
            "body",
        ),
        Spacer(1, 2 * mm),
        _table(["Uitgever", "Wat", "Voorwaarden"], rows, [50 * mm, 70 * mm, _WIDTH - 120 * mm]),
    ]


def write_report_pdf(
    report: Any,
    out: str | Path,
    *,
    comparison: Any = None,
    vulnerability: pd.DataFrame | None = None,
    trend: pd.DataFrame | None = None,
    title: str = "Analyse van het LEA-netwerk",
    voorbeeld: bool | None = None,
    wijkvormen: Mapping[str, Shape] | None = None,
) -> Path:
    """Write the report as an A4 PDF in Dutch, readable when printed in black and white.

    Parameters
    ----------
    report
        A :class:`lea_graph.analytics.report.Report` (:func:`~lea_graph.analytics.report.analyse`).
    out
        Path of the PDF; its folder is made when missing.
    comparison
        A :class:`lea_graph.analytics.compare.Comparison` with the previous version, or
        None: the section on changes then says there is nothing to compare with.
    vulnerability
        The kwetsbaarheid ranking (``rang``, ``partner_naam``, ``lege_cellen``,
        ``kinderen``, ``doelen``, ...), or None to leave the section out.
    trend
        :func:`lea_graph.analytics.compare.trend` of the network, or None to leave the
        section out.
    title
        The title on the first page and in the header and footer.
    voorbeeld
        Whether the data are (partly) illustrative (``bron=voorbeeld``); None infers it
        from the targets (:attr:`Indicator.voorbeeld`) and the comparison. When true, the
        title page carries :data:`VOORBEELD_NOTICE` in a box.
    wijkvormen
        The wijk boundaries as polygons in a plane (x east, y north, any unit; outer
        ring first, then holes) by wijk id, e.g. ``web.services.wijkvormen()``. When
        given for at least one wijk, a section after the gaps shows the wijken on a map,
        shaded by their number of gaps; without, that section is left out.

    Returns
    -------
    pathlib.Path
        The PDF written.
    """
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    if voorbeeld is None:
        voorbeeld = _illustrative(report, comparison)
    date = datum_nl(report.created)
    doc = _Doc(
        str(path),
        pagesize=_PORTRAIT,
        title=_safe(title),
        author="LEA Graph",
        subject="Rapport over het partnernetwerk van de Lokale Educatieve Agenda",
        creator="LEA Graph",
        lang="nl-NL",
    )
    portrait = Frame(_MARGIN, _BOTTOM, _WIDTH, _PORTRAIT[1] - _TOP - _BOTTOM, id="portrait",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
    wide = Frame(_LMARGIN, _BOTTOM, _LWIDTH, _LANDSCAPE[1] - _TOP - _BOTTOM, id="landscape",
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
    doc.addPageTemplates(
        [
            PageTemplate("portrait", [portrait], pagesize=_PORTRAIT),
            PageTemplate("landscape", [wide], pagesize=_LANDSCAPE),
        ]
    )
    toc = TableOfContents(levelStyles=[S["toc0"]], dotsMinLevel=0)
    counter = iter(range(1, 100))

    def h1(text: str) -> Flowable:
        label = f"{next(counter)}. {text}"
        return _Heading(_markup(label), S["h1"], _safe(label))

    story = _title_page(report, title, voorbeeld, toc, date)
    story += _targets_section(report, h1)
    coverage = report.coverage
    heatmap = _heatmap_section(report, h1)
    if coverage is not None and len(coverage) and "partners" in coverage:
        story += [NextPageTemplate("landscape"), PageBreak(), *heatmap]
        story += [NextPageTemplate("portrait"), PageBreak()]
    else:
        story += [Spacer(1, 6 * mm), CondPageBreak(60 * mm), *heatmap, Spacer(1, 8 * mm)]
    # Short sections stay on one page: KeepTogether moves them on when they do not fit.
    story += [KeepTogether(_gaps_section(report, h1)), Spacer(1, 8 * mm)]
    kaart = _kaart_section(report, wijkvormen, h1)
    if kaart:
        story += [KeepTogether(kaart), Spacer(1, 8 * mm)]
    story += [CondPageBreak(70 * mm), *_comparison_section(comparison, h1), Spacer(1, 8 * mm)]
    story += [KeepTogether(_links_section(report, h1))]
    if vulnerability is not None:
        story += [Spacer(1, 8 * mm), KeepTogether(_vulnerability_section(vulnerability, h1))]
    if trend is not None:
        story += [PageBreak(), *_trend_section(trend, report, h1)]
    story += [Spacer(1, 8 * mm), KeepTogether(_sources_section(h1))]
    # Several passes: the table of contents needs the page numbers.
    doc.multiBuild(story, canvasmaker=_canvas_maker(title, date))
    return path
