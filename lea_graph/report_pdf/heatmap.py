"""Section "Dekking: wijk × hub" (landscape pages): grey levels and the number in
every cell, empty cells boxed with a bold 0, PacT wijken marked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from lea_graph.analytics.coverage import GAP_KINDS, gap_kind, heatmap_columns
from lea_graph.report_pdf.opmaak import (
    _BOLD,
    _FONT,
    _HEAD_BG,
    _INK,
    _ITALIC,
    _LWIDTH,
    _RULE,
    S,
    _markup,
    _p,
    _safe,
    _text,
)
from lea_graph.text import number, plural


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
