"""The title page: the network's size, the key figures and the table of contents; the
notice when (some of) the data are illustrative (:data:`VOORBEELD_NOTICE`).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.tableofcontents import TableOfContents

from lea_graph import model
from lea_graph.analytics.coverage import counted_cells
from lea_graph.report_pdf.opmaak import (
    _BOLD,
    _INK,
    _RULE,
    _WIDTH,
    S,
    _int,
    _markup,
    _missing,
    _notice,
    _p,
    _short_name,
    _table,
    _text,
)
from lea_graph.text import number, percent, plural
from lea_graph.tijd import tijd_nl

#: The notice on the title page when (some of) the data are illustrative.
VOORBEELD_NOTICE = "Let op: bevat voorbeeldgegevens (bron=voorbeeld, verzonnen)"


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
