"""Overzicht: key counts, the LEA targets, the wijk × hub heatmap, top gaps and links.

The tables of targets, gaps and missing links are shared with the analyses screens.
"""

from __future__ import annotations

from lea_graph.analytics.coverage import GAP_DEFINITION
from web import services
from web.screens import Screen, link
from web.tables import Col, Table, table_from_frame

__all__ = ["gaps_table", "heatmap_table", "links_table", "overzicht_screen", "targets_table"]

COUNT_TEXT = {
    "partner": ("partners", "organisaties in het netwerk (tabel partners)"),
    "hub": ("hubs", "kenniscentra voor brede talentontwikkeling"),
    "wijk": ("wijken", "wijken van de gemeente"),
    "school": ("scholen en opvanglocaties", "alle locaties waar kinderen zijn"),
    "activiteiten": ("activiteiten", "activiteiten van partners op scholen en opvanglocaties"),
    "wijkinzet": ("wijkinzet", "inzet van partners in een wijk buiten een school"),
    "samenwerkingen": ("samenwerkingen", "vastgelegde samenwerkingen tussen partners"),
}


def targets_table(report) -> Table:
    frame = report.frame("targets")
    return table_from_frame(
        "lea-doelen",
        "LEA-doelen",
        frame,
        [
            Col("naam", "Doel"),
            Col("bereik", "Bereik"),
            Col("ondergrens", "Ondergrens"),
            Col("bovengrens", "Bovengrens"),
            Col("doel", "Streefwaarde"),
            Col("status", "Status"),
            Col("toelichting", "Toelichting"),
            Col("uitsluitsel", "Wat zou uitsluitsel geven"),
            Col("voorbeeld", "Voorbeeldgegevens"),
            Col("berekening", "Hoe berekend"),
            Col("ontbrekend", "Ontbrekende gegevens"),
        ],
        explanation="De bereiksdoelen voor brede talentontwikkeling uit de uitvoeringsagenda "
        "(bijlage 1, cluster 2).",
    )


def heatmap_table(report) -> Table:
    """Partners per wijk and hub. With several gemeenten the columns are the six domains
    (every gemeente has its own hub per domain), so the table stays six columns wide.

    Each row has the wijk's ``soort`` and per column ``<kolom>__gat``, the kind of gap
    (:func:`lea_graph.analytics.coverage.gap_kind`; None for no gap, and always None in a
    bedrijventerrein)."""
    heatmap = services.heatmap(report.schooljaar)
    columns = [
        Col("wijk_naam", "Wijk", link=link("wijk", "wijk")),
        Col("stadsdeel", "Stadsdeel"),
        Col("soort", "Soort"),
        Col("pact", "PacT-wijk"),
        Col("ses", "SES", source="ses_bron"),
    ] + [Col(h, h, kind="num") for h in heatmap.columns]
    per = (
        "domein (de hub van dat domein in de gemeente van de wijk)" if heatmap.per_domain else "hub"
    )
    return Table(
        "dekking",
        "Dekking: partners per wijk en hub",
        columns,
        heatmap.rows,
        f"Per wijk en {per} het aantal verschillende partners dat de wijk bereikt: met een "
        "activiteit onder die hub op een school of opvanglocatie in de wijk, of met wijkinzet "
        f"door een lid van de hub. {GAP_DEFINITION}",
        extra={"hubs": heatmap.columns},
    )


def gaps_table(report, limit: int | None = 10) -> Table:
    return table_from_frame(
        "gaten",
        "Grootste gaten",
        report.gaps,
        [
            Col("rang", "Rang", kind="num"),
            Col("wijk_naam", "Wijk", link=link("wijk", "wijk")),
            Col("hub_naam", "Hub", link=link("hub", "hub")),
            Col("soort", "Soort"),
            Col("prioriteit", "Prioriteit", kind="num"),
            Col("toelichting", "Toelichting"),
        ],
        explanation=f"Hub × wijk-cellen zonder of met één partner. {services.GAP_RULE}",
        empty="Geen gaten: elke hub bereikt elke wijk met meer dan één partner.",
        limit=limit,
    )


def links_table(report, limit: int | None = 10) -> Table:
    return table_from_frame(
        "ontbrekende-verbanden",
        "Kansrijke nieuwe samenwerkingen",
        report.missing_links,
        [
            Col("partner_a_naam", "Partner", link=link("partner", "partner_a")),
            Col("partner_b_naam", "Partner", link=link("partner", "partner_b")),
            Col("score", "Score", kind="num"),
            Col("toelichting", "Toelichting"),
        ],
        explanation="Partnerparen die dezelfde scholen, wijken, thema's of programma's "
        "delen maar geen samenwerking hebben vastgelegd. Score: de som over de gedeelde "
        "scholen, wijken, programma's en thema's van 1 ÷ het aantal partners daar (een "
        "zeldzame gedeelde plek telt zwaarder).",
        empty="Geen suggesties: partners die iets delen werken al samen.",
        limit=limit,
    )


@services.per_version
def overzicht_screen(year: str | None) -> Screen:
    report = services.report(year)
    stats = services.stats()
    counts = {**stats["nodes"], **stats["edges"]}
    return Screen(
        info={
            "schooljaar": year,
            "aantallen": {
                key: {"aantal": counts.get(key, 0), "naam": name, "uitleg": text}
                for key, (name, text) in COUNT_TEXT.items()
            },
            "doelen": [i.to_dict() for i in report.targets],
        },
        tables=[
            targets_table(report),
            heatmap_table(report),
            gaps_table(report),
            links_table(report),
        ],
        view={"targets": report.targets},
    )
