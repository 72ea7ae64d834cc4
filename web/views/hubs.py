"""Hubs, for the kwartiermaker: members, reach per wijk, gaps and partners to recruit."""

from __future__ import annotations

from flask import Blueprint

from lea_graph.analytics.suggestions import gap_suggestions
from lea_graph.text import fold
from web import services
from web.db import get_store
from web.pages import render_page
from web.screens import Screen, link
from web.tables import Col, Table, table_from_frame

bp = Blueprint("hubs", __name__)


@services.per_version
def hubs_screen(year: str | None) -> Screen:
    report = services.report(year)
    net = services.network(year)
    scores = dict(zip(report.bastions["hub"], report.bastions["bastionscore"], strict=True))
    partners = report.coverage.groupby("hub")["partners"]
    reached = (report.coverage["partners"] > 0).groupby(report.coverage["hub"]).sum()
    gaps = (report.coverage["partners"] <= 1).groupby(report.coverage["hub"]).sum()
    wijken = partners.size()
    members: dict[str, int] = {}
    for hubs in net.members.values():
        for h in hubs:
            members[h] = members.get(h, 0) + 1
    rows = []
    for h in net.ids["hub"]:
        score = scores.get(h)
        rows.append(
            {
                "hub": h,
                "naam": net.name(h),
                "domein": net.attr(h, "domein") or "",
                "leden": members.get(h, 0),
                "wijken_bereikt": int(reached.get(h, 0)),
                "wijken": int(wijken.get(h, 0)),
                "gaten": int(gaps.get(h, 0)),
                "bastionscore": None if score is None or score != score else float(score),
            }
        )
    rows.sort(key=lambda r: fold(r["naam"]))
    table = Table(
        "hubs",
        "Hubs",
        [
            Col("naam", "Hub", link=link("hub", "hub")),
            Col("domein", "Domein"),
            Col("leden", "Leden", kind="num"),
            Col("wijken_bereikt", "Wijken bereikt", kind="num"),
            Col("gaten", "Gaten", kind="num"),
            Col("bastionscore", "Bastionscore", kind="pct"),
        ],
        rows,
        "Leden volgens de tabel hub_leden. Een wijk is bereikt als minstens één partner er "
        "onder deze hub actief is (op een school of met wijkinzet); een gat is een wijk met "
        "geen of één partner. Bastionscore: het aandeel van de samenwerkingen van de leden "
        "dat binnen de hub blijft (100% = een gesloten bastion).",
    )
    return Screen(info={"schooljaar": year}, tables=[table])


@bp.route("/hubs")
def index():
    year = services.schooljaar()
    screen = hubs_screen(year)
    return render_page("lijst.html", tables=screen.tables, screen=screen, title="Hubs")


@services.per_version
def hub_screen(hub_id: str, year: str | None) -> Screen:
    h = services.node(hub_id, "hub")
    report = services.report(year)
    members = get_store().query("hub_partners", hub=hub_id, schooljaar=year)
    for m in members:
        m["aantal_wijken"] = len(set(m["wijken_via_scholen"]) | set(m["wijken_via_inzet"]))
    members_table = Table(
        "leden",
        "Leden en hun bereik",
        [
            Col("partner_naam", "Partner", link=link("partner", "partner")),
            Col("partner_type", "Type"),
            Col("rol", "Rol"),
            Col("activiteiten", "Activiteiten", kind="num"),
            Col("aantal_scholen", "Scholen", kind="num"),
            Col("aantal_wijken", "Wijken", kind="num"),
        ],
        members,
        "Leden volgens hub_leden. Activiteiten onder deze hub of zonder hub; wijken via "
        "scholen en via wijkinzet.",
        empty="Deze hub heeft nog geen leden.",
    )
    cells = report.coverage[report.coverage["hub"] == hub_id].copy()
    net = services.network(year)
    cells["kenmerken_bron"] = [net.attr(w, "kenmerken_bron") or "" for w in cells["wijk"]]
    reach = table_from_frame(
        "bereik",
        "Bereik per wijk",
        cells,
        [
            Col("wijk_naam", "Wijk", link=link("wijk", "wijk")),
            Col("stadsdeel", "Stadsdeel"),
            Col("pact", "PacT-wijk"),
            Col("ses", "SES", source="kenmerken_bron"),
            Col("partners", "Partners", kind="num"),
            Col("activiteiten", "Activiteiten", kind="num"),
            Col("wijkinzet", "Wijkinzet", kind="num"),
            Col("partner_namen", "Partners (namen)"),
        ],
        explanation="Per wijk de partners die hem onder deze hub bereiken, via scholen en wijkinzet.",
    )
    gaps = report.gaps[report.gaps["hub"] == hub_id]
    gaps_table = table_from_frame(
        "gaten",
        "Waar de hub niet (goed) komt",
        gaps,
        [
            Col("wijk_naam", "Wijk", link=link("wijk", "wijk")),
            Col("soort", "Soort"),
            Col("partner_namen", "Enige partner"),
            Col("prioriteit", "Prioriteit", kind="num"),
            Col("toelichting", "Toelichting"),
        ],
        explanation="Wijken zonder of met één partner van deze hub, de meest urgente eerst.",
        empty="Deze hub bereikt elke wijk met meer dan één partner.",
    )
    year_key = ("kandidaten", hub_id, year)
    candidates = services.cached(
        year_key, lambda: gap_suggestions(services.graph(), gaps.head(8), year, per_gap=3)
    )
    candidates_table = table_from_frame(
        "kandidaten",
        "Partners om te werven",
        candidates,
        [
            Col("wijk_naam", "Voor wijk", link=link("wijk", "wijk")),
            Col("partner_naam", "Partner", link=link("partner", "partner")),
            Col("partner_type", "Type"),
            Col("lid_van_hub", "Al lid", kind="bool"),
            Col("score", "Score", kind="num"),
            Col("redenen", "Redenen"),
        ],
        explanation="Voor de acht grootste gaten van deze hub de beste kandidaten. Punten: "
        "3 als lid van de hub, 2 voor werk in een buurwijk (zelfde stadsdeel), 1 voor werk "
        "in een vergelijkbare wijk (zelfde PacT en SES), 1 als de partner de wijk al kent, 2 "
        "als het type van de partner bij het domein van de hub past.",
        empty="Geen kandidaten gevonden.",
    )
    bastion = report.bastions[report.bastions["hub"] == hub_id]
    stadsdelen: dict[str, list[dict]] = {}
    for _, c in cells.sort_values(["stadsdeel", "wijk_naam"], na_position="last").iterrows():
        stadsdelen.setdefault(c["stadsdeel"] or "Zonder stadsdeel", []).append(c.to_dict())
    info = {
        "hub": dict(h),
        "schooljaar": year,
        "bastion": bastion.iloc[0]["toelichting"] if len(bastion) else "",
    }
    return Screen(
        info=info,
        tables=[members_table, reach, gaps_table, candidates_table],
        view={"node": h, "stadsdelen": stadsdelen},
    )


@bp.route("/hub/<node_id>")
def hub(node_id: str):
    year = services.schooljaar()
    screen = hub_screen(node_id, year)
    return render_page("hub.html", tables=screen.tables, screen=screen)
