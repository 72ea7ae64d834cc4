"""The data behind the interactive network view: what to show (:func:`select`), and
above the node cap one node per wijk or gemeente (:func:`aggregate`); drawn with the
one vis-network builder of :mod:`web.vis`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from lea_graph import model
from lea_graph.analytics.network import Network
from lea_graph.text import number, plural
from web.indeling import DEFAULT_LAYOUT, group_layout, hub_homes, place
from web.vis import KIND_STYLE, VisNetwork, kind_legend, layout

__all__ = ["KIND_STYLE", "ViewFilter", "aggregate", "build_view", "select"]

COMMUNITY_COLOURS = (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442",
    "#882255", "#44AA99", "#117733", "#999933", "#AA4499",
)  # fmt: skip
DEFAULT_KINDS = ("partner", "hub", "wijk", "school", "programma")

#: Label sizes that make a fixed layout readable: (layout, role) → font size, where the
#: role is a node kind or ``lid`` (a partner drawn with its hub).
#: The role ``""`` is every other node: small labels, that show when zoomed in.
LAYOUT_FONTS = {("hubs", "hub"): 28, ("hubs", "lid"): 20, ("hubs", ""): 8, ("wijken", "wijk"): 26}
#: The lines a fixed layout is about (drawn strong), and the colour they are drawn in;
#: the other lines are drawn faint.
LAYOUT_LINES = {"hubs": ("hub_leden", "#D55E00"), "wijken": ("school_wijk", "#007A5A")}
FAINT_LINE = {"color": "#9aa4ad", "opacity": 0.25}


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
    layout: str = DEFAULT_LAYOUT  # kracht, hubs or wijken (web.indeling.LAYOUTS)


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
    layout: str = DEFAULT_LAYOUT  # the layout used (web.indeling)
    annotations: list[dict[str, Any]] = field(default_factory=list)  # texts on the canvas
    focus: list[str] = field(default_factory=list)  # the nodes the first view shows

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
            "indeling": self.layout,
            "annotations": self.annotations,
            "focus": self.focus,
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
        themas = {t for t in net.ids["thema"] if g.has_edge(t, f.cluster)}
        programmas = {p for p in net.ids["programma"] if net.programma_cluster(p) == f.cluster}
        partners = {p for p, pr in net.programma_roles() if pr in programmas}
        acts = net.activities[net.activities["programma"].isin(programmas)]
        partners |= set(acts["partner"])
        keep = {f.cluster} | themas | programmas | partners | set(acts["school"])
    else:
        keep = set(g.nodes)
    kinds = set(f.kinds) | ({g.nodes[f.center]["kind"]} if f.center in g else set())
    keep = {n for n in keep if g.nodes[n].get("kind") in kinds}
    h = nx.Graph()
    for n in keep:
        h.add_node(n, **g.nodes[n])
    for u, v, d in g.edges(data=True):
        if (
            u in keep
            and v in keep
            and u != v
            and model.counts_in_year(d.get("kind", ""), d.get("schooljaar"), f.schooljaar)
        ):
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
    programmas = {
        p for p in list(acts["programma"]) + list(inzet["programma"]) if isinstance(p, str) and p
    }
    hubs = {h for p in partners for h in net.members.get(p, [])}
    return wijken | schools | partners | programmas | hubs


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
    wijk_of = _wijk_of(h)
    wijken = set(wijk_of.values())
    level = "wijk" if len(wijken) <= cap else "gemeente"

    def group(wijk: str) -> str:
        return wijk if level == "wijk" else str(h.nodes[wijk].get("gemeente") or "")

    members, activities, spread = _members(h, wijk_of, group)
    out = nx.Graph()
    ranked = sorted(members, key=lambda k: (-len(members[k]["partner"]), k))[:cap]
    for gid in ranked:
        m = members[gid]
        if level == "wijk":
            naam, expand = str(h.nodes[gid].get("naam", gid)), {"wijk": gid}
        else:
            naam, expand = gid or "Zonder gemeente", {"gemeente": gid} if gid else {}
        out.add_node(
            f"groep:{level}:{gid}", kind="groep", level=level, naam=naam, expand=expand,
            wijken=len(m["wijk"]), scholen=len(m["school"]), partners=len(m["partner"]),
            activiteiten=activities[gid],
        )  # fmt: skip
    for (a, b), n in _shared(spread, set(ranked)).items():
        out.add_edge(f"groep:{level}:{a}", f"groep:{level}:{b}", partners=n)
    return out, level


def _wijk_of(h: nx.Graph) -> dict[str, str]:
    """The wijk of every wijk (itself) and school in the selection."""
    wijk_of = {n: n for n, d in h.nodes(data=True) if d.get("kind") == "wijk"}
    for u, v in h.edges():
        for a, b in ((u, v), (v, u)):
            if h.nodes[a].get("kind") == "school" and h.nodes[b].get("kind") == "wijk":
                wijk_of[a] = b
    return wijk_of


def _members(h: nx.Graph, wijk_of: dict[str, str], group) -> tuple[dict, dict, dict]:
    """Per group its wijken, schools and partners; its activities; per partner its groups."""
    members: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    activities: dict[str, int] = defaultdict(int)
    spread: dict[str, set[str]] = defaultdict(set)
    for node, w in wijk_of.items():
        members[group(w)]["wijk" if node == w else "school"].add(node)
    for u, v, d in h.edges(data=True):
        for partner, other in ((u, v), (v, u)):
            if h.nodes[partner].get("kind") != "partner" or other not in wijk_of:
                continue
            gid = group(wijk_of[other])
            members[gid]["partner"].add(partner)
            spread[partner].add(gid)
            activities[gid] += d["kinds"].get("activiteiten", 0)
    return members, activities, spread


def _shared(spread: dict[str, set[str]], kept: set[str]) -> dict[tuple[str, str], int]:
    """Pairs of kept groups and the number of partners active in both."""
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for groups in spread.values():
        if len(groups) > SPREAD_LIMIT:
            continue
        inside = sorted(groups & kept)
        for i, a in enumerate(inside):
            for b in inside[i + 1 :]:
                shared[(a, b)] += 1
    return shared


def _group_title(d: dict[str, Any]) -> str:
    lines = [f"{'Wijk' if d['level'] == 'wijk' else 'Gemeente'}: {d['naam']}"]
    if d["level"] == "gemeente":
        lines.append(f"{d['wijken']} wijken")
    lines.append(f"{d['scholen']} scholen en opvanglocaties")
    lines.append(f"{d['partners']} partners met {d['activiteiten']} activiteiten")
    lines.append("Klik om in te zoomen.")
    return "\n".join(lines)


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
    h = select(g, f)
    total = h.number_of_nodes()
    counts: dict[str, int] = defaultdict(int)
    for n in h.nodes:
        counts[h.nodes[n].get("kind", "")] += 1
    message = ""
    if total > cap:
        groups, level = aggregate(h, cap)
        if groups.number_of_nodes() >= 2:
            return _group_view(groups, level, total, dict(counts), cap, h, f.layout)
        # Nothing to group by (no wijken in this selection): the best-connected nodes.
        ranked = sorted(h.nodes, key=lambda n: (-h.degree(n), n))[:cap]
        h = h.subgraph(ranked).copy()
        message = (
            f"Dit deel van het netwerk heeft {number(total)} knopen; getoond worden de "
            f"{number(cap)} met de meeste verbindingen. Kies een wijk, hub of cluster om in "
            "te zoomen."
        )
    placement = place(h, f.layout, g.nodes)
    pos = placement.positions
    message = " ".join(m for m in (message, placement.note) if m)
    used = placement.layout
    homes = hub_homes(h) if used == "hubs" else {}
    below: dict[str, list[float]] = defaultdict(list)
    for p, hub in homes.items():
        below[hub].append(pos[p][1] - pos[hub][1])
    above = {hub for hub, dys in below.items() if sum(dys) > 0}
    vis = VisNetwork()
    degrees = dict(h.degree())
    top = max(degrees.values(), default=1) or 1
    comm_colour: dict[int, str] = {}
    for node in sorted(h.nodes):
        d = h.nodes[node]
        kind = d.get("kind", "")
        style = None
        if f.colour == "gemeenschap" and communities is not None and kind == "partner":
            c = communities.get(node)
            if c is not None:
                colour = comm_colour.setdefault(
                    c, COMMUNITY_COLOURS[(c - 1) % len(COMMUNITY_COLOURS)]
                )
                style = (colour, KIND_STYLE["partner"][1])
        if f.size == "betweenness" and betweenness is not None and kind == "partner":
            size = 8 + 40 * float(betweenness.get(node, 0.0)) ** 0.5
        else:
            size = 8 + 22 * (degrees.get(node, 0) / top) ** 0.5
        extra: dict[str, Any] = {}
        role = "lid" if node in homes else kind
        font = LAYOUT_FONTS.get((used, role), LAYOUT_FONTS.get((used, "")))
        if font:
            extra["font"] = {"size": font}
            if role in ("hub", "wijk"):
                size = max(size, font * 0.6)
            elif role == "lid":  # a big dot would cover the names in its card
                size = min(size, 14.0)
            if node in above:  # members below the hub: its name above it
                extra["font"]["vadjust"] = -round(2 * size + 1.2 * font + 4)
        vis.add_node(node, label=str(d.get("naam", node)), title=_title(d), kind=kind,
                     size=size, position=pos.get(node, (0.0, 0.0)), style=style,
                     **extra)  # fmt: skip
    strong, strong_colour = LAYOUT_LINES.get(used, ("", ""))
    for u, v, d in sorted(h.edges(data=True), key=lambda e: (e[0], e[1])):
        kinds = d["kinds"]
        words = [f"{n} {model.relation_noun(k, n)}" for k, n in sorted(kinds.items())]
        width = min(1 + sum(kinds.values()) / 2, 6)
        colour = None
        if strong:
            colour = (
                {"color": strong_colour, "opacity": 1.0} if kinds.get(strong) else dict(FAINT_LINE)
            )
            width = 2.5 if kinds.get(strong) else width
        vis.add_edge(u, v, title=", ".join(words), width=width, color=colour)
    kinds_present = {h.nodes[n].get("kind") for n in h.nodes}
    legend: list[dict[str, str]] = []
    if f.colour == "gemeenschap" and communities is not None:
        for c, colour in sorted(comm_colour.items()):
            legend.append({"label": f"Gemeenschap {c}", "colour": colour, "shape": "dot"})
        kinds_present.discard("partner")
    legend += kind_legend(kinds_present)
    # The hubs layout is about the hubs and their members: the first view shows them
    # large enough to read; zooming out shows the rings around them.
    focus = sorted(set(homes) | {n for n in h if h.nodes[n].get("kind") == "hub"}) if homes else []
    return View(vis.nodes, vis.edges, vis.options(), legend, message, total, dict(counts),
                layout=used, annotations=placement.annotations, focus=focus)  # fmt: skip


def _group_placement(
    groups: nx.Graph, level: str, h: nx.Graph, wanted: str
) -> tuple[dict[str, tuple[float, float]], str, str, list[dict[str, Any]]]:
    """Positions of the aggregated view: the ``wijken`` layout works for wijken as nodes;
    otherwise the force layout, with a note when another layout was asked for."""
    if wanted == "wijken" and level == "wijk":
        stadsdeel = {
            n: str(h.nodes[d["expand"]["wijk"]].get("stadsdeel") or "")
            for n, d in groups.nodes(data=True)
        }
        pos, annotations = group_layout(groups, stadsdeel)
        return pos, "wijken", "", annotations
    note = ""
    if wanted == "hubs":
        note = ("In deze samengevoegde weergave staan geen hubs; daarom is de vrije indeling "
                "(krachtenmodel) gebruikt. Zoom in op een wijk om de hubs te zien.")  # fmt: skip
    elif wanted == "wijken":
        note = ("Hier staat elke gemeente als één knoop; de indeling per wijk en stadsdeel "
                "kan pas na inzoomen op een gemeente. Daarom is de vrije indeling "
                "(krachtenmodel) gebruikt.")  # fmt: skip
    return layout(groups), "kracht", note, []


def _group_view(
    groups: nx.Graph,
    level: str,
    total: int,
    counts: dict[str, int],
    cap: int,
    h: nx.Graph,
    wanted: str = DEFAULT_LAYOUT,
) -> View:
    """The view of :func:`aggregate`: one node per wijk or gemeente, with its counts."""
    colour, shape, legend_label = GROUP_STYLE[level]
    pos, used, note, annotations = _group_placement(groups, level, h, wanted)
    top = max((d["partners"] for _, d in groups.nodes(data=True)), default=1) or 1
    vis = VisNetwork()
    for node in sorted(groups.nodes):
        d = groups.nodes[node]
        summary = {k: d[k] for k in ("level", "naam", "expand", "wijken", "scholen", "partners",
                                     "activiteiten")}  # fmt: skip
        vis.add_node(node, label=str(d["naam"]), title=_group_title(d), kind="groep",
                     size=10 + 30 * (d["partners"] / top) ** 0.5,
                     position=pos.get(node, (0.0, 0.0)), style=(colour, shape),
                     summary=summary)  # fmt: skip
    # The strongest links only, so the browser stays quick: at most 4 per drawn node.
    links = sorted(groups.edges(data=True), key=lambda e: (-e[2]["partners"], e[0], e[1]))
    links = links[: 4 * max(cap, 1)]
    strongest = max((d["partners"] for _, _, d in links), default=1) or 1
    for u, v, d in links:
        n = d["partners"]
        vis.add_edge(u, v, title=f"{plural(n, 'partner', 'partners')} in beide",
                     width=round(1 + 5 * n / strongest, 1))  # fmt: skip
    nodes, edges = vis.nodes, vis.edges
    word = "wijken" if level == "wijk" else "gemeenten"
    message = (
        f"Dit deel van het netwerk heeft {number(total)} knopen, meer dan de {number(cap)} die de "
        f"browser vlot tekent. Daarom staat hier elke {'wijk' if level == 'wijk' else 'gemeente'} "
        f"als één knoop ({number(len(nodes))} {word}), met het aantal scholen, partners en "
        f"activiteiten; een lijn betekent dat partners in beide {word} actief zijn. Klik op "
        f"een knoop om in te zoomen."
    )
    message = " ".join(m for m in (message, note) if m)
    legend = [{"label": legend_label, "colour": colour, "shape": shape}]
    return View(nodes, edges, vis.options(), legend, message, total, counts, level,
                layout=used, annotations=annotations)  # fmt: skip
