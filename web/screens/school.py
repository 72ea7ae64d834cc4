"""Schools and childcare locations: the list, and one location's activities and domains."""

from __future__ import annotations

from lea_graph import cijfers
from web import services
from web.screens import Screen, columns, link, name, relation_rows, table
from web.tables import Col, num

__all__ = ["scholen_screen", "school_screen"]


SCHOOL_COLUMNS = [
    Col("naam", "Naam", link=link("school", "school")), Col("sector", "Sector"),
    *columns("wijk_naam"), num("leerlingen", "Leerlingen", source="leerlingen_bron"),
    num("activiteiten", "Activiteiten"), num("partners", "Partners"),
    num("domeinen", "Domeinen (van 6)")
]  # fmt: skip


@services.per_version
def scholen_screen(year: str | None) -> Screen:
    report = services.report(year)
    net = services.network(year)
    acts = net.activities.groupby("school").agg(n=("partner", "size"), p=("partner", "nunique"))
    rows = [
        {
            "school": r["school"],
            "naam": r["school_naam"],
            "sector": r["sector"],
            "wijk": r["wijk"],
            "wijk_naam": r["wijk_naam"],
            "leerlingen": net.leerlingen(r["school"]),
            "leerlingen_bron": cijfers.leerlingen_bron(net.nodes.get(r["school"], {}), year),
            "activiteiten": int(acts.loc[r["school"], "n"]) if r["school"] in acts.index else 0,
            "partners": int(acts.loc[r["school"], "p"]) if r["school"] in acts.index else 0,
            "domeinen": r["aantal_domeinen"],
            "bron": net.attr(r["school"], "bron") or "",
        }
        for r in report.school_domains.to_dict(orient="records")
    ]
    scholen = table(
        "scholen",
        "Scholen en opvanglocaties",
        SCHOOL_COLUMNS,
        rows,
        "Alle locaties uit de tabel scholen, met het aantal activiteiten, verschillende "
        "partners en domeinen van brede talentontwikkeling. Leerlingen: zoals DUO ze telt "
        "op 1 oktober van het schooljaar (zonder gekozen schooljaar het nieuwste aantal); "
        "de download noemt per school de bron en de peildatum.",
        order=("wijk_naam", "naam"),
    )
    return Screen(info={"schooljaar": year}, tables=[scholen])


@services.per_version
def school_screen(school_id: str, year: str | None) -> Screen:
    s = services.node(school_id, "school")
    report = services.report(year)
    wijk = services.network(year).school_wijk.get(school_id)
    activities = table(
        "activiteiten",
        "Activiteiten",
        columns("partner_naam", "programma_naam", "hub_naam", "schooljaar", "deelnemers"),
        relation_rows(school_id, "activiteiten", year, incoming=True),
        "Activiteiten van partners op deze locatie, uit de tabel activiteiten.",
        empty="Geen enkele partner heeft hier een activiteit.",
        order=("partner_naam", "schooljaar"),
    )
    domains = report.school_domains[report.school_domains["school"] == school_id]
    domain_row = domains.iloc[0].to_dict() if len(domains) else {}
    info = {
        "school": dict(s),
        "leerlingen": cijfers.leerlingen(s, year),
        "leerlingen_bron": cijfers.leerlingen_bron(s, year),
        "leerlingen_per_jaar": cijfers.tellingen_tekst(
            cijfers.parse_tellingen(s.get("leerlingen_per_jaar") or "")
        ),
        "wijk": {"id": wijk, "naam": name(wijk)},
        "domeinen": domain_row.get("toelichting", ""),
        "schooljaar": year,
    }
    return Screen(
        info=info, tables=[activities], view={"node": s, "wijk": wijk, "domains": domain_row}
    )
