"""The report's shared layout: text Helvetica can print, the greys, the paragraph
styles, the page sizes and margins, section headings and the tables every section uses.

Every text goes through :func:`_safe` (characters Helvetica lacks become ASCII) and is
escaped (:func:`_markup`) before it is put into reportlab's Paragraph markup.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

import pandas as pd
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from lea_graph.text import number

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


def _short_name(naam: str) -> str:
    return naam.replace(" die meedoen aan brede talentontwikkeling", " (brede talentontwikkeling)")
