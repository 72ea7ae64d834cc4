"""Section "Wat is er veranderd sinds de vorige versie": the comparison with the
previous version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from lea_graph.report_pdf.opmaak import (
    _WIDTH,
    S,
    _int,
    _markup,
    _missing,
    _more,
    _p,
    _safe,
    _table,
    _text,
)
from lea_graph.text import number, percent


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
