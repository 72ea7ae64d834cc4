"""Programmes: the list, and one programme's partners, activities and wijkinzet."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd

from web import services
from web.screens import Screen, columns, link, name, relation_rows, table
from web.tables import Col, num

__all__ = ["programma_screen", "programmas_screen"]


PROGRAMMA_COLUMNS = [
    Col("naam", "Programma", link=link("programma", "programma")), Col("cluster", "Cluster"),
    Col("thema", "Thema"), num("partners", "Partners"), num("activiteiten", "Activiteiten"),
    num("wijkinzet", "Wijkinzet"), Col("bron", "Bron")
]  # fmt: skip


@services.per_version
def programmas_screen(year: str | None) -> Screen:
    net = services.network(year)
    roles = defaultdict(set)
    for p, pr in net.programma_roles():
        roles[pr].add(p)
    acts = net.activities.groupby("programma").size()
    inzet = net.wijkinzet.groupby("programma").size()
    rows = [
        {
            "programma": pr,
            "naam": net.name(pr),
            "cluster": name(net.programma_cluster(pr)),
            "thema": name(net.programma_thema(pr)),
            "partners": len(roles.get(pr, ())),
            "activiteiten": int(acts.get(pr, 0)),
            "wijkinzet": int(inzet.get(pr, 0)),
            "bron": net.attr(pr, "bron") or "",
        }
        for pr in net.ids["programma"]
    ]
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


def _rows(frame: pd.DataFrame, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """Rows of the network's activities or wijkinzet, each reference with its name."""
    out = []
    for r in frame.to_dict(orient="records"):
        row: dict[str, Any] = {}
        for key in keys:
            row[key] = r[key]
            if key in ("partner", "school", "wijk"):
                row[f"{key}_naam"] = name(r[key])
        row["schooljaar"] = r["schooljaar"] or ""
        if "deelnemers" in r:
            row["deelnemers"] = None if pd.isna(r["deelnemers"]) else r["deelnemers"]
        row["bron"] = r["bron"]
        out.append(row)
    return out


@services.per_version
def programma_screen(programma_id: str, year: str | None) -> Screen:
    pr = services.node(programma_id, "programma")
    net = services.network(year)
    acts = net.activities[net.activities["programma"] == programma_id]
    inzet = net.wijkinzet[net.wijkinzet["programma"] == programma_id]
    tables = [
        table("partners", "Partners", columns("partner_naam", "rol"),
              relation_rows(programma_id, "programma_partners", year, incoming=True),
              "Uit de tabel programma_partners.", empty="Geen partners vastgelegd."),
        table("activiteiten", "Activiteiten",
              columns("partner_naam", "school_naam", "wijk_naam", "schooljaar", "deelnemers"),
              _rows(acts, ("partner", "school", "wijk")),
              "Activiteiten die dit programma noemen.",
              empty="Geen activiteiten vastgelegd onder dit programma."),
        table("wijkinzet", "Wijkinzet", columns("partner_naam", "wijk_naam", "schooljaar"),
              _rows(inzet, ("partner", "wijk")), "Wijkinzet die dit programma noemt.",
              empty="Geen wijkinzet vastgelegd onder dit programma."),
    ]  # fmt: skip
    cluster, thema = net.programma_cluster(programma_id), net.programma_thema(programma_id)
    info = {
        "programma": dict(pr),
        "cluster": {"id": cluster, "naam": name(cluster)},
        "thema": {"id": thema, "naam": name(thema)},
        "schooljaar": year,
    }
    return Screen(info=info, tables=tables, view={"node": pr})
