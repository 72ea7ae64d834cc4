"""The users' questions about one wijk or hub, answered from the network graph.

They give the same rows as the named Cypher queries of the same names
(``cypher/queries/wie_doet_wat.cypher``, ``hub_partners.cypher``), which the CLI and the
console use; the pages answer from the loaded network's graph instead, so that a page
never mixes a live query with the cached network. A test checks that both agree.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from lea_graph import model
from lea_graph.analytics.indicators import is_bto_activity
from lea_graph.analytics.network import Network
from lea_graph.text import dutch_list, fold

__all__ = ["NO_GROUP", "activity_group", "hub_partners", "per_partner", "wie_doet_wat"]

#: The group of an activity that is neither in a programme nor brede talentontwikkeling.
NO_GROUP = "Zonder programma of hub"


def _year_ok(d: dict[str, Any], schooljaar: str | None) -> bool:
    return model.counts_in_year(d.get("kind", ""), d.get("schooljaar"), schooljaar)


def _props(g: nx.MultiDiGraph, node: str | None, key: str) -> Any:
    if not node or node not in g:
        return None
    return g.nodes[node].get(key)


def _known(g: nx.MultiDiGraph, node: str | None, kind: str) -> str | None:
    """``node`` if it is a node of that kind (a dangling reference gives None, as in Cypher)."""
    return node if node and _props(g, node, "kind") == kind else None


def wie_doet_wat(g: nx.MultiDiGraph, wijk: str, schooljaar: str | None = None) -> list[dict]:
    """Who does what in a wijk: one row per activity at a school or childcare location in
    the wijk (``via`` = ``school``) and per wijkinzet in the wijk itself (``via`` =
    ``wijk``), with partner, its hubs, hub, programme and cluster.

    The rows and their keys are those of the named query ``wie_doet_wat``, in the order
    of the graph (sort them for display).
    """
    net = Network.of(g, schooljaar)
    rows: list[dict] = []
    if _props(g, wijk, "kind") != "wijk":
        return rows

    def partner_part(p: str) -> dict[str, Any]:
        return {
            "partner": p,
            "partner_naam": _props(g, p, "naam"),
            "partner_type": _props(g, p, "type"),
            "partner_hubs": list(net.members.get(p, [])),
        }

    def programma_part(pr: str | None) -> dict[str, Any]:
        pr = _known(g, pr, "programma")
        cluster = net.programma_cluster(pr) if pr else None
        return {
            "programma": pr,
            "programma_naam": _props(g, pr, "naam"),
            "cluster": cluster,
            "cluster_naam": _props(g, cluster, "naam"),
        }

    schools = sorted(s for s, w in net.school_wijk.items() if w == wijk)
    for s in schools:
        for p, _, d in g.in_edges(s, data=True):
            if d.get("kind") != "activiteiten" or not _year_ok(d, schooljaar):
                continue
            hub = _known(g, d.get("hub"), "hub")
            rows.append(
                {
                    "via": "school",
                    **partner_part(p),
                    "hub": hub,
                    "hub_naam": _props(g, hub, "naam"),
                    **programma_part(d.get("programma")),
                    "school": s,
                    "school_naam": _props(g, s, "naam"),
                    "sector": _props(g, s, "sector"),
                    "schooljaar": d.get("schooljaar"),
                    "deelnemers": d.get("deelnemers"),
                    "bron": d.get("bron"),
                }
            )
    for p, _, d in g.in_edges(wijk, data=True):
        if d.get("kind") != "wijkinzet" or not _year_ok(d, schooljaar):
            continue
        rows.append(
            {
                "via": "wijk",
                **partner_part(p),
                "hub": None,
                "hub_naam": None,
                **programma_part(d.get("programma")),
                "school": None,
                "school_naam": None,
                "sector": None,
                "schooljaar": d.get("schooljaar"),
                "deelnemers": None,
                "bron": d.get("bron"),
            }
        )
    return rows


def activity_group(g: nx.MultiDiGraph, row: dict[str, Any]) -> str:
    """The cluster a row of :func:`wie_doet_wat` belongs to, for grouping a wijk's page:
    its programme's cluster, else the cluster Brede talentontwikkeling when the activity
    counts as such (:func:`~lea_graph.analytics.indicators.is_bto_activity`), else
    :data:`NO_GROUP`."""
    if row.get("cluster_naam"):
        return str(row["cluster_naam"])
    net = Network.of(g)
    if row.get("via") == "school" and is_bto_activity(
        net, row["partner"], row.get("hub"), row.get("programma")
    ):
        cluster = net.bto_cluster()
        return net.name(cluster) if cluster else "Brede talentontwikkeling"
    return NO_GROUP


def hub_partners(g: nx.MultiDiGraph, hub: str, schooljaar: str | None = None) -> list[dict]:
    """The members of a hub with their role and what they reach for it: activities under
    this hub or without a hub (not under another hub), their schools and wijken, and
    the partner's wijkinzet. The rows of the named query ``hub_partners``, by name."""
    net = Network.of(g, schooljaar)
    rows = []
    for p, _, d in g.in_edges(hub, data=True):
        if d.get("kind") != "hub_leden":
            continue
        activities = 0
        schools: list[str] = []
        via_schools: list[str] = []
        for _, s, a in g.out_edges(p, data=True):
            if a.get("kind") != "activiteiten" or not _year_ok(a, schooljaar):
                continue
            if a.get("hub") not in (None, "", hub):
                continue
            activities += 1
            if s not in schools:
                schools.append(s)
            w = net.school_wijk.get(s)
            if w and w not in via_schools:
                via_schools.append(w)
        via_inzet = []
        for _, w, i in g.out_edges(p, data=True):
            if i.get("kind") == "wijkinzet" and _year_ok(i, schooljaar) and w not in via_inzet:
                via_inzet.append(w)
        rows.append(
            {
                "partner": p,
                "partner_naam": _props(g, p, "naam"),
                "partner_type": _props(g, p, "type"),
                "rol": d.get("rol"),
                "activiteiten": activities,
                "aantal_scholen": len(schools),
                "scholen": schools,
                "wijken_via_scholen": via_schools,
                "wijken_via_inzet": via_inzet,
                "bron": d.get("bron"),
            }
        )
    rows.sort(key=lambda r: str(r["partner_naam"]))
    return rows


