"""Section "Sterkste ontbrekende verbanden": the strongest missing links."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from lea_graph.report_pdf.opmaak import _WIDTH, _p, _table, _text
from lea_graph.text import number


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
