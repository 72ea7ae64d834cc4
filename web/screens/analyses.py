"""Analyses: gaps, missing links, isolation and fragility, brokers, communities, targets."""

from __future__ import annotations

from lea_graph.model import column_label
from web import services
from web.screens import Screen, link
from web.screens.overzicht import gaps_table, links_table, targets_table
from web.tables import Col, Table, table_from_frame

__all__ = ["ANALYSES", "analysis_screen"]

#: slug → (title, one-line description)
ANALYSES = {
    "gaten": ("Gaten in de dekking", "Waar hubs een wijk niet of via één partner bereiken, en wie dat kan veranderen."),
    "ontbrekende-verbanden": ("Ontbrekende verbanden", "Partners die veel delen maar (nog) niet samenwerken."),
    "isolement": ("Isolement en kwetsbaarheid", "Geïsoleerde partners, locaties zonder activiteit, afhankelijkheid van één partner, verbindende partners en gesloten bastions."),
    "makelaars": ("Makelaars", "Partners die anderen met elkaar verbinden."),
    "gemeenschappen": ("Gemeenschappen", "Groepen partners die in de praktijk samen optrekken, en of die de hubs volgen."),
    "doelen": ("LEA-doelen en netwerkgezondheid", "De bereiksdoelen en hoe het netwerk zich per schooljaar ontwikkelt."),
}  # fmt: skip

_LINKS = {
    "partner": link("partner", "partner"),
    "partner_naam": link("partner", "partner"),
    "school_naam": link("school", "school"),
    "wijk_naam": link("wijk", "wijk"),
    "hub_naam": link("hub", "hub"),
}
_NUMERIC = ("int", "float")


#: Plain headers on the pages for the analysts' columns (the report and API keep theirs).
_PLAIN_LABELS = {
    "betweenness": "Verbindt groepen",
    "betweenness_projectie": "Verbindt via gedeelde plekken",
    "bastionscore": "Blijft binnen de hub",
}


def _auto(
    table_id: str, title: str, df, explanation: str, *, hide=(), empty="Niets gevonden."
) -> Table:
    columns = []
    for col in df.columns:
        if col in hide:
            continue
        kind = "num" if df[col].dtype.kind in "if" else "text"
        label = _PLAIN_LABELS.get(col) or column_label(col)
        columns.append(Col(col, label, kind=kind, link=_LINKS.get(col)))
    return table_from_frame(table_id, title, df, columns, explanation=explanation, empty=empty)


def _gaps(report) -> list[Table]:
    return [
        gaps_table(report, limit=None),
        _auto("kandidaten", "Kandidaten voor de grootste gaten", report.gap_candidates,
              "Voor de twintig grootste gaten de partners die ze het best kunnen vullen.",
              hide=("wijk", "hub", "partner")),
    ]  # fmt: skip


def _isolation(report) -> list[Table]:
    return [
        _auto("geisoleerd", "Geïsoleerde partners", report.isolated,
              "Partners zonder vastgelegde samenwerking en zonder hub.", hide=("partner",),
              empty="Geen geïsoleerde partners."),
        _auto("zonder-activiteit", "Locaties zonder activiteit", report.idle,
              "Scholen en opvanglocaties waar geen enkele partner iets doet.", hide=("school", "wijk"),
              empty="Elke locatie heeft minstens één activiteit."),
        _auto("hangt-op-een", "Hangt op één partner", report.single,
              "Wijken en hub × wijk-cellen die van één partner afhangen.", hide=("wijk", "hub", "partner"),
              empty="Niets hangt op één partner."),
        _auto("verbinders", "Verbindende partners", report.cut,
              "Partners zonder wie het samenwerkingsnetwerk uiteenvalt.",
              hide=("partner",), empty="Geen enkele partner houdt het netwerk alleen bij elkaar."),
        _auto("bastions", "Gesloten bastions", report.bastions,
              "Per hub het aandeel van de samenwerkingen van de leden dat binnen de hub blijft.",
              hide=("hub",)),
    ]  # fmt: skip


def _brokers(report) -> list[Table]:
    return [
        _auto("makelaars", "Makelaars", report.brokers,
              "Verbindt groepen: hoe vaak deze partner op de kortste weg tussen twee andere "
              "partners ligt, in de samenwerkingen; Verbindt via gedeelde plekken: hetzelfde "
              "via gedeelde scholen, wijken en programma's.", hide=("partner", "methode")),
    ]  # fmt: skip


def _communities(report) -> list[Table]:
    return [
        _auto("gemeenschappen", "Gemeenschappen", report.community_table,
              "Groepen partners die vaak dezelfde scholen, wijken en programma's delen.")
    ]  # fmt: skip


def _targets(report) -> list[Table]:
    return [
        targets_table(report),
        _auto("gezondheid", "Netwerkgezondheid per schooljaar", report.health,
              "Dichtheid van het samenwerkingsnetwerk, aandeel hubleden met een samenwerking "
              "met een andere hub, partners per locatie en aandeel bereikte locaties."),
    ]  # fmt: skip


#: slug → the tables of that analysis.
_TABLES = {
    "gaten": _gaps,
    "ontbrekende-verbanden": lambda report: [links_table(report, limit=None)],
    "isolement": _isolation,
    "makelaars": _brokers,
    "gemeenschappen": _communities,
    "doelen": _targets,
}


@services.per_version
def analysis_screen(slug: str, year: str | None) -> Screen:
    report = services.report(year)
    title, description = ANALYSES[slug]
    info: dict = {"analyse": slug, "titel": title, "schooljaar": year}
    view: dict = {"title": title, "description": description, "gap_rule": services.GAP_RULE}
    if slug == "gemeenschappen":
        info["modulariteit"] = view["modularity"] = report.communities.modularity
        info["vergelijking_met_hubs"] = view["alignment"] = report.communities.alignment
        view["groups_plain"] = (
            "De partners vallen in duidelijke groepen."
            if (report.communities.modularity or 0) >= 0.3
            else "De groepen zijn niet scherp: veel partners werken ook buiten hun groep samen."
        )
        # The verdict without its measures (those are in the fold "Hoe berekend?").
        verdict = str(report.communities.alignment.get("toelichting", "")).split(" (NMI")[0]
        view["alignment_plain"] = verdict if verdict.endswith(".") else verdict + "."
    return Screen(info=info, tables=_TABLES[slug](report), view=view)
