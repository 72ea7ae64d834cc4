"""Partners, schools and programmes: a list and a page for each."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask import Blueprint

from lea_graph import model
from lea_graph.text import LIST_SEP, fold
from web import services
from web.pages import render_page
from web.screens import Screen, link
from web.tables import Col, Table

bp = Blueprint("entiteiten", __name__)


def _edges(node: str, kind: str, *, incoming: bool = False) -> list[tuple[str, dict[str, Any]]]:
    """(other node, edge data) of one kind at a node, honouring the schooljaar."""
    g = services.graph()
    year = services.schooljaar()
    edges = g.in_edges(node, data=True) if incoming else g.out_edges(node, data=True)
    out = []
    for u, v, d in edges:
        if d.get("kind") != kind:
            continue
        if not model.counts_in_year(kind, d.get("schooljaar"), year):
            continue
        out.append((u if incoming else v, d))
    return out


def _name(node: str | None) -> str:
    if not node:
        return ""
    return str(services.graph().nodes.get(node, {}).get("naam", node))


# -- partners -----------------------------------------------------------------------------------


@services.per_version
def partners_screen(year: str | None) -> Screen:
    net = services.network(year)
    collab = net.collaboration_graph()
    acts = net.activities.groupby("partner").agg(n=("school", "size"), s=("school", "nunique"))
    rows = []
    for p in net.ids["partner"]:
        rows.append(
            {
                "partner": p,
                "naam": net.name(p),
                "type": net.attr(p, "type") or "",
                "hubs": LIST_SEP.join(net.name(h) for h in net.members.get(p, [])),
                "activiteiten": int(acts.loc[p, "n"]) if p in acts.index else 0,
                "scholen": int(acts.loc[p, "s"]) if p in acts.index else 0,
                "samenwerkingen": collab.degree(p),
                "bron": net.attr(p, "bron") or "",
            }
        )
    rows.sort(key=lambda r: fold(r["naam"]))
    table = Table(
        "partners",
        "Partners",
        [
            Col("naam", "Partner", link=link("partner", "partner")),
            Col("type", "Type"),
            Col("hubs", "Hubs"),
            Col("activiteiten", "Activiteiten", kind="num"),
            Col("scholen", "Scholen", kind="num"),
            Col("samenwerkingen", "Samenwerkt met", kind="num"),
            Col("bron", "Bron"),
        ],
        rows,
        "Alle partners. Activiteiten en scholen tellen de activiteiten op scholen en "
        "opvanglocaties; 'samenwerkt met' telt verschillende partners met een vastgelegde "
        "samenwerking. Bron 'voorbeeld' betekent verzonnen voorbeeldgegevens.",
    )
    return Screen(info={"schooljaar": year}, tables=[table])


@bp.route("/partners")
def partners():
    year = services.schooljaar()
    screen = partners_screen(year)
    return render_page("lijst.html", tables=screen.tables, screen=screen, title="Partners")


@services.per_version
def partner_screen(partner_id: str, year: str | None) -> Screen:
    p = services.node(partner_id, "partner")
    report = services.report(year)
    school_wijk = services.network(year).school_wijk
    acts = [
        {
            "school": s,
            "school_naam": _name(s),
            "wijk": school_wijk.get(s),
            "wijk_naam": _name(school_wijk.get(s)),
            "programma": d.get("programma"),
            "programma_naam": _name(d.get("programma")),
            "hub": d.get("hub"),
            "hub_naam": _name(d.get("hub")),
            "schooljaar": d.get("schooljaar", ""),
            "deelnemers": d.get("deelnemers"),
            "bron": d.get("bron", ""),
        }
        for s, d in _edges(partner_id, "activiteiten")
    ]
    acts.sort(key=lambda r: (fold(r["wijk_naam"]), fold(r["school_naam"]), r["schooljaar"]))
    inzet = [
        {
            "wijk": w,
            "wijk_naam": _name(w),
            "programma": d.get("programma"),
            "programma_naam": _name(d.get("programma")),
            "schooljaar": d.get("schooljaar", ""),
            "bron": d.get("bron", ""),
        }
        for w, d in _edges(partner_id, "wijkinzet")
    ]
    collabs = [
        {
            "partner": q,
            "partner_naam": _name(q),
            "soort": d.get("soort", ""),
            "schooljaar": d.get("schooljaar", ""),
            "bron": d.get("bron", ""),
        }
        for q, d in _edges(partner_id, "samenwerkingen")
        + _edges(partner_id, "samenwerkingen", incoming=True)
    ]
    collabs.sort(key=lambda r: fold(r["partner_naam"]))
    roles = [
        {
            "programma": pr,
            "programma_naam": _name(pr),
            "rol": d.get("rol", ""),
            "bron": d.get("bron", ""),
        }
        for pr, d in _edges(partner_id, "programma_partners")
    ]
    hubs = [
        {"hub": h, "naam": _name(h), "rol": d.get("rol", ""), "bron": d.get("bron", "")}
        for h, d in _edges(partner_id, "hub_leden")
    ]
    links = report.missing_links
    mine = links[(links["partner_a"] == partner_id) | (links["partner_b"] == partner_id)]
    suggestions = []
    for r in mine.to_dict(orient="records"):
        other = r["partner_b"] if r["partner_a"] == partner_id else r["partner_a"]
        suggestions.append(
            {
                "partner": other,
                "partner_naam": _name(other),
                "score": r["score"],
                "toelichting": r["toelichting"],
            }
        )
    broker = report.brokers[report.brokers["partner"] == partner_id]
    tables = [
        Table(
            "activiteiten",
            "Activiteiten op scholen en opvanglocaties",
            [
                Col("school_naam", "Locatie", link=link("school", "school")),
                Col("wijk_naam", "Wijk", link=link("wijk", "wijk")),
                Col("programma_naam", "Programma", link=link("programma", "programma")),
                Col("hub_naam", "Hub", link=link("hub", "hub")),
                Col("schooljaar", "Schooljaar"),
                Col("deelnemers", "Deelnemers", kind="num"),
            ],
            acts,
            "Uit de tabel activiteiten.",
            empty="Geen activiteiten vastgelegd.",
        ),
        Table(
            "wijkinzet",
            "Inzet in wijken",
            [
                Col("wijk_naam", "Wijk", link=link("wijk", "wijk")),
                Col("programma_naam", "Programma", link=link("programma", "programma")),
                Col("schooljaar", "Schooljaar"),
            ],
            inzet,
            "Uit de tabel wijkinzet: werk in een wijk buiten een bepaalde school.",
            empty="Geen wijkinzet vastgelegd.",
        ),
        Table(
            "samenwerkingen",
            "Samenwerkingen",
            [
                Col("partner_naam", "Partner", link=link("partner", "partner")),
                Col("soort", "Soort"),
                Col("schooljaar", "Schooljaar"),
            ],
            collabs,
            "Uit de tabel samenwerkingen (een samenwerking zonder schooljaar telt als lopend).",
            empty="Geen samenwerkingen vastgelegd.",
        ),
        Table(
            "programmas",
            "Programma's",
            [
                Col("programma_naam", "Programma", link=link("programma", "programma")),
                Col("rol", "Rol"),
            ],
            roles,
            "Uit de tabel programma_partners.",
            empty="Geen programmarollen vastgelegd.",
        ),
        Table(
            "suggesties",
            "Mogelijke nieuwe samenwerkingen",
            [
                Col("partner_naam", "Partner", link=link("partner", "partner")),
                Col("score", "Score", kind="num"),
                Col("toelichting", "Toelichting"),
            ],
            suggestions,
            "Uit de 50 sterkste suggesties van de stad: partners met wie deze partner veel "
            "context deelt zonder vastgelegde samenwerking.",
            empty="Geen suggesties voor deze partner in de top 50 van de stad.",
        ),
    ]
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
        tables=tables,
        view={"node": p, "hubs": hubs, "partners_total": len(report.brokers)},
    )


@bp.route("/partner/<node_id>")
def partner(node_id: str):
    year = services.schooljaar()
    screen = partner_screen(node_id, year)
    return render_page("partner.html", tables=screen.tables, screen=screen)


# -- schools --------------------------------------------------------------------------------------


@services.per_version
def scholen_screen(year: str | None) -> Screen:
    report = services.report(year)
    net = services.network(year)
    acts = net.activities.groupby("school").agg(n=("partner", "size"), p=("partner", "nunique"))
    rows = []
    for r in report.school_domains.to_dict(orient="records"):
        s = r["school"]
        rows.append(
            {
                "school": s,
                "naam": r["school_naam"],
                "sector": r["sector"],
                "wijk": r["wijk"],
                "wijk_naam": r["wijk_naam"],
                "leerlingen": net.attr(s, "leerlingen"),
                "activiteiten": int(acts.loc[s, "n"]) if s in acts.index else 0,
                "partners": int(acts.loc[s, "p"]) if s in acts.index else 0,
                "domeinen": r["aantal_domeinen"],
                "bron": net.attr(s, "bron") or "",
            }
        )
    rows.sort(key=lambda r: (fold(r["wijk_naam"]), fold(r["naam"])))
    table = Table(
        "scholen",
        "Scholen en opvanglocaties",
        [
            Col("naam", "Naam", link=link("school", "school")),
            Col("sector", "Sector"),
            Col("wijk_naam", "Wijk", link=link("wijk", "wijk")),
            Col("leerlingen", "Leerlingen", kind="num"),
            Col("activiteiten", "Activiteiten", kind="num"),
            Col("partners", "Partners", kind="num"),
            Col("domeinen", "Domeinen (van 6)", kind="num"),
        ],
        rows,
        "Alle locaties uit de tabel scholen, met het aantal activiteiten, verschillende "
        "partners en domeinen van brede talentontwikkeling.",
    )
    return Screen(info={"schooljaar": year}, tables=[table])


@bp.route("/scholen")
def scholen():
    year = services.schooljaar()
    screen = scholen_screen(year)
    return render_page(
        "lijst.html", tables=screen.tables, screen=screen, title="Scholen en opvanglocaties"
    )


@services.per_version
def school_screen(school_id: str, year: str | None) -> Screen:
    s = services.node(school_id, "school")
    report = services.report(year)
    g = services.graph()
    wijk = next(
        (v for _, v, d in g.out_edges(school_id, data=True) if d.get("kind") == "school_wijk"), None
    )
    acts = [
        {
            "partner": p,
            "partner_naam": _name(p),
            "programma": d.get("programma"),
            "programma_naam": _name(d.get("programma")),
            "hub": d.get("hub"),
            "hub_naam": _name(d.get("hub")),
            "schooljaar": d.get("schooljaar", ""),
            "deelnemers": d.get("deelnemers"),
            "bron": d.get("bron", ""),
        }
        for p, d in _edges(school_id, "activiteiten", incoming=True)
    ]
    acts.sort(key=lambda r: (fold(r["partner_naam"]), r["schooljaar"]))
    domains = report.school_domains[report.school_domains["school"] == school_id]
    table = Table(
        "activiteiten",
        "Activiteiten",
        [
            Col("partner_naam", "Partner", link=link("partner", "partner")),
            Col("programma_naam", "Programma", link=link("programma", "programma")),
            Col("hub_naam", "Hub", link=link("hub", "hub")),
            Col("schooljaar", "Schooljaar"),
            Col("deelnemers", "Deelnemers", kind="num"),
        ],
        acts,
        "Activiteiten van partners op deze locatie, uit de tabel activiteiten.",
        empty="Geen enkele partner heeft hier een activiteit.",
    )
    domain_row = domains.iloc[0].to_dict() if len(domains) else {}
    info = {
        "school": dict(s),
        "wijk": {"id": wijk, "naam": _name(wijk)},
        "domeinen": domain_row.get("toelichting", ""),
        "schooljaar": year,
    }
    return Screen(info=info, tables=[table], view={"node": s, "wijk": wijk, "domains": domain_row})


@bp.route("/school/<node_id>")
def school(node_id: str):
    year = services.schooljaar()
    screen = school_screen(node_id, year)
    return render_page("school.html", tables=screen.tables, screen=screen)


# -- programmes ------------------------------------------------------------------------------------


@services.per_version
def programmas_screen(year: str | None) -> Screen:
    net = services.network(year)
    roles = defaultdict(set)
    for p, pr in net.programme_roles():
        roles[pr].add(p)
    acts = net.activities.groupby("programma").size()
    inzet = net.wijkinzet.groupby("programma").size()
    rows = []
    for pr in net.ids["programma"]:
        cluster = net.programme_cluster(pr)
        theme = net.programme_theme(pr)
        rows.append(
            {
                "programma": pr,
                "naam": net.name(pr),
                "cluster": _name(cluster),
                "thema": _name(theme),
                "partners": len(roles.get(pr, ())),
                "activiteiten": int(acts.get(pr, 0)),
                "wijkinzet": int(inzet.get(pr, 0)),
                "bron": net.attr(pr, "bron") or "",
            }
        )
    rows.sort(key=lambda r: fold(r["naam"]))
    table = Table(
        "programmas",
        "Programma's",
        [
            Col("naam", "Programma", link=link("programma", "programma")),
            Col("cluster", "Cluster"),
            Col("thema", "Thema"),
            Col("partners", "Partners", kind="num"),
            Col("activiteiten", "Activiteiten", kind="num"),
            Col("wijkinzet", "Wijkinzet", kind="num"),
            Col("bron", "Bron"),
        ],
        rows,
        "De acties en programma's van de LEA. Partners volgens programma_partners; "
        "activiteiten en wijkinzet die het programma noemen.",
    )
    return Screen(info={"schooljaar": year}, tables=[table])


@bp.route("/programmas")
def programmas():
    year = services.schooljaar()
    screen = programmas_screen(year)
    return render_page("lijst.html", tables=screen.tables, screen=screen, title="Programma's")


@services.per_version
def programma_screen(programme_id: str, year: str | None) -> Screen:
    pr = services.node(programme_id, "programma")
    net = services.network(year)
    partners = [
        {"partner": p, "partner_naam": _name(p), "rol": d.get("rol", ""), "bron": d.get("bron", "")}
        for p, d in _edges(programme_id, "programma_partners", incoming=True)
    ]
    acts = net.activities[net.activities["programma"] == programme_id]
    act_rows = [
        {
            "partner": r.partner,
            "partner_naam": _name(r.partner),
            "school": r.school,
            "school_naam": _name(r.school),
            "wijk": r.wijk,
            "wijk_naam": _name(r.wijk),
            "schooljaar": r.schooljaar or "",
            "deelnemers": r.deelnemers,
            "bron": r.bron,
        }
        for r in acts.itertuples(index=False)
    ]
    inzet = net.wijkinzet[net.wijkinzet["programma"] == programme_id]
    inzet_rows = [
        {
            "partner": r.partner,
            "partner_naam": _name(r.partner),
            "wijk": r.wijk,
            "wijk_naam": _name(r.wijk),
            "schooljaar": r.schooljaar or "",
            "bron": r.bron,
        }
        for r in inzet.itertuples(index=False)
    ]
    tables = [
        Table(
            "partners",
            "Partners",
            [Col("partner_naam", "Partner", link=link("partner", "partner")), Col("rol", "Rol")],
            partners,
            "Uit de tabel programma_partners.",
            empty="Geen partners vastgelegd.",
        ),
        Table(
            "activiteiten",
            "Activiteiten",
            [
                Col("partner_naam", "Partner", link=link("partner", "partner")),
                Col("school_naam", "Locatie", link=link("school", "school")),
                Col("wijk_naam", "Wijk", link=link("wijk", "wijk")),
                Col("schooljaar", "Schooljaar"),
                Col("deelnemers", "Deelnemers", kind="num"),
            ],
            act_rows,
            "Activiteiten die dit programma noemen.",
            empty="Geen activiteiten vastgelegd onder dit programma.",
        ),
        Table(
            "wijkinzet",
            "Wijkinzet",
            [
                Col("partner_naam", "Partner", link=link("partner", "partner")),
                Col("wijk_naam", "Wijk", link=link("wijk", "wijk")),
                Col("schooljaar", "Schooljaar"),
            ],
            inzet_rows,
            "Wijkinzet die dit programma noemt.",
            empty="Geen wijkinzet vastgelegd onder dit programma.",
        ),
    ]
    cluster, theme = net.programme_cluster(programme_id), net.programme_theme(programme_id)
    info = {
        "programma": dict(pr),
        "cluster": {"id": cluster, "naam": _name(cluster)},
        "thema": {"id": theme, "naam": _name(theme)},
        "schooljaar": year,
    }
    return Screen(info=info, tables=tables, view={"node": pr})


@bp.route("/programma/<node_id>")
def programma(node_id: str):
    year = services.schooljaar()
    screen = programma_screen(node_id, year)
    return render_page("programma.html", tables=screen.tables, screen=screen)
