"""The data behind the interactive network view: filtered, laid out, built with pyvis.

pyvis builds the nodes, edges and options; the page is our own template that draws
them with the vis-network copy the app serves itself (pyvis's own template loads
Bootstrap and vis-network from CDNs and is never used). Positions are computed here,
so the browser does not have to run a physics simulation. Labels and titles are plain
text: vis-network draws labels on the canvas and shows titles with ``innerText``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from lea_graph import model
from lea_graph.analytics.network import Network
from lea_graph.text import number

__all__ = ["KIND_STYLE", "ViewFilter", "aggregate", "build_view", "select"]

#: Colour and shape per kind (colour-blind-safe palette; shape as a second cue).
KIND_STYLE: dict[str, tuple[str, str]] = {
    "partner": ("#0072B2", "dot"),
    "hub": ("#D55E00", "diamond"),
    "wijk": ("#009E73", "square"),
    "school": ("#E69F00", "triangle"),
    "programma": ("#CC79A7", "star"),
    "cluster": ("#56B4E9", "hexagon"),
    "thema": ("#999999", "hexagon"),
    "ambitie": ("#000000", "hexagon"),
}
COMMUNITY_COLOURS = (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442",
    "#882255", "#44AA99", "#117733", "#999933", "#AA4499",
)  # fmt: skip
DEFAULT_KINDS = ("partner", "hub", "wijk", "school", "programma")
EDGE_WORDS = {
    "hub_leden": ("lidmaatschap", "lidmaatschappen"),
    "activiteiten": ("activiteit", "activiteiten"),
    "wijkinzet": ("wijkinzet", "wijkinzet"),
    "samenwerkingen": ("samenwerking", "samenwerkingen"),
    "programma_partners": ("programmarol", "programmarollen"),
}


@dataclass
class ViewFilter:
    """What the user asked to see."""

    wijk: str | None = None
    gemeente: str | None = None
    hub: str | None = None
    cluster: str | None = None
    center: str | None = None  # everything around one node (entity pages)
    kinds: tuple[str, ...] = DEFAULT_KINDS
    schooljaar: str | None = None
    colour: str = "soort"  # soort or gemeenschap
    size: str = "graad"  # graad or betweenness


@dataclass
class View:
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    options: dict[str, Any]
    legend: list[dict[str, str]]
    message: str = ""
    total_nodes: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    aggregated: str = ""  # "", "wijk" or "gemeente": what one drawn node stands for

    def to_json(self) -> dict[str, Any]:
        return {
            "nodes": self.nodes,
            "edges": self.edges,
            "options": self.options,
            "legend": self.legend,
            "message": self.message,
            "total_nodes": self.total_nodes,
            "counts": self.counts,
            "aggregated": self.aggregated,
        }


def select(g: nx.MultiDiGraph, f: ViewFilter) -> nx.Graph:
    """The part of the network the filter asks for, as a simple undirected graph.

    Parallel edges between two nodes become one edge that counts them per kind.
    """
    net = Network.of(g, f.schooljaar)
    keep: set[str]
    if f.center:
        keep = {f.center} | set(nx.all_neighbors(g, f.center)) if f.center in g else set()
    elif f.wijk:
        keep = _around_wijken(net, {f.wijk})
    elif f.gemeente:
        wijken = {w for w in net.ids["wijk"] if net.attr(w, "gemeente") == f.gemeente}
        hubs = {h for h in net.ids["hub"] if net.attr(h, "gemeente") == f.gemeente}
        keep = _around_wijken(net, wijken) | hubs
    elif f.hub:
        members = {p for p, hubs in net.members.items() if f.hub in hubs}
        acts = net.activities[net.activities["hub"] == f.hub]
        schools = set(acts["school"])
        wijken = {net.school_wijk[s] for s in schools if s in net.school_wijk}
        inzet = net.wijkinzet[net.wijkinzet["partner"].isin(members)]
        keep = {f.hub} | members | set(acts["partner"]) | schools | wijken | set(inzet["wijk"])
    elif f.cluster:
        themes = {t for t in net.ids["thema"] if g.has_edge(t, f.cluster)}
        programmes = {p for p in net.ids["programma"] if net.programme_cluster(p) == f.cluster}
        partners = {p for p, pr in net.programme_roles() if pr in programmes}
        acts = net.activities[net.activities["programma"].isin(programmes)]
        partners |= set(acts["partner"])
        keep = {f.cluster} | themes | programmes | partners | set(acts["school"])
    else:
        keep = set(g.nodes)
    kinds = set(f.kinds) | ({g.nodes[f.center]["kind"]} if f.center in g else set())
    keep = {n for n in keep if g.nodes[n].get("kind") in kinds}
    h = nx.Graph()
    for n in keep:
        h.add_node(n, **g.nodes[n])
    for u, v, d in g.edges(data=True):
        if u in keep and v in keep and u != v and model.counts_in_year(d.get("kind", ""), d.get("schooljaar"), f.schooljaar):
            if not h.has_edge(u, v):
                h.add_edge(u, v, kinds=defaultdict(int))
            h[u][v]["kinds"][d.get("kind", "")] += 1
    return h


def _around_wijken(net: Network, wijken: set[str]) -> set[str]:
    """The wijken, their schools, the partners active there, and their programmes and hubs."""
    schools = {s for s, w in net.school_wijk.items() if w in wijken}
    acts = net.activities[net.activities["school"].isin(schools)]
    inzet = net.wijkinzet[net.wijkinzet["wijk"].isin(wijken)]
    partners = set(acts["partner"]) | set(inzet["partner"])
    programmes = {
        p for p in list(acts["programma"]) + list(inzet["programma"]) if isinstance(p, str) and p
    }
    hubs = {h for p in partners for h in net.members.get(p, [])}
    return wijken | schools | partners | programmes | hubs


#: A partner active in more groups than this adds no group-to-group lines (it would
#: tie every group to every other and hide the structure); it is still counted.
SPREAD_LIMIT = 60

#: Kind of aggregated node -> (colour, shape, legend label).
GROUP_STYLE = {
    "wijk": ("#009E73", "square", "Wijk (samengevoegd: scholen, partners en activiteiten)"),
    "gemeente": ("#117733", "square", "Gemeente (samengevoegd: wijken, scholen en partners)"),
}


def aggregate(h: nx.Graph, cap: int) -> tuple[nx.Graph, str]:
    """The selected network with wijken, or if there are too many, gemeenten as nodes.

    Every school counts in its wijk, a wijk in its gemeente (its ``gemeente`` column;
    wijken without one form one group), a partner in every group where it has an
    activity or wijkinzet. Two groups are linked by the number of partners active in
    both. Hubs, programmes and the policy nodes are not drawn at this level.

    Parameters
    ----------
    h
        The selection of :func:`select`.
    cap
        At most this many groups; gemeenten are used when there are more wijken.

    Returns
    -------
    tuple
        The graph of groups (node attributes ``kind`` = ``"groep"``, ``level``,
        ``naam``, ``expand`` and the counts; edge attribute ``partners``) and the level
        (``"wijk"`` or ``"gemeente"``).
    """
    wijk_of: dict[str, str] = {}
    for n, d in h.nodes(data=True):
        if d.get("kind") == "wijk":
            wijk_of[n] = n
    for u, v in h.edges():
        for a, b in ((u, v), (v, u)):
            if h.nodes[a].get("kind") == "school" and h.nodes[b].get("kind") == "wijk":
                wijk_of[a] = b
    wijken = set(wijk_of.values())
    level = "wijk" if len(wijken) <= cap else "gemeente"

    def group(wijk: str) -> str:
        if level == "wijk":
            return wijk
        return str(h.nodes[wijk].get("gemeente") or "")

    members: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    activities: dict[str, int] = defaultdict(int)
    spread: dict[str, set[str]] = defaultdict(set)
    for w in wijken:
        members[group(w)]["wijk"].add(w)
    for school, w in wijk_of.items():
        if school != w:
            members[group(w)]["school"].add(school)
    for u, v, d in h.edges(data=True):
        for partner, other in ((u, v), (v, u)):
            if h.nodes[partner].get("kind") != "partner" or other not in wijk_of:
                continue
            gid = group(wijk_of[other])
            members[gid]["partner"].add(partner)
            spread[partner].add(gid)
            activities[gid] += d["kinds"].get("activiteiten", 0)
    out = nx.Graph()
    ranked = sorted(members, key=lambda k: (-len(members[k]["partner"]), k))[:cap]
    for gid in ranked:
        m = members[gid]
        if level == "wijk":
            naam = str(h.nodes[gid].get("naam", gid))
            expand = {"wijk": gid}
        else:
            naam = gid or "Zonder gemeente"
            expand = {"gemeente": gid} if gid else {}
        out.add_node(
            f"groep:{level}:{gid}",
            kind="groep",
            level=level,
            naam=naam,
            expand=expand,
            wijken=len(m["wijk"]),
            scholen=len(m["school"]),
            partners=len(m["partner"]),
            activiteiten=activities[gid],
        )
    kept = set(ranked)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for groups in spread.values():
        if len(groups) > SPREAD_LIMIT:
            continue
        inside = sorted(groups & kept)
        for i, a in enumerate(inside):
            for b in inside[i + 1 :]:
                shared[(a, b)] += 1
    for (a, b), n in shared.items():
        out.add_edge(f"groep:{level}:{a}", f"groep:{level}:{b}", partners=n)
    return out, level


def _group_title(d: dict[str, Any]) -> str:
    lines = [f"{'Wijk' if d['level'] == 'wijk' else 'Gemeente'}: {d['naam']}"]
    if d["level"] == "gemeente":
        lines.append(f"{d['wijken']} wijken")
    lines.append(f"{d['scholen']} scholen en opvanglocaties")
    lines.append(f"{d['partners']} partners met {d['activiteiten']} activiteiten")
    lines.append("Klik om in te zoomen.")
    return "\n".join(lines)


def _layout(h: nx.Graph) -> dict[str, tuple[float, float]]:
    """Positions in screen units: the largest part in the middle, smaller parts around it.

    A spring layout of a whole graph pushes small separate parts (and single nodes) far
    away, which shrinks the main part to a dot when the view fits everything. So each
    connected part is laid out on its own and the parts are packed in rows below the
    largest one, single nodes last.
    """
    pos: dict[str, tuple[float, float]] = {}
    parts = sorted(nx.connected_components(h), key=lambda c: (-len(c), min(c)))
    if not parts:
        return pos
    spacing = 90.0  # roughly the length of an edge on screen
    cursor_x = cursor_y = row_height = 0.0
    width = None
    for part in parts:
        n = len(part)
        radius = spacing * max(1.0, (n**0.5) * 1.4)
        if n == 1:
            local = {next(iter(part)): (0.0, 0.0)}
        else:
            sub = h.subgraph(part)
            raw = nx.spring_layout(sub, seed=1, iterations=80 if n < 600 else 40, k=1.0 / n**0.5)
            local = {node: (float(x) * radius, float(y) * radius) for node, (x, y) in raw.items()}
        if width is None:  # the largest part sets the width of the rows below it
            width = 2 * radius
            pos.update(local)
            cursor_x, cursor_y = -radius, radius + 2 * spacing
            continue
        size = 2 * radius if n > 1 else spacing
        if cursor_x + size > width / 2 + spacing:
            cursor_x, cursor_y = -width / 2, cursor_y + row_height + spacing
            row_height = 0.0
        for node, (x, y) in local.items():
            pos[node] = (cursor_x + size / 2 + x, cursor_y + size / 2 + y)
        cursor_x += size + spacing / 2
        row_height = max(row_height, size)
    return pos


def _title(d: dict[str, Any]) -> str:
    kind = d.get("kind", "")
    nk = model.node_kind(kind) if kind in {k.kind for k in model.NODE_KINDS} else None
    parts = [f"{nk.singular.capitalize() if nk else kind}: {d.get('naam', '')}"]
    for key in ("type", "sector", "domein", "stadsdeel"):
        if d.get(key):
            parts.append(f"{key}: {d[key]}")
    if d.get("bron") == "voorbeeld":
        parts.append("(voorbeeldgegevens)")
    return "\n".join(parts)


def build_view(
    g: nx.MultiDiGraph,
    f: ViewFilter,
    *,
    cap: int = 1500,
    communities: dict[str, int] | None = None,
    betweenness: dict[str, float] | None = None,
) -> View:
    """Filter, reduce to at most ``cap`` nodes, lay out and build the vis-network data."""
    from pyvis.network import Network as PyvisNetwork

    h = select(g, f)
    total = h.number_of_nodes()
    counts: dict[str, int] = defaultdict(int)
    for n in h.nodes:
        counts[h.nodes[n].get("kind", "")] += 1
    message = ""
    if total > cap:
        groups, level = aggregate(h, cap)
        if groups.number_of_nodes() >= 2:
            return _group_view(groups, level, total, dict(counts), cap)
        # Nothing to group by (no wijken in this selection): the best-connected nodes.
        ranked = sorted(h.nodes, key=lambda n: (-h.degree(n), n))[:cap]
        h = h.subgraph(ranked).copy()
        message = (
            f"Dit deel van het netwerk heeft {number(total)} knopen; getoond worden de "
            f"{number(cap)} met de meeste verbindingen. Kies een wijk, hub of cluster om in "
            "te zoomen."
        )
    pos = _layout(h)
    net = PyvisNetwork(height="100%", width="100%", cdn_resources="local")
    legend: list[dict[str, str]] = []
    degrees = dict(h.degree())
    top = max(degrees.values(), default=1) or 1
    comm_colour: dict[int, str] = {}
    for node in sorted(h.nodes):
        d = h.nodes[node]
        kind = d.get("kind", "")
        colour, shape = KIND_STYLE.get(kind, ("#777777", "dot"))
        if f.colour == "gemeenschap" and communities is not None and kind == "partner":
            c = communities.get(node)
            if c is not None:
                colour = comm_colour.setdefault(
                    c, COMMUNITY_COLOURS[(c - 1) % len(COMMUNITY_COLOURS)]
                )
        if f.size == "betweenness" and betweenness is not None and kind == "partner":
            size = 8 + 40 * float(betweenness.get(node, 0.0)) ** 0.5
        else:
            size = 8 + 22 * (degrees.get(node, 0) / top) ** 0.5
        x, y = pos.get(node, (0.0, 0.0))
        label = str(d.get("naam", node))
        net.add_node(
            node,
            label=label if len(label) <= 28 else label[:27] + "…",
            title=_title(d),
            color=colour,
            shape=shape,
            size=round(size, 1),
            x=round(x, 1),
            y=round(y, 1),
            kind=kind,
        )
    for u, v, d in sorted(h.edges(data=True), key=lambda e: (e[0], e[1])):
        kinds = d["kinds"]
        words = [
            f"{n} {EDGE_WORDS.get(k, (k, k))[0 if n == 1 else 1]}" for k, n in sorted(kinds.items())
        ]
        weight = sum(kinds.values())
        # pyvis's add_edge scans every edge per call; appending is linear.
        net.edges.append(
            {"from": u, "to": v, "title": ", ".join(words), "width": min(1 + weight / 2, 6)}
        )
    net.toggle_physics(False)
    options = json.loads(net.options.to_json())
    options["edges"] = {"smooth": False, "color": {"color": "#9aa4ad", "highlight": "#1d2b36"}}
    options["interaction"] = {"hover": True, "tooltipDelay": 150, "navigationButtons": False}
    options["nodes"] = {"font": {"size": 14, "face": "sans-serif", "color": "#1d2b36"}}
    kinds_present = sorted({h.nodes[n].get("kind") for n in h.nodes}, key=list(KIND_STYLE).index)
    if f.colour == "gemeenschap" and communities is not None:
        for c, colour in sorted(comm_colour.items()):
            legend.append({"label": f"Gemeenschap {c}", "colour": colour, "shape": "dot"})
        legend += [
            {
                "label": model.node_kind(k).plural.capitalize(),
                "colour": KIND_STYLE[k][0],
                "shape": KIND_STYLE[k][1],
            }
            for k in kinds_present
            if k != "partner"
        ]
    else:
        legend = [
            {
                "label": model.node_kind(k).plural.capitalize(),
                "colour": KIND_STYLE[k][0],
                "shape": KIND_STYLE[k][1],
            }
            for k in kinds_present
        ]
    return View(net.nodes, net.edges, options, legend, message, total, dict(counts))


def _base_options() -> dict[str, Any]:
    return {
        "physics": {"enabled": False},
        "edges": {"smooth": False, "color": {"color": "#9aa4ad", "highlight": "#1d2b36"}},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
        "nodes": {"font": {"size": 14, "face": "sans-serif", "color": "#1d2b36"}},
    }


def _group_view(groups: nx.Graph, level: str, total: int, counts: dict[str, int], cap: int) -> View:
    """The view of :func:`aggregate`: one node per wijk or gemeente, with its counts."""
    colour, shape, legend_label = GROUP_STYLE[level]
    pos = _layout(groups)
    top = max((d["partners"] for _, d in groups.nodes(data=True)), default=1) or 1
    nodes = []
    for node in sorted(groups.nodes):
        d = groups.nodes[node]
        x, y = pos.get(node, (0.0, 0.0))
        label = str(d["naam"])
        nodes.append(
            {
                "id": node,
                "label": label if len(label) <= 28 else label[:27] + "…",
                "title": _group_title(d),
                "color": colour,
                "shape": shape,
                "size": round(10 + 30 * (d["partners"] / top) ** 0.5, 1),
                "x": round(x, 1),
                "y": round(y, 1),
                "kind": "groep",
                "summary": {k: d[k] for k in ("level", "naam", "expand", "wijken", "scholen",
                                            "partners", "activiteiten")},
            }
        )  # fmt: skip
    # The strongest links only, so the browser stays quick: at most 4 per drawn node.
    links = sorted(groups.edges(data=True), key=lambda e: (-e[2]["partners"], e[0], e[1]))
    links = links[: 4 * max(cap, 1)]
    strongest = max((d["partners"] for _, _, d in links), default=1) or 1
    edges = [
        {
            "from": u,
            "to": v,
            "title": f"{d['partners']} {'partner' if d['partners'] == 1 else 'partners'} in beide",
            "width": round(1 + 5 * d["partners"] / strongest, 1),
        }
        for u, v, d in links
    ]
    word = "wijken" if level == "wijk" else "gemeenten"
    message = (
        f"Dit deel van het netwerk heeft {number(total)} knopen, meer dan de {number(cap)} die de "
        f"browser vlot tekent. Daarom staat hier elke {'wijk' if level == 'wijk' else 'gemeente'} "
        f"als één knoop ({number(len(nodes))} {word}), met het aantal scholen, partners en "
        f"activiteiten; een lijn betekent dat partners in beide {word} actief zijn. Klik op "
        f"een knoop om in te zoomen."
    )
    legend = [{"label": legend_label, "colour": colour, "shape": shape}]
    return View(nodes, edges, _base_options(), legend, message, total, counts, level)
