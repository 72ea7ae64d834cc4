"""Wijken: the list, and per wijk who does what, its gaps, its target and its network."""

from __future__ import annotations

from collections import Counter, defaultdict

from flask import Blueprint

from lea_graph import model
from lea_graph.analytics.indicators import wijk_reach
from lea_graph.text import fold
from web import services
from web.db import get_store
from web.pages import render_page
from web.screens import Screen, link
from web.tables import Col, Table, table_from_frame

bp = Blueprint("wijken", __name__)


@services.per_version
def wijken_screen(year: str | None) -> Screen:
    report = services.report(year)
    net = services.network(year)
    matrix = report.coverage
    reach = matrix.groupby("wijk").agg(hubs=("partners", lambda s: int((s > 0).sum())))
    # Gaps by the one gap rule (coverage_gaps: a bedrijventerrein is never a gap).
    reach["gaten"] = report.gaps.groupby("wijk").size().reindex(reach.index, fill_value=0)
    schools = Counter(net.school_wijk.values())
    partners: dict[str, set[str]] = defaultdict(set)
    for r in net.activities.itertuples(index=False):
        partners[r.wijk].add(r.partner)
    for r in net.wijkinzet.itertuples(index=False):
        partners[r.wijk].add(r.partner)
    acts = net.activities.groupby("wijk").size()
    rows = []
    for w in net.ids["wijk"]:
        rows.append(
            {
                "wijk": w,
                "naam": net.name(w),
                "stadsdeel": net.attr(w, "stadsdeel") or "",
                "soort": model.wijk_soort(net.attr(w, "soort")),
                "pact": net.attr(w, "pact") or "",
                "ses": net.attr(w, "ses") or "",
                "kinderen": net.attr(w, "kinderen_0_17"),
                "scholen": schools.get(w, 0),
                "partners": len(partners.get(w, ())),
                "activiteiten": int(acts.get(w, 0)),
                "hubs": int(reach.loc[w, "hubs"]) if w in reach.index else 0,
                "gaten": int(reach.loc[w, "gaten"]) if w in reach.index else 0,
                "bron": net.attr(w, "bron") or "",
                "kenmerken_bron": net.attr(w, "kenmerken_bron") or "",
            }
        )
    rows.sort(key=lambda r: fold(r["naam"]))
    table = Table(
        "wijken",
        "Wijken",
        [
            Col("naam", "Wijk", link=link("wijk", "wijk")),
            Col("stadsdeel", "Stadsdeel"),
            Col("soort", "Soort"),
            Col("pact", "PacT-wijk"),
            Col("ses", "SES", source="kenmerken_bron"),
            Col("kinderen", "Kinderen 0-17", kind="num", source="kenmerken_bron"),
            Col("scholen", "Scholen en opvang", kind="num"),
            Col("partners", "Partners", kind="num"),
            Col("activiteiten", "Activiteiten", kind="num"),
            Col("hubs", "Hubs aanwezig", kind="num"),
            Col("gaten", "Gaten", kind="num"),
        ],
        rows,
        "Per wijk: locaties, verschillende partners met een activiteit of wijkinzet, het "
        "aantal activiteiten, hoeveel van de hubs de wijk bereiken en in hoeveel hubs de wijk "
        "een gat is (geen of één partner). Kinderen, SES en PacT komen uit de tabel wijken.",
    )
    return Screen(info={"schooljaar": year}, tables=[table])


@bp.route("/wijken")
def index():
    year = services.schooljaar()
    screen = wijken_screen(year)
    return render_page("lijst.html", tables=screen.tables, screen=screen, title="Wijken")


def _group_label(row: dict, bto_cluster: str) -> str:
    if row.get("cluster_naam"):
        return row["cluster_naam"]
    if row.get("hub"):
        return bto_cluster
    return "Zonder programma of hub"