def _web_address(text: Any) -> str:
    """A website only when it is a web address (no ``javascript:`` link on a page)."""
    text = str(text or "").strip()
    return text if text.startswith(("https://", "http://")) and " " not in text else ""


def per_partner(g: nx.MultiDiGraph, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of :func:`wie_doet_wat` as one entry per organisation, by name: what it
    does (``programmas``: name and ``beschrijving`` of each programme, the partner's
    own ``beschrijving`` and the names of the ``hubs`` it works for here), where (``scholen``: id and name; ``in_de_wijk`` for wijkinzet),
    when (``schooljaren`` and ``schooljaren_tekst``, "2023-2024 en 2024-2025"), the
    ``deelnemers`` added up where known (None if none is known, ``deelnemers_deels``
    when some rows have no number), the partner's ``website`` and ``voorbeeld`` (its
    rows here are made up, ``bron=voorbeeld``: "alle" or "deels"; "" when none is).

    Examples
    --------
    >>> [(e["partner_naam"], [s["naam"] for s in e["scholen"]], e["in_de_wijk"])
    ...  for e in per_partner(g, wie_doet_wat(g, "w-noord"))]
    [('Museum', ['De Linde'], False), ('Muziekschool', ['De Linde'], False), ('Sportclub', ['Het Anker'], False)]
    >>> rows = [{"partner": "p-bieb", "schooljaar": "2024-2025", "deelnemers": 5, "via": "wijk"},
    ...         {"partner": "p-bieb", "schooljaar": "2023-2024", "deelnemers": 7, "via": "wijk"}]
    >>> e = per_partner(g, rows)[0]
    >>> e["schooljaren_tekst"], e["deelnemers"], e["in_de_wijk"]
    ('2023-2024 en 2024-2025', 12, True)
    """
    entries: dict[str, dict[str, Any]] = {}
    for r in rows:
        p = r["partner"]
        e = entries.get(p)
        if e is None:
            e = entries[p] = {
                "partner": p,
                "partner_naam": _props(g, p, "naam") or p,
                "partner_type": _props(g, p, "type") or "",
                "website": _web_address(_props(g, p, "website")),
                "beschrijving": _props(g, p, "beschrijving") or "",
                "programmas": [],
                "hubs": [],
                "scholen": [],
                "in_de_wijk": False,
                "schooljaren": [],
                "deelnemers": None,
                "deelnemers_deels": False,
                "activiteiten": 0,
                "_voorbeeld": 0,
            }
        e["activiteiten"] += 1
        e["_voorbeeld"] += r.get("bron") == "voorbeeld"
        pr = r.get("programma")
        if pr and pr not in [x["programma"] for x in e["programmas"]]:
            e["programmas"].append(
                {
                    "programma": pr,
                    "naam": _props(g, pr, "naam") or pr,
                    "beschrijving": _props(g, pr, "beschrijving") or "",
                }
            )
        hub_name = r.get("hub_naam") or _props(g, r.get("hub"), "naam")
        if hub_name and hub_name not in e["hubs"]:
            e["hubs"].append(hub_name)
        s = r.get("school")
        if s and s not in [x["school"] for x in e["scholen"]]:
            e["scholen"].append({"school": s, "naam": _props(g, s, "naam") or s})
        if r.get("via") == "wijk":
            e["in_de_wijk"] = True
        year = r.get("schooljaar")
        if year and year not in e["schooljaren"]:
            e["schooljaren"].append(year)
        n = r.get("deelnemers")
        if n is None or n == "" or (isinstance(n, float) and n != n):
            e["deelnemers_deels"] = True
        else:
            e["deelnemers"] = (e["deelnemers"] or 0) + int(n)
    out = sorted(entries.values(), key=lambda e: fold(str(e["partner_naam"])))
    for e in out:
        e["programmas"].sort(key=lambda x: fold(str(x["naam"])))
        e["scholen"].sort(key=lambda x: fold(str(x["naam"])))
        e["hubs"].sort(key=lambda x: fold(str(x)))
        e["schooljaren"].sort()
        e["schooljaren_tekst"] = dutch_list(e["schooljaren"])
        if e["deelnemers"] is None:
            e["deelnemers_deels"] = False
        made_up = e.pop("_voorbeeld")
        e["voorbeeld"] = "" if not made_up else "alle" if made_up == e["activiteiten"] else "deels"
    return out
