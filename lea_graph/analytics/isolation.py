"""Isolation and fragility: who stands alone, where the network hangs on one partner,
which partners hold it together, and which hubs keep to themselves."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from itertools import accumulate

import networkx as nx
import pandas as pd

from lea_graph.analytics.coverage import SES_WORDS, coverage_matrix
from lea_graph.analytics.indicators import bto_activities
from lea_graph.analytics.network import Network, each_row
from lea_graph.text import LIST_SEP, plural

__all__ = [
    "Split",
    "bastion_scores",
    "collaboration_splits",
    "cut_partners",
    "idle_locations",
    "isolated_partners",
    "single_partner_dependencies",
    "split_groups",
    "wijk_partners",
]


@dataclass(frozen=True)
class Split:
    """What removing one articulation point does to its connected part.

    Attributes
    ----------
    sizes
        The number of nodes of every group the part falls into, largest first (equal
        sizes by their smallest node).
    cut_off
        The nodes of every group but the largest, each sorted, in the order of
        ``sizes[1:]``. The largest group is left out: it is usually nearly the whole
        part, and listing it for every articulation point costs time and memory
        proportional to their number times the size of the part.
    """

    sizes: list[int]
    cut_off: list[list]


def split_groups(h: nx.Graph) -> dict[Hashable, Split]:
    """For every articulation point, the groups its connected part falls into without it.

    One depth-first search (Hopcroft and Tarjan's low points) finds them all in time
    linear in the graph, plus the size of the smaller groups returned: removing the
    nodes one by one and searching again took minutes on a national network.

    Parameters
    ----------
    h
        An undirected graph.

    Returns
    -------
    dict
        Articulation point -> :class:`Split`, by articulation point (compared as text).
        Nodes that are no articulation point are absent.

    Examples
    --------
    >>> split_groups(nx.Graph([(1, 2), (2, 3), (3, 4), (4, 2), (4, 5)]))
    {2: Split(sizes=[3, 1], cut_off=[[1]]), 4: Split(sizes=[3, 1], cut_off=[[5]])}
    """
    rank = {n: i for i, n in enumerate(sorted(h, key=str))}  # text order of the nodes
    order: list = []  # preorder of the depth-first search
    disc: dict = {}
    low: dict = {}
    size: dict = {}
    least: dict = {}  # the smallest rank in each node's subtree
    children: dict = {}
    out: dict = {}
    for root in sorted(h, key=str):
        if root in disc:
            continue
        start = len(order)
        disc[root] = low[root] = start
        order.append(root)
        children[root] = []
        stack = [(root, iter(sorted(h[root], key=str)))]
        while stack:
            v, neighbours = stack[-1]
            advanced = False
            for w in neighbours:
                if w not in disc:
                    disc[w] = low[w] = len(order)
                    order.append(w)
                    children[w] = []
                    children[v].append(w)
                    stack.append((w, iter(sorted(h[w], key=str))))
                    advanced = True
                    break
                if len(stack) < 2 or w != stack[-2][0]:
                    low[v] = min(low[v], disc[w])
            if advanced:
                continue
            stack.pop()
            size[v] = 1 + sum(size[c] for c in children[v])
            least[v] = min([rank[v], *(least[c] for c in children[v])])
            if stack:
                parent = stack[-1][0]
                low[parent] = min(low[parent], low[v])
        end = len(order)
        # The smallest rank before and after every preorder position of this part.
        ranks = [rank[v] for v in order[start:end]]
        before = list(accumulate(ranks, min))
        after = list(accumulate(reversed(ranks), min))[::-1]
        for v in order[start:end]:
            is_root = v == root
            separated = [c for c in children[v] if is_root or low[c] >= disc[v]]
            if len(separated) < (2 if is_root else 1):
                continue
            # Each group as (size, smallest rank, how to list it).
            groups = [(size[c], least[c], c) for c in separated]
            if not is_root:
                i, j = disc[v] - start, disc[v] + size[v] - start
                attached = [c for c in children[v] if low[c] < disc[v]]
                smallest = min(
                    [before[i - 1], *([after[j]] if j < len(ranks) else []),
                     *(least[c] for c in attached)]
                )  # fmt: skip
                groups.append((size[root] - 1 - sum(size[c] for c in separated), smallest, None))
            groups.sort(key=lambda t: (-t[0], t[1]))
            cut_off = []
            for _, _, c in groups[1:]:
                if c is None:  # the rest of the part, when a subtree of v is larger
                    i, j = disc[v], disc[v] + size[v]
                    members = order[start:i] + order[j:end]
                    for a in children[v]:
                        if low[a] < disc[v]:
                            members += order[disc[a] : disc[a] + size[a]]
                else:
                    members = order[disc[c] : disc[c] + size[c]]
                cut_off.append(sorted(members, key=rank.__getitem__))
            out[v] = Split(sizes=[t[0] for t in groups], cut_off=cut_off)
    return dict(sorted(out.items(), key=lambda kv: str(kv[0])))


def collaboration_splits(net: Network) -> dict[Hashable, Split]:
    """:func:`split_groups` of the view's collaboration graph, found once per view
    (:meth:`Network.memo`): the brokers and the cut partners both need them.

    Examples
    --------
    In the example network (Muziekschool - Museum - Sportclub) only the Museum splits it:

    >>> net = Network.of(g)
    >>> collaboration_splits(net)
    {'p-museum': Split(sizes=[1, 1], cut_off=[['p-muziek']])}
    >>> collaboration_splits(net) is collaboration_splits(net)
    True
    """
    return net.memo("split_groups", lambda: split_groups(net.collaboration_graph()))


def _some_names(net: Network, ids, limit: int = 5) -> str:
    names = net.names(ids)
    more = len(names) - limit
    return LIST_SEP.join(names[:limit]) + (f" en {more} andere" if more > 0 else "")


def isolated_partners(g: nx.MultiDiGraph, schooljaar: str | None = None) -> pd.DataFrame:
    """Partners with no recorded collaboration and no hub.

    Returns
    -------
    pandas.DataFrame
        ``partner``, ``partner_naam``, ``partner_type``, ``activiteiten``, ``scholen``,
        ``wijkinzet`` and ``toelichting`` (what the partner does do).

    Examples
    --------
    In the example network the Bibliotheek has no hub and no collaboration (it does
    have one wijkinzet):

    >>> isolated_partners(g)[["partner", "activiteiten", "wijkinzet"]].values.tolist()
    [['p-bieb', 0, 1]]
    """
    net = Network.of(g, schooljaar)
    collab = net.collaboration_graph()
    acts = net.activities.groupby("partner").agg(n=("school", "size"), s=("school", "nunique"))
    inzet = net.wijkinzet.groupby("partner").size()
    rows = []
    for p in net.ids["partner"]:
        if collab.degree(p) or net.members.get(p):
            continue
        n_act = int(acts.loc[p, "n"]) if p in acts.index else 0
        n_sch = int(acts.loc[p, "s"]) if p in acts.index else 0
        n_inzet = int(inzet.get(p, 0))
        doing = (
            f"wel {plural(n_act, 'activiteit', 'activiteiten')} op "
            f"{plural(n_sch, 'school', 'scholen')}"
            if n_act
            else "ook geen activiteiten op scholen"
        ) + (f" en {n_inzet} keer wijkinzet" if n_inzet else "")
        rows.append(
            {
                "partner": p,
                "partner_naam": net.name(p),
                "partner_type": net.attr(p, "type"),
                "activiteiten": n_act,
                "scholen": n_sch,
                "wijkinzet": n_inzet,
                "toelichting": f"Geen samenwerking vastgelegd en geen lid van een hub; {doing}.",
            }
        )
    columns = [
        "partner",
        "partner_naam",
        "partner_type",
        "activiteiten",
        "scholen",
        "wijkinzet",
        "toelichting",
    ]
    return pd.DataFrame(rows, columns=columns).sort_values("partner_naam", ignore_index=True)


def idle_locations(g: nx.MultiDiGraph, schooljaar: str | None = None) -> pd.DataFrame:
    """Schools and childcare locations where no partner runs any activity.

    Examples
    --------
    In the example network no partner works at De Vonk:

    >>> idle_locations(g)["school"].tolist()
    ['s-vonk']
    """
    net = Network.of(g, schooljaar)
    active = set(net.activities["school"].tolist())
    rows = []
    for s in net.ids["school"]:
        if s in active:
            continue
        w = net.school_wijk.get(s)
        context = []
        if net.attr(w, "pact") == "ja":
            context.append("PacT-wijk")
        if net.attr(w, "ses"):
            context.append(SES_WORDS.get(net.attr(w, "ses"), ""))
        pupils = net.leerlingen(s)
        rows.append(
            {
                "school": s,
                "school_naam": net.name(s),
                "sector": net.attr(s, "sector"),
                "leerlingen": pupils,
                "wijk": w,
                "wijk_naam": net.name(w) if w else "",
                "pact": net.attr(w, "pact"),
                "ses": net.attr(w, "ses"),
                "toelichting": (
                    "Geen enkele activiteit van een partner"
                    + (f" in {schooljaar}" if schooljaar else "")
                    + f" ({net.name(w)}"
                    + (f", {', '.join(context)}" if context else "")
                    + (f"; {pupils} leerlingen" if pupils is not None else "")
                    + ")."
                ),
            }
        )
    columns = [
        "school",
        "school_naam",
        "sector",
        "leerlingen",
        "wijk",
        "wijk_naam",
        "pact",
        "ses",
        "toelichting",
    ]
    return pd.DataFrame(rows, columns=columns).sort_values(
        ["wijk_naam", "school_naam"], ignore_index=True
    )


def wijk_partners(net: Network) -> dict[str, list[str]]:
    """Per wijk, the partner of every activity for brede talentontwikkeling at its
    schools and of every wijkinzet in it (a partner once per activity or inzet)."""
    per_wijk: dict[str, list[str]] = {}
    for wijk, partner in each_row(bto_activities(net), "wijk", "partner"):
        per_wijk.setdefault(wijk, []).append(partner)
    for wijk, partner in each_row(net.wijkinzet, "wijk", "partner"):
        per_wijk.setdefault(wijk, []).append(partner)
    return per_wijk


def single_partner_dependencies(g: nx.MultiDiGraph, schooljaar: str | None = None) -> pd.DataFrame:
    """Wijken and hub × wijk cells whose reach hangs on one partner.

    A *wijk* hangs on one partner when all activities for brede talentontwikkeling at its
    schools and all wijkinzet in it come from that partner; a *hub × wijk cell* when one
    partner is the only one reaching it (see :func:`coverage_matrix`).

    Returns
    -------
    pandas.DataFrame
        ``niveau`` (``wijk`` or ``hub × wijk``), ``wijk``, ``wijk_naam``, ``hub``,
        ``hub_naam``, ``partner``, ``partner_naam``, ``activiteiten`` and ``toelichting``.

    Examples
    --------
    In the example network all of Zuid hangs on the Bibliotheek's wijkinzet, and Sport
    reaches Noord only through the Sportclub (Cultuur reaches it through two partners):

    >>> rows = single_partner_dependencies(g)
    >>> rows[["niveau", "wijk", "partner"]].values.tolist()
    [['wijk', 'w-zuid', 'p-bieb'], ['hub × wijk', 'w-noord', 'p-club']]
    """
    net = Network.of(g, schooljaar)
    per_wijk = wijk_partners(net)
    rows = []
    for w in net.ids["wijk"]:
        partners = set(per_wijk.get(w, []))
        if len(partners) != 1:
            continue
        (p,) = partners
        n = len(per_wijk[w])
        rows.append(
            {
                "niveau": "wijk",
                "wijk": w,
                "wijk_naam": net.name(w),
                "hub": None,
                "hub_naam": "",
                "partner": p,
                "partner_naam": net.name(p),
                "activiteiten": n,
                "toelichting": (
                    f"{'De enige activiteit' if n == 1 else f'Alle {n} activiteiten'} voor brede "
                    f"talentontwikkeling in {net.name(w)} {'komt' if n == 1 else 'komen'} van "
                    f"{net.name(p)}; valt die partner weg, dan is de wijk niet meer bereikt."
                ),
            }
        )
    matrix = coverage_matrix(g, schooljaar)
    read = ["wijk", "wijk_naam", "hub", "hub_naam", "partner_ids", "partner_namen",
            "activiteiten", "wijkinzet"]  # fmt: skip
    for cell in matrix.loc[matrix["partners"] == 1, read].to_dict("records"):
        rows.append(
            {
                "niveau": "hub × wijk",
                "wijk": cell["wijk"],
                "wijk_naam": cell["wijk_naam"],
                "hub": cell["hub"],
                "hub_naam": cell["hub_naam"],
                "partner": cell["partner_ids"],
                "partner_naam": cell["partner_namen"],
                "activiteiten": int(cell["activiteiten"] + cell["wijkinzet"]),
                "toelichting": (
                    f"Hub {cell['hub_naam']} bereikt {cell['wijk_naam']} alleen via "
                    f"{cell['partner_namen']}."
                ),
            }
        )
    columns = ["niveau", "wijk", "wijk_naam", "hub", "hub_naam", "partner", "partner_naam",
               "activiteiten", "toelichting"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def cut_partners(g: nx.MultiDiGraph, schooljaar: str | None = None) -> pd.DataFrame:
    """Articulation points of the collaboration network: partners whose departure splits it.

    For each, which partners would lose their (indirect) link to the largest group.

    Returns
    -------
    pandas.DataFrame
        ``partner``, ``partner_naam``, ``hubs``, ``raken_los`` (how many partners),
        ``los_namen`` and ``toelichting``, most critical first.

    Examples
    --------
    In the example network (Muziekschool - Museum - Sportclub), without the Museum the
    Muziekschool loses its link to the rest (both sides have one partner; the
    Muziekschool's comes first by id):

    >>> cut_partners(g)[["partner", "raken_los", "los_namen"]].values.tolist()
    [['p-museum', 1, 'Muziekschool']]
    """
    net = Network.of(g, schooljaar)
    rows = []
    for a, parts in sorted(collaboration_splits(net).items()):
        cut = {n for part in parts.cut_off for n in part}
        hubs = LIST_SEP.join(net.name(h) for h in net.members.get(a, []))
        rows.append(
            {
                "partner": a,
                "partner_naam": net.name(a),
                "hubs": hubs,
                "raken_los": len(cut),
                "los_namen": _some_names(net, cut),
                "toelichting": (
                    f"Zonder {net.name(a)} raken {plural(len(cut), 'partner', 'partners')} los van de rest van het "
                    f"samenwerkingsnetwerk: {_some_names(net, cut)}."
                ),
            }
        )
    columns = ["partner", "partner_naam", "hubs", "raken_los", "los_namen", "toelichting"]
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["raken_los", "partner"], ascending=[False, True], ignore_index=True)


def bastion_scores(
    g: nx.MultiDiGraph,
    schooljaar: str | None = None,
    *,
    extra: Iterable[Iterable[str]] = (),
) -> pd.DataFrame:
    """Per hub: the share of its members' collaborations that stay inside the hub.

    The LEA asks hubs not to become a *gesloten bastion*. A score of 1 means every
    collaboration of the members is with another member; 0 that none is. ``extra`` adds
    collaborations known from elsewhere (pairs of partner ids named in the
    samenwerkingsmonitor, :func:`lea_graph.analytics.samenwerking.genoemde_paren`);
    each collaboration counts once, recorded or named.

    Returns
    -------
    pandas.DataFrame
        ``hub``, ``hub_naam``, ``leden``, ``samenwerkingen`` (with at least one member),
        ``binnen_hub``, ``buiten_hub``, ``bastionscore`` (None without collaborations) and
        ``toelichting``; the most closed hub first.

    Examples
    --------
    In the example network Cultuur's members collaborate once with each other
    (Muziekschool - Museum) and once outside (Museum - Sportclub): 1 / 2. Sport's only
    collaboration goes outside: 0.

    >>> table = bastion_scores(g)
    >>> table[["hub", "binnen_hub", "buiten_hub", "bastionscore"]].values.tolist()
    [['h-cultuur', 1, 1, 0.5], ['h-sport', 0, 1, 0.0]]
    """
    net = Network.of(g, schooljaar)
    collab = net.collaboration_graph()
    extra_pairs = [tuple(p) for p in extra]
    if extra_pairs:
        collab = collab.copy()
        collab.add_edges_from(
            (a, b) for a, b in extra_pairs if a != b and a in collab and b in collab
        )
    inside_of: dict[str, int] = dict.fromkeys(net.ids["hub"], 0)
    outside_of: dict[str, int] = dict.fromkeys(net.ids["hub"], 0)
    for u, v in collab.edges():  # one pass: each collaboration counts once per hub involved
        hu, hv = set(net.members.get(u, [])), set(net.members.get(v, []))
        for h in hu & hv:
            inside_of[h] += 1
        for h in hu ^ hv:
            outside_of[h] += 1
    members_of: dict[str, list[str]] = {h: [] for h in net.ids["hub"]}
    for p, hubs in net.members.items():
        for h in hubs:
            members_of.setdefault(h, []).append(p)
    rows = []
    for h in net.ids["hub"]:
        members = members_of[h]
        inside, outside = inside_of[h], outside_of[h]
        total = inside + outside
        score = round(inside / total, 3) if total else None
        rows.append(
            {
                "hub": h,
                "hub_naam": net.name(h),
                "leden": len(members),
                "samenwerkingen": total,
                "binnen_hub": inside,
                "buiten_hub": outside,
                "bastionscore": score,
                "toelichting": (
                    f"{inside} van de {total} samenwerkingen van de {len(members)} leden blijven "
                    f"binnen de hub ({round(100 * score)}%)."
                    if total
                    else f"De {len(members)} leden hebben geen vastgelegde samenwerkingen."
                ),
            }
        )
    columns = ["hub", "hub_naam", "leden", "samenwerkingen", "binnen_hub", "buiten_hub",
               "bastionscore", "toelichting"]  # fmt: skip
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(
        "bastionscore", ascending=False, na_position="last", ignore_index=True, kind="stable"
    )