@services.per_version
def wijk_screen(wijk_id: str, year: str | None) -> Screen:
    w = services.node(wijk_id, "wijk")
    report = services.report(year)
    net = services.network(year)
    g = services.graph()
    bto_cluster = next(
        (net.name(c) for c in net.ids["cluster"] if "talentontwikkeling" in fold(net.name(c))),
        "Brede talentontwikkeling",
    )
    rows = get_store().query("wie_doet_wat", wijk=wijk_id, schooljaar=year)
    for r in rows:
        r["groep"] = _group_label(r, bto_cluster)
        r["hub_of_inzet"] = r.get("hub_naam") or ("wijkinzet" if r["via"] == "wijk" else "")
        r["waar"] = r.get("school_naam") or "in de wijk (wijkinzet)"
    rows.sort(
        key=lambda r: (
            r["groep"],
            r["hub_of_inzet"],
            fold(r["partner_naam"]),
            r.get("schooljaar") or "",
        )
    )
    groups: dict[str, dict[str, list[dict]]] = {}
    for r in rows:
        groups.setdefault(r["groep"], {}).setdefault(r["hub_of_inzet"] or "—", []).append(r)
    who = Table(
        "wie-doet-wat",
        "Wie doet wat",
        [
            Col("groep", "Cluster"),
            Col("hub_of_inzet", "Hub"),
            Col("partner_naam", "Partner", link=link("partner", "partner")),
            Col("waar", "Waar", link=link("school", "school")),
            Col("programma_naam", "Programma", link=link("programma", "programma")),
            Col("schooljaar", "Schooljaar"),
            Col("deelnemers", "Deelnemers", kind="num"),
        ],
        rows,
        "Elke rij is een activiteit van een partner op een school of opvanglocatie in deze "
        "wijk, of inzet van een partner in de wijk zelf. Gegroepeerd naar cluster (via het "
        "programma; onder een hub valt een activiteit in Brede talentontwikkeling) en hub.",
        empty="Er is in deze wijk geen activiteit of wijkinzet vastgelegd.",
    )
    domains = report.school_domains[report.school_domains["wijk"] == wijk_id]
    domains = domains.assign(bron=[net.attr(s, "bron") or "" for s in domains["school"]])
    schools = table_from_frame(
        "scholen",
        "Scholen en opvanglocaties",
        domains,
        [
            Col("school_naam", "Naam", link=link("school", "school")),
            Col("sector", "Sector"),
            Col("aantal_domeinen", "Domeinen", kind="num"),
            Col("ontbrekend", "Ontbreekt"),
        ],
        explanation="Welke van de zes domeinen van brede talentontwikkeling elke locatie "
        "heeft (een activiteit onder een hub van dat domein, of van een partner van dat type).",
        empty="Er zijn geen scholen of opvanglocaties in deze wijk bekend.",
    )
    gaps = table_from_frame(
        "gaten",
        "Gaten in deze wijk",
        report.gaps[report.gaps["wijk"] == wijk_id],
        [
            Col("hub_naam", "Hub", link=link("hub", "hub")),
            Col("soort", "Soort"),
            Col("partner_namen", "Enige partner"),
            Col("prioriteit", "Prioriteit", kind="num"),
            Col("rang", "Rang in de stad", kind="num"),
        ],
        explanation="Hubs die deze wijk niet of via één partner bereiken.",
        empty="Geen gaten: elke hub bereikt deze wijk met meer dan één partner.",
    )
    candidates = table_from_frame(
        "kandidaten",
        "Wie kan een gat vullen",
        report.gap_candidates[report.gap_candidates["wijk"] == wijk_id]
        if len(report.gap_candidates)
        else report.gap_candidates,
        [
            Col("hub_naam", "Hub", link=link("hub", "hub")),
            Col("partner_naam", "Partner", link=link("partner", "partner")),
            Col("score", "Score", kind="num"),
            Col("redenen", "Redenen"),
        ],
        explanation="Voor de grootste gaten van de stad: partners die het gat kunnen vullen.",
        empty="Geen kandidaten voor deze wijk in de lijst van grootste gaten.",
    )
    target = wijk_reach(g, wijk_id, year)
    info = {
        "wijk": {k: v for k, v in w.items()},
        "schooljaar": year,
        "bereik": target.to_dict(),
    }
    return Screen(
        info=info,
        tables=[who, schools, gaps, candidates],
        view={"groups": groups, "target": target, "node": w},
    )


@bp.route("/wijk/<node_id>")
def wijk(node_id: str):
    year = services.schooljaar()
    screen = wijk_screen(node_id, year)
    return render_page("wijk.html", tables=screen.tables, screen=screen)
