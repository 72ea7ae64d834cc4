"""Veranderingen: what changed between two versions of the network or two schooljaren,
and the trend per schooljaar."""

from __future__ import annotations

from typing import Any

from lea_graph.analytics.indicators import HEALTH_MEASURES
from lea_graph.analytics.report import records
from lea_graph.diff import rule_text
from lea_graph.grafiek import lijngrafieken
from lea_graph.text import percent
from web import charts, services
from web.screens import Screen, gap_changes_table
from web.tables import Col, table_from_frame

__all__ = ["choice", "veranderingen_screen"]


def choice(args: dict[str, str]) -> dict[str, Any]:
    """What to compare, from the page's parameters (with defaults people expect).

    ``vergelijk=versies`` compares ``voor`` and ``na`` (``huidig`` or a saved version;
    default: the newest saved version with the loaded network); ``vergelijk=jaren``
    compares schooljaren ``jaar_voor`` and ``jaar_na`` (default: the first and last
    year). Without ``vergelijk``: versions if a version was saved, else years.
    """
    saved = services.snapshots()
    years = services.years()
    mode = args.get("vergelijk") or ("versies" if saved else "jaren")
    if mode == "jaren":
        return {
            "vergelijk": "jaren",
            "jaar_voor": args.get("jaar_voor") or (years[-2] if len(years) > 1 else None),
            "jaar_na": args.get("jaar_na") or (years[-1] if years else None),
        }
    return {
        "vergelijk": "versies",
        "voor": args.get("voor") or (saved[0]["naam"] if saved else services.CURRENT),
        "na": args.get("na") or services.CURRENT,
    }


def _trend_view() -> dict[str, Any]:
    """The charts of the trend (:func:`lea_graph.grafiek.lijngrafieken`, as the PDF report
    draws them) and its rows."""
    frame = services.trend()
    if len(frame) < 1:
        return {"grafieken": [], "rows": []}
    grafieken = [
        {"titel": g.titel, "svg": charts.grafiek_svg(g), "doel": bool(g.code)}
        for g in lijngrafieken(frame, services.report().targets)
    ]
    return {"grafieken": grafieken, "rows": records(frame)}


def _trend_table(frame):
    columns = [Col("schooljaar", "Schooljaar")]
    for code, label in (("pact", "PacT-wijken"), ("lage_ses", "lage SES")):
        if f"{code}_ondergrens" in frame:
            columns += [
                Col(f"{code}_bereik", f"{label}: bereik", sort=f"{code}_ondergrens"),
                Col(f"{code}_status", f"{label}: status"),
            ]
    for key, label in HEALTH_MEASURES.items():
        kind = "pct" if key.startswith("aandeel") else "num"
        columns.append(Col(key, label, kind=kind))
    return table_from_frame(
        "trend",
        "Per schooljaar",
        frame,
        columns,
        explanation="De bereiksdoelen (van ondergrens, naar beneden afgerond, tot "
        "bovengrens, naar boven afgerond, zoals bij de LEA-doelen) en de "
        "netwerkgezondheid voor elk schooljaar in de gegevens, apart berekend.",
        empty="Er staan geen schooljaren in de gegevens.",
    )


@services.per_version
def veranderingen_screen(mode: str, voor: str | None, na: str | None, year: str | None) -> Screen:
    """The comparison of ``voor`` and ``na``: versions (``mode="versies"``; names of
    saved versions or ``huidig``, within ``year``) or schooljaren (``mode="jaren"``)."""
    if mode == "jaren":
        c = services.year_comparison(voor, na) if voor and na else None
    else:
        c = services.comparison(voor, na, year)
    trend_frame = services.trend()
    view = {"trend": _trend_view(), "snapshots": services.snapshots(), "comparison": c}
    info: dict[str, Any] = {"vergelijk": mode, "voor": voor, "na": na, "schooljaar": year}
    tables = []
    if c is not None:
        info.update(c.to_dict())
        info["voor"], info["na"] = voor, na
        info["voor_label"], info["na_label"] = c.voor, c.na
        tables.append(
            table_from_frame(
                "doelen",
                "LEA-doelen",
                c.targets,
                [
                    Col("naam", "Doel"),
                    Col("doel", "Streefwaarde"),
                    Col("stand_voor", c.voor),
                    Col("stand_na", c.na),
                    Col("richting", "Richting"),
                    Col("voorbeeld", "Voorbeeldgegevens"),
                ],
                explanation="Bereik met onder- en bovengrens en de status, zoals bij de "
                "LEA-doelen. Richting: 'hoger' als geen grens zakt en er minstens één stijgt, "
                "'lager' andersom, 'gemengd' als de ene stijgt en de andere zakt; telt zoals "
                "de grenzen getoond worden (ondergrens naar beneden, bovengrens naar boven "
                "afgerond): blijven die gelijk, dan is de richting 'gelijk'.",
            )
        )
        tables.append(
            gap_changes_table(
                c.gaps,
                "Gaten geopend en gesloten",
                f"Partners ({c.voor})",
                f"Partners ({c.na})",
                Col("toelichting", "Toelichting"),
                "Een gat is een hub × wijk-cel met geen of één partner (via activiteiten op "
                "scholen in de wijk onder de hub, of wijkinzet van hubleden). "
                "Bedrijventerreinen tellen niet mee. PacT-wijken staan eerst, dan wijken met "
                "meer kinderen.",
                "Geen gat geopend of gesloten.",
            )
        )
        health = c.health.assign(
            voor_tekst=[
                _health_value(k, v) for k, v in zip(c.health["maat"], c.health["voor"], strict=True)
            ],
            na_tekst=[
                _health_value(k, v) for k, v in zip(c.health["maat"], c.health["na"], strict=True)
            ],
        )
        tables.append(
            table_from_frame(
                "gezondheid",
                "Netwerkgezondheid",
                health,
                [
                    Col("naam", "Maat"),
                    Col("voor_tekst", c.voor),
                    Col("na_tekst", c.na),
                    Col("richting", "Richting"),
                ],
                explanation="Zoals bij 'LEA-doelen en netwerkgezondheid' onder Analyses.",
            )
        )
        tables.append(
            table_from_frame(
                "veranderingen",
                "Wat is nieuw, weg of anders",
                c.entities,
                [
                    Col("soort", "Soort"),
                    Col("verandering", "Verandering"),
                    Col("naam", "Wat"),
                    Col("toelichting", "Toelichting"),
                ],
                explanation=rule_text(with_year=mode != "jaren"),
                empty="Niets veranderd.",
                limit=60,
            )
        )
    tables.append(_trend_table(trend_frame))
    info["trend"] = view["trend"]["rows"]
    return Screen(info=info, tables=tables, view=view)


def _health_value(key: str, value: Any) -> str:
    if value is None or value != value:
        return "—"
    if key.startswith("aandeel"):
        return percent(value)
    from lea_graph.text import number

    return number(value, 0 if float(value).is_integer() else 2)
