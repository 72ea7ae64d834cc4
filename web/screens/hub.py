"""Hubs: the list, and per hub its members, reach per wijk, gaps and partners to recruit.

Everything comes from the loaded network's graph and its analyses (one data path): the
members are :func:`lea_graph.analytics.lookup.hub_partners`.
"""

from __future__ import annotations

from lea_graph.analytics.coverage import GAP_DEFINITION
from web import services
from web.screens import Screen, columns, link, table
from web.screens.kaart import hub_kaart
from web.tables import Col, num, table_from_frame

__all__ = ["hub_screen", "hubs_screen"]

#: How the candidates to recruit are scored (suggestions.gap_suggestions), in words.
CANDIDATE_POINTS = (
    "Punten: 3 als lid van de hub, 2 voor werk in een buurwijk (zelfde stadsdeel), 1 voor "
    "werk in een vergelijkbare wijk (zelfde PacT en SES), 1 als de partner de wijk al kent, "
    "2 als het type van de partner bij het domein van de hub past."
)


HUB_COLUMNS = [
    Col("naam", "Hub", link=link("hub", "hub")), Col("domein", "Domein"),
    num("leden", "Leden"), num("wijken_bereikt", "Wijken bereikt"), num("gaten", "Gaten"),
    Col("bastionscore", "Blijft binnen de hub", kind="pct")
]  # fmt: skip


@services.per_version
def hubs_screen(year: str | None) -> Screen:
    rows = services.hub_rows(year)
    hubs_table = table(
        "hubs",
        "Hubs",
        HUB_COLUMNS,
        rows,
        "Leden volgens de tabel hub_leden. Een wijk is bereikt als minstens één partner er "
        f"onder deze hub actief is (op een school of met wijkinzet). {GAP_DEFINITION} "
        "Blijft binnen de hub: het deel "
        "van de samenwerkingen van de leden dat binnen de hub blijft (100% = de leden werken "
        "alleen met elkaar).",
        order=("naam",),
    )
    return Screen(info={"schooljaar": year}, tables=[hubs_table])


def _candidate_rows(lists: list[dict]) -> list[dict]:
    """The per-gap lists as one table: per wijk first the members, then the organisations."""
    return [
        {**p, "wijk": gap["wijk"], "wijk_naam": gap["wijk_naam"],
         "lijst": "lid van de hub" if key == "leden" else "werven",
         "lid_van_hub": key == "leden", "redenen": "; ".join(p["redenen"])}
        for gap in lists for key in ("leden", "werven") for p in gap[key]
    ]  # fmt: skip


def _tables(hub_id: str, year: str | None, found: dict, lists: list[dict]) -> list:
    members = services.hub_partners(hub_id, year)
    for m in members:
        m["aantal_wijken"] = len(set(m["wijken_via_scholen"]) | set(m["wijken_via_inzet"]))
    return [
        table("leden", "Leden en hun bereik",
              [*columns("partner_naam"), Col("partner_type", "Type"), *columns("rol"),
               Col("activiteiten", "Activiteiten", kind="num"),
               Col("aantal_scholen", "Scholen", kind="num"),
               Col("aantal_wijken", "Wijken", kind="num")],
              members,
              "Leden volgens hub_leden. Activiteiten onder deze hub of zonder hub; wijken via "
              "scholen en via wijkinzet.",
              empty="Deze hub heeft nog geen leden."),
        table_from_frame(
            "bereik", "Alle wijken: partners van deze hub", found["bereik"],
            [*columns("wijk_naam"), Col("stadsdeel", "Stadsdeel"), Col("pact", "PacT-wijk"),
             Col("ses", "SES", source="ses_bron"), Col("partners", "Partners van deze hub", kind="num"),
             Col("activiteiten", "Activiteiten", kind="num"),
             Col("wijkinzet", "Wijkinzet", kind="num"), Col("partner_namen", "Partners (namen)")],
            explanation="Per wijk de partners die hem onder deze hub bereiken, via scholen en "
            "wijkinzet."),
        table_from_frame(
            "gaten", "Waar de hub niet (goed) komt", found["gaten"],
            columns("wijk_naam", "soort", "partner_namen", "prioriteit", "toelichting"),
            explanation="Wijken zonder of met één partner van deze hub, de meest urgente eerst.",
            empty="Deze hub bereikt elke wijk met meer dan één partner."),
        table_from_frame(
            "kandidaten", "Alle kandidaten in één tabel", _candidate_rows(lists),
            [Col("wijk_naam", "Voor wijk", link=link("wijk", "wijk")), *columns("partner_naam"),
             Col("partner_type", "Type"), Col("lijst", "Lijst"),
             Col("lid_van_hub", "Al lid", kind="bool"), *columns("score", "redenen")],
            explanation="Voor de acht grootste gaten van deze hub de beste leden en de beste "
            "organisaties om te werven. " + CANDIDATE_POINTS,
            empty="Geen kandidaten gevonden."),
    ]  # fmt: skip


@services.per_version
def hub_screen(hub_id: str, year: str | None) -> Screen:
    h = services.node(hub_id, "hub")
    found = services.hub_tables(hub_id, year)
    lists = services.recruit_lists(hub_id, year)
    info = {"hub": dict(h), "schooljaar": year, "bastion": found["bastion"]}
    return Screen(
        info=info,
        tables=_tables(hub_id, year, found, lists),
        view={
            "node": h,
            "stadsdelen": found["stadsdelen"],
            "kaart": hub_kaart(hub_id, year),
            "werven": lists,
        },
    )
