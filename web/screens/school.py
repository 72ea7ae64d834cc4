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
    rows = services.school_rows(year)
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
    wijk = services.school_wijk(school_id)
    activities = table(
        "activiteiten",
        "Activiteiten",
        columns("partner_naam", "programma_naam", "hub_naam", "schooljaar", "deelnemers"),
        relation_rows(school_id, "activiteiten", year, incoming=True),
        "Activiteiten van partners op deze locatie, uit de tabel activiteiten.",
        empty="Geen enkele partner heeft hier een activiteit.",
        order=("partner_naam", "schooljaar"),
    )
    domain_row = services.school_domain(school_id, year)
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
