"""Partners: the list, and one partner's activities, wijkinzet, collaborations,
programmes, hubs and suggested collaborations."""

from __future__ import annotations

from typing import Any

from lea_graph.text import LIST_SEP
from web import services
from web.screens import Screen, columns, link, name, relation_rows, table
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
    net = services.network(year)
    collab = net.collaboration_graph()
    acts = net.activities.groupby("partner").agg(n=("school", "size"), s=("school", "nunique"))
    rows = [
        {
            "partner": p,
            "naam": net.name(p),
            "type": net.attr(p, "type") or "",
            "hubs": LIST_SEP.join(net.name(h) for h in net.members.get(p, [])),
            "activiteiten": int(acts.loc[p, "n"]) if p in acts.index else 0,
            "scholen": int(acts.loc[p, "s"]) if p in acts.index else 0,
            "samenwerkingen": collab.degree(p),
            "laatst_bevestigd": net.attr(p, "laatst_bevestigd") or "",
            "bron": net.attr(p, "bron") or "",
        }
        for p in net.ids["partner"]
    ]
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


def _suggestions(partner_id: str, year: str | None) -> list[dict[str, Any]]:
    """This partner's pairs among the city's strongest missing links."""
    links = services.report(year).missing_links
    mine = links[(links["partner_a"] == partner_id) | (links["partner_b"] == partner_id)]
    out = []
    for r in mine.to_dict(orient="records"):
        other = r["partner_b"] if r["partner_a"] == partner_id else r["partner_a"]
        out.append(
            {
                "partner": other,
                "partner_naam": name(other),
                "score": r["score"],
                "toelichting": r["toelichting"],
            }
        )
    return out


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
              columns("partner_naam", "score", "toelichting"), _suggestions(partner_id, year),
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
    broker = report.brokers[report.brokers["partner"] == partner_id]
    info = {
        "partner": dict(p),
        "hubs": hubs,
        "schooljaar": year,
        "makelaar": broker.iloc[0][["rang", "betweenness", "toelichting"]].to_dict()
        if len(broker)
        else None,
    }
    return Screen(
        info=info,
        tables=_tables(partner_id, year),
        view={"node": p, "hubs": hubs, "partners_total": len(report.brokers)},
    )
