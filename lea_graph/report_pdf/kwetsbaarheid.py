"""Section "Kwetsbaarste partners": the kwetsbaarheid ranking."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from lea_graph.report_pdf.opmaak import _WIDTH, _int, _more, _p, _table, _text
from lea_graph.text import number


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
