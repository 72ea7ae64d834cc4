"""Partners: the list, and one partner's activities, wijkinzet, collaborations,
programmes, hubs and suggested collaborations."""

from __future__ import annotations

from web import services
from web.screens import Screen, columns, link, relation_rows, table
from web.tables import Col, num

__all__ = ["partner_screen", "partners_screen"]


PARTNER_COLUMNS = [
    Col("naam", "Partner", link=link("partner", "partner")), Col("type", "Type"),
    Col("hubs", "Hubs"), num("activiteiten", "Activiteiten"), num("scholen", "Scholen"),
    num("samenwerkingen", "Samenwerkt met"), Col("laatst_bevestigd", "Laatst bevestigd"),
    Col("bron", "Bron")
]  # fmt: skip


@services.per_version
def partners_screen(year: str | None) -> Screen:
    rows = services.partner_rows(year)
    partners = table(
        "partners",
        "Partners",
        PARTNER_COLUMNS,
        rows,
        "Alle partners. Activiteiten en scholen tellen de activiteiten op scholen en "
        "opvanglocaties; 'samenwerkt met' telt verschillende partners met een vastgelegde "
        "samenwerking. 'Laatst bevestigd' is de dag waarop de partner zijn gegevens voor het "
        "laatst bevestigde (leeg: nog nooit). Bron 'voorbeeld' betekent verzonnen "
        "voorbeeldgegevens.",
        order=("naam",),
    )
    return Screen(info={"schooljaar": year}, tables=[partners])


def _tables(partner_id: str, year: str | None) -> list:
    collaborations = relation_rows(partner_id, "samenwerkingen", year) + relation_rows(
        partner_id, "samenwerkingen", year, incoming=True
    )
    return [
        table("activiteiten", "Activiteiten op scholen en opvanglocaties",
              columns("school_naam", "wijk_naam", "programma_naam", "hub_naam", "schooljaar",
                      "deelnemers"),
              relation_rows(partner_id, "activiteiten", year), "Uit de tabel activiteiten.",
              empty="Geen activiteiten vastgelegd.",
              order=("wijk_naam", "school_naam", "schooljaar")),
        table("wijkinzet", "Inzet in wijken",
              columns("wijk_naam", "programma_naam", "schooljaar"),
              relation_rows(partner_id, "wijkinzet", year),
              "Uit de tabel wijkinzet: werk in een wijk buiten een bepaalde school.",
              empty="Geen wijkinzet vastgelegd."),
        table("samenwerkingen", "Samenwerkingen", columns("partner_naam", "soort", "schooljaar"),
              collaborations,
              "Uit de tabel samenwerkingen (een samenwerking zonder schooljaar telt als lopend).",
              empty="Geen samenwerkingen vastgelegd.", order=("partner_naam",)),
        table("programmas", "Programma's", columns("programma_naam", "rol"),
              relation_rows(partner_id, "programma_partners", year),
              "Uit de tabel programma_partners.", empty="Geen programmarollen vastgelegd."),
        table("suggesties", "Mogelijke nieuwe samenwerkingen",
              columns("partner_naam", "score", "toelichting"), services.partner_suggestions(partner_id, year),
              "Uit de 50 sterkste suggesties van de stad: partners met wie deze partner veel "
              "context deelt zonder vastgelegde samenwerking.",
              empty="Geen suggesties voor deze partner in de top 50 van de stad."),
    ]  # fmt: skip


@services.per_version
def partner_screen(partner_id: str, year: str | None) -> Screen:
    p = services.node(partner_id, "partner")
    report = services.report(year)
    hubs = [
        {"hub": r["hub"], "naam": r["hub_naam"], "rol": r["rol"], "bron": r["bron"]}
        for r in relation_rows(partner_id, "hub_leden", year)
    ]
    info = {
        "partner": dict(p),
        "hubs": hubs,
        "schooljaar": year,
        "makelaar": services.partner_broker(partner_id, year),
    }
    return Screen(
        info=info,
        tables=_tables(partner_id, year),
        view={"node": p, "hubs": hubs, "partners_total": len(report.brokers)},
    )
