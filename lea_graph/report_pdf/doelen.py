"""Section "LEA-doelen": the targets with their bounds and status, each with a bar of
its band, and how to read the figures.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from lea_graph.analytics.coverage import GAP_DEFINITION
from lea_graph.bereik import pct_down, pct_up
from lea_graph.report_pdf.grafieken import _target_bar
from lea_graph.report_pdf.opmaak import _WIDTH, S, _markup, _p, _table

_STATUS_TEXT = {
    "gehaald": "gehaald: ook de ondergrens haalt het doel",
    "niet gehaald": "niet gehaald: ook de bovengrens blijft onder het doel",
    "onzeker": "onzeker: het doel ligt tussen de onder- en de bovengrens",
    "niet te berekenen": "niet te berekenen uit deze gegevens",
    "geen doel": "geen doel",
}


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
