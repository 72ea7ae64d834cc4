"""Section "Trend per schooljaar": a line chart and a table per figure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from lea_graph.bereik import range_text
from lea_graph.grafiek import lijngrafieken
from lea_graph.report_pdf.grafieken import _line_chart
from lea_graph.report_pdf.opmaak import _WIDTH, _Heading, _p, _short_name, _table, _text


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
