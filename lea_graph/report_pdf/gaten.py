"""Section "Grootste gaten": the wijk × hub cells with no or one partner."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from lea_graph.analytics.coverage import GAP_RULE, wijk_marks
from lea_graph.report_pdf.opmaak import _WIDTH, _int, _more, _p, _table, _text
from lea_graph.text import number, plural


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
