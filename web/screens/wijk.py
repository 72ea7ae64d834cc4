"""Wijken: the list, and per wijk who does what, its schools, gaps, candidates and reach.

Everything on these screens comes from the loaded network's graph and its analyses
(one data path): "who does what" is :func:`lea_graph.analytics.lookup.wie_doet_wat`.
"""

from __future__ import annotations

from lea_graph import cijfers
from lea_graph.analytics.coverage import GAP_DEFINITION
from lea_graph.analytics.dunst import DUNST_KORT, DUNST_REGEL
from lea_graph.analytics.wijkpartners import SOORTEN, WijkPartners
from lea_graph.text import fold
from web import services
from web.screens import Screen, columns, link, partner_col, table
from web.screens.kaart import wijk_kaart
from web.tables import Col, num, table_from_frame

__all__ = ["wijk_screen", "wijken_screen"]


WIJK_COLUMNS = [
    Col("naam", "Wijk", link=link("wijk", "wijk")), Col("stadsdeel", "Stadsdeel"),
    Col("soort", "Soort"), Col("pact", "PacT-wijk"),
    Col("ses", "SES", source="ses_bron"),
    Col("kinderen_tekst", "Kinderen", source="kinderen_bron", sort="kinderen_midden"),
    Col("kinderen_leeftijd", "Leeftijd kinderen"),
    num("scholen", "Scholen en opvang"), partner_col("alle"), partner_col("via_hubs"),
    num("activiteiten", "Activiteiten"), num("hubs", "Hubs aanwezig"), num("gaten", "Gaten")
]  # fmt: skip


@services.per_version
def wijken_screen(year: str | None) -> Screen:
    wijken = table(
        "wijken",
        "Wijken",
        WIJK_COLUMNS,
        services.wijk_rows(year),
        "Per wijk: locaties, partners, het aantal activiteiten, hoeveel van de hubs de wijk "
        f"bereiken en in hoeveel hubs de wijk een gat is. {SOORTEN['alle'][0]}: "
        f"{SOORTEN['alle'][1]} {SOORTEN['via_hubs'][0]}: {SOORTEN['via_hubs'][1]} "
        f"{GAP_DEFINITION} Kinderen, SES en PacT komen uit de tabel wijken.",
        order=("naam",),
    )
    dunst = [
        {k: r.get(k) for k in ("rang", "wijk", "naam", "kinderen_tekst", "pact", "ses",
                               "partners_via_hubs", "gaten", "score")}
        for r in services.dunste_wijken(year)
    ]  # fmt: skip
    return Screen(
        info={"schooljaar": year},
        tables=[wijken],
        view={
            "dunst": dunst,
            "dunst_kort": DUNST_KORT,
            "dunst_regel": DUNST_REGEL,
            "partner_uitleg": SOORTEN["via_hubs"][1],
        },
    )


def _who_does_what(wijk_id: str, year: str | None) -> list[dict]:
    """The rows of "who does what", one per activity or wijkinzet, for the table."""
    rows = services.wie_doet_wat(wijk_id, year)
    for r in rows:
        r["groep"] = services.activity_group(wijk_id, r)
        r["hub_of_inzet"] = r.get("hub_naam") or ("wijkinzet" if r["via"] == "wijk" else "")
        r["waar"] = r.get("school_naam") or "in de wijk (wijkinzet)"
    rows.sort(
        key=lambda r: (
            r["groep"], r["hub_of_inzet"], fold(str(r["partner_naam"])), r.get("schooljaar") or ""
        )
    )  # fmt: skip
    return rows


def _tables(wijk_id: str, year: str | None, rows: list[dict]) -> list:
    found = services.wijk_tables(wijk_id, year)
    return [
        table("wie-doet-wat", "Alle activiteiten in deze wijk",
              [Col("groep", "Cluster"), Col("hub_of_inzet", "Hub"), *columns("partner_naam"),
               Col("waar", "Waar", link=link("school", "school")),
               *columns("programma_naam", "schooljaar", "deelnemers")],
              rows,
              "Elke rij is een activiteit van een partner op een school of opvanglocatie in "
              "deze wijk, of inzet van een partner in de wijk zelf. Gegroepeerd naar cluster "
              "(via het programma; een activiteit die als brede talentontwikkeling telt valt "
              "in dat cluster) en hub.",
              empty="Er is in deze wijk geen activiteit of wijkinzet vastgelegd."),
        table_from_frame(
            "scholen", "Scholen en opvanglocaties", found["scholen"],
            [Col("school_naam", "Naam", link=link("school", "school")), Col("sector", "Sector"),
             Col("aantal_domeinen", "Domeinen", kind="num"), Col("ontbrekend", "Ontbreekt")],
            explanation="Welke van de zes domeinen van brede talentontwikkeling elke locatie "
            "heeft (een activiteit onder een hub van dat domein, of van een partner van dat "
            "type).",
            empty="Er zijn geen scholen of opvanglocaties in deze wijk bekend."),
        table_from_frame(
            "gaten", "Gaten in deze wijk", found["gaten"],
            [*columns("hub_naam", "soort", "partner_namen", "prioriteit"),
             Col("rang", "Rang in de stad", kind="num")],
            explanation="Hubs die deze wijk niet of via één partner bereiken.",
            empty="Geen gaten: elke hub bereikt deze wijk met meer dan één partner."),
        table_from_frame(
            "kandidaten", "Wie kan een gat vullen", found["kandidaten"],
            columns("hub_naam", "partner_naam", "score", "redenen"),
            explanation="Voor de grootste gaten van de stad: partners die het gat kunnen vullen.",
            empty="Geen kandidaten voor deze wijk in de lijst van grootste gaten."),
    ]  # fmt: skip


@services.per_version
def wijk_screen(wijk_id: str, year: str | None) -> Screen:
    w = services.node(wijk_id, "wijk")
    rows = _who_does_what(wijk_id, year)
    wie = services.wie_doet_wat_per_partner(wijk_id, year)
    target = services.wijk_reach(wijk_id, year)
    partners = services.wijk_partners(year).get(wijk_id, WijkPartners())
    info = {
        "wijk": dict(w),
        "schooljaar": year,
        "partners": partners.aantallen(),
        "cijfers": cijfers.wijk_cijfers(w),
        "ses_regel": cijfers.SES_REGEL if cijfers.ses_uit_inkomen(w) else "",
        "vermelding": cijfers.CBS_VERMELDING
        if any(cijfers.van_cbs(c["bron"]) for c in cijfers.wijk_cijfers(w))
        else "",
        "bereik": target.to_dict(),
    }
    return Screen(
        info=info,
        tables=_tables(wijk_id, year, rows),
        view={
            "wie": wie,
            "target": target,
            "node": w,
            "kaart": wijk_kaart(wijk_id),
            "partner_soorten": SOORTEN,
        },
    )
