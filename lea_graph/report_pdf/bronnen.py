"""Section "Bronnen": where the public figures come from."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from lea_graph.cijfers import UITGEVERS
from lea_graph.report_pdf.opmaak import _WIDTH, _p, _table


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
