"""Programmes: the list, and one programme's partners, activities and wijkinzet."""

from __future__ import annotations

from web import services
from web.screens import Screen, columns, link, relation_rows, table
from web.tables import Col, num

__all__ = ["programma_screen", "programmas_screen"]


PROGRAMMA_COLUMNS = [
    Col("naam", "Programma", link=link("programma", "programma")), Col("cluster", "Cluster"),
    Col("thema", "Thema"), num("partners", "Partners"), num("activiteiten", "Activiteiten"),
    num("wijkinzet", "Wijkinzet"), Col("bron", "Bron")
]  # fmt: skip


@services.per_version
def programmas_screen(year: str | None) -> Screen:
    rows = services.programma_rows(year)
    programmas = table(
        "programmas",
        "Programma's",
        PROGRAMMA_COLUMNS,
        rows,
        "De acties en programma's van de LEA. Partners volgens programma_partners; "
        "activiteiten en wijkinzet die het programma noemen.",
        order=("naam",),
    )
    return Screen(info={"schooljaar": year}, tables=[programmas])


@services.per_version
def programma_screen(programma_id: str, year: str | None) -> Screen:
    pr = services.node(programma_id, "programma")
    work = services.programma_work(programma_id, year)
    tables = [
        table("partners", "Partners", columns("partner_naam", "rol"),
              relation_rows(programma_id, "programma_partners", year, incoming=True),
              "Uit de tabel programma_partners.", empty="Geen partners vastgelegd."),
        table("activiteiten", "Activiteiten",
              columns("partner_naam", "school_naam", "wijk_naam", "schooljaar", "deelnemers"),
              work["activiteiten"],
              "Activiteiten die dit programma noemen.",
              empty="Geen activiteiten vastgelegd onder dit programma."),
        table("wijkinzet", "Wijkinzet", columns("partner_naam", "wijk_naam", "schooljaar"),
              work["wijkinzet"], "Wijkinzet die dit programma noemt.",
              empty="Geen wijkinzet vastgelegd onder dit programma."),
    ]  # fmt: skip
    info = {
        "programma": dict(pr),
        "cluster": work["cluster"],
        "thema": work["thema"],
        "schooljaar": year,
    }
    return Screen(info=info, tables=tables, view={"node": pr})
