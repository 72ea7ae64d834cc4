"""Brokers: partners that connect parts of the network that would otherwise stay apart.

A broker sits on many shortest paths between other partners (high betweenness). Two
graphs of partners are measured (both from :class:`~lea_graph.analytics.network.Network`):

collaboration graph
    Partners linked by recorded ``samenwerkingen`` (unweighted for paths: a link is a
    link, however often it was recorded).
partner projection
    Partners linked by shared schools, wijken and programmes. Shortest paths use the
    distance ``1 / weight``: partners that share more are closer.

List cells (hub names) are separated by ``"; "`` because some hub names contain a comma
("Burgerschap, identiteit en global goals").
"""

from __future__ import annotations

import math
from functools import reduce

import networkx as nx
import pandas as pd

from lea_graph.analytics import engine as _engine
from lea_graph.analytics.network import Network
from lea_graph.text import LIST_SEP, dutch_list

__all__ = ["COLUMNS", "brokers"]

#: Columns of the table :func:`brokers` returns, in order.
COLUMNS = [
    "partner",
    "partner_naam",
    "partner_type",
    "hubs",
    "samenwerkingen",
    "betweenness",
    "gedeelde_contexten",
    "betweenness_projectie",
    "rang",
    "methode",
    "toelichting",
]

#: Separator of names inside one cell.

#: Betweenness values are compared after rounding to this many decimals, so that
#: values equal up to floating-point noise count as a tie (and fall to the next key).
_RANK_DECIMALS = 12


def _with_distance(h: nx.Graph) -> nx.Graph:
    """Add ``afstand`` = ``1 / weight`` to every edge, scaled to exact whole numbers.

    All distances are multiplied by the least common multiple of the weights, which
    leaves every shortest path (and so betweenness) unchanged but makes paths of equal
    length compare equal exactly (``1/3 + 1/6`` equals ``1/2``; in floats it may not).
    """
    weights = {int(d["weight"]) for _, _, d in h.edges(data=True)}
    scale = reduce(math.lcm, weights, 1)
    for _, _, d in h.edges(data=True):
        d["afstand"] = scale // int(d["weight"])
    return h


#: How much more work igraph does in the same time as networkx (bench/README.md): the
#: work budget is multiplied by this when igraph computes betweenness.
IGRAPH_SPEEDUP = 50


def _betweenness(
    h: nx.Graph, *, limit: int, samples: int, seed: int, weight: str | None, engine: str
) -> tuple[dict[str, float], bool, str]:
    """Normalised betweenness of every node, whether it was estimated, and the engine.

    Shortest paths never leave a connected part, so each part is computed on its own
    and the sum is normalised over the whole graph, like networkx does. While the work
    ``Σ n × (n + m)`` over the parts stays within ``limit`` (times
    :data:`IGRAPH_SPEEDUP` on igraph) every part is exact; otherwise each part uses the
    same fraction of its nodes as sources (at least 2, at most ``samples``), so the
    total work stays near the budget.

    With ``engine="auto"`` networkx computes while it can do so exactly; where it would
    have to sample, igraph (if installed) computes instead, exactly while it can. Its
    exact values equal networkx's, so "auto" only ever gains accuracy.
    """
    n = h.number_of_nodes()
    scores = dict.fromkeys(h, 0.0)
    parts = [h.subgraph(c) for c in sorted(nx.connected_components(h), key=min) if len(c) > 2]
    work = sum(p.number_of_nodes() * (p.number_of_nodes() + p.number_of_edges()) for p in parts)
    if engine == "auto":
        used = "igraph" if work > limit and _engine.have_igraph() else "networkx"
    else:
        used = _engine.choose(engine, h)
    if n < 3:
        return scores, False, used
    if used == "igraph":
        limit *= IGRAPH_SPEEDUP
    fraction = 1.0 if work <= limit else limit / work
    estimated = False
    for part in parts:
        size = part.number_of_nodes()
        k = size if fraction >= 1 else max(2, min(size, samples, math.ceil(fraction * size)))
        estimated |= k < size
        scores.update(
            _engine.betweenness(
                part, weight=weight, k=k if k < size else None, seed=seed, engine=used
            )
        )
    scale = 2 / ((n - 1) * (n - 2))
    return {v: s * scale for v, s in scores.items()}, estimated, used


def _percentage(value: float) -> str:
    pct = 100 * value
    if 0 < pct < 0.5:
        return "minder dan 1%"
    return f"{round(pct)}%"


def _explain(
    net: Network,
    node: str,
    collab: nx.Graph,
    projection: nx.Graph,
    betweenness: float,
    groups: list[int] | None,
    sampled: bool,
) -> str:
    parts = []
    neighbours = list(collab.neighbors(node))
    if not neighbours:
        parts.append("Geen vastgelegde samenwerkingen.")
    else:
        hubs = sorted({net.name(hub) for n in neighbours for hub in net.members.get(n, [])})
        without = sum(1 for n in neighbours if not net.members.get(n))
        who = f"{len(neighbours)} partner" + ("s" if len(neighbours) != 1 else "")
        if hubs:
            hub_text = f"{len(hubs)} hub" + ("s" if len(hubs) != 1 else "")
            text = f"Werkt samen met {who} uit {hub_text} ({LIST_SEP.join(hubs)})"
            if without:
                text += f"; {without} van hen zit{'ten' if without != 1 else ''} in geen hub"
        elif len(neighbours) == 1:
            text = f"Werkt samen met {who}, die in geen hub zit"
        else:
            text = f"Werkt samen met {who}, van wie geen in een hub zit"
        estimate = " (geschat)" if sampled else ""
        if betweenness > 0:
            text += (
                f"; ligt op {_percentage(betweenness)}{estimate} van de kortste verbindingen "
                "tussen andere partners."
            )
        else:
            text += "; ligt op geen enkele kortste verbinding tussen andere partners."
        parts.append(text)
    if groups:
        sizes = dutch_list([str(s) for s in groups])
        parts.append(
            f"Is de enige schakel tussen {len(groups)} groepen partners (van {sizes} "
            "partners): zonder deze partner vallen ze los van elkaar."
        )
    shared_with = projection.degree(node)
    if shared_with:
        contexts = projection.degree(node, weight="weight")
        parts.append(
            f"Deelt scholen, wijken of programma's met {shared_with} "
            f"partner{'s' if shared_with != 1 else ''} ({contexts} gedeelde "
            f"context{'en' if contexts != 1 else ''})."
        )
    else:
        parts.append("Deelt geen school, wijk of programma met andere partners.")
    return " ".join(parts)


def brokers(
    g: nx.MultiDiGraph,
    schooljaar: str | None = None,
    *,
    seed: int = 0,
    exact_limit: int = 2_000_000,
    samples: int = 256,
    engine: str = "auto",
) -> pd.DataFrame:
    """Rank every partner by how much it connects otherwise separate parts of the network.

    Parameters
    ----------
    g
        The typed network graph (:func:`lea_graph.graph.to_graph`).
    schooljaar
        Only collaborations, activities and wijkinzet of this schooljaar (see
        :mod:`lea_graph.analytics.network` for the rules), or None for all years.
    seed
        Seed of the sample of source nodes when betweenness is estimated.
    exact_limit
        Work budget. Betweenness is computed per connected part of a graph; it is exact
        while the work ``Σ n × (n + m)`` over the parts (nodes times nodes plus edges)
        is at most this (times :data:`IGRAPH_SPEEDUP` when igraph computes). Above it,
        every part uses the same fraction of its nodes as sources of the sampled
        betweenness, so the work stays near the budget. Decided per graph: the
        collaboration graph is usually much sparser than the projection.
    samples
        At most this many source nodes per connected part when sampling.
    engine
        ``"auto"``, ``"networkx"`` or ``"igraph"`` (:mod:`lea_graph.analytics.engine`).
        Both give the same values for the same sources; igraph is much faster, so
        it stays exact on larger graphs.

    Returns
    -------
    pandas.DataFrame
        One row per partner, sorted by ``rang``, with the columns of :data:`COLUMNS`:

        ``partner``, ``partner_naam``, ``partner_type``
            Id, name and type of the partner.
        ``hubs``
            Names of the partner's own hubs, sorted, separated by ``"; "`` (empty if none).
        ``samenwerkingen``
            Number of distinct partners it has a recorded collaboration with.
        ``betweenness``
            Normalised betweenness centrality in the collaboration graph: the share of
            shortest paths between pairs of other partners that pass through it.
        ``gedeelde_contexten``
            Weighted degree in the partner projection: over all other partners, the
            number of schools, wijken and programmes it shares with them.
        ``betweenness_projectie``
            Normalised betweenness in the partner projection with distance ``1/weight``.
        ``rang``
            1 = strongest broker: by ``betweenness``, then ``betweenness_projectie``
            (both descending), then partner id. Every rank is used once.
        ``methode``
            ``"exact"``, ``"steekproef van bronknopen (seed S)"``, or per graph when they
            differ (``"samenwerkingen: exact; projectie: steekproef ..."``); followed by
            ``" (igraph)"`` when igraph computed it.
        ``toelichting``
            Dutch evidence a reader can check: collaborators and their hubs, the share
            of shortest paths, whether the partner is the only link between groups (an
            articulation point of the collaboration graph) and what it shares.

    Examples
    --------
    Three partners in a row: the middle one is the only link between the other two.

    >>> from lea_graph.dataset import Dataset
    >>> from lea_graph.graph import to_graph
    >>> ds = Dataset.from_rows({
    ...     "partners": [{"id": f"p-{i}", "naam": f"P{i}", "type": "overig"} for i in (1, 2, 3)],
    ...     "samenwerkingen": [{"partner_a": "p-1", "partner_b": "p-2"},
    ...                        {"partner_a": "p-2", "partner_b": "p-3"}],
    ... })
    >>> df = brokers(to_graph(ds))
    >>> print(df[["partner", "samenwerkingen", "betweenness", "rang"]].to_string(index=False))
    partner  samenwerkingen  betweenness  rang
        p-2               2          1.0     1
        p-1               1          0.0     2
        p-3               1          0.0     3
    >>> df["methode"].unique().tolist()
    ['exact']
    >>> print(df["toelichting"].iloc[0])
    Werkt samen met 2 partners, van wie geen in een hub zit; ligt op 100% van de kortste verbindingen tussen andere partners. Is de enige schakel tussen 2 groepen partners (van 1 en 1 partners): zonder deze partner vallen ze los van elkaar. Deelt geen school, wijk of programma met andere partners.
    """
    net = Network.of(g, schooljaar)
    collab = _engine.sorted_copy(net.collaboration_graph())
    projection = _with_distance(_engine.sorted_copy(net.partner_projection()))
    bc, estimated_c, engine_c = _betweenness(
        collab, limit=exact_limit, samples=samples, seed=seed, weight=None, engine=engine
    )
    bp, estimated_p, engine_p = _betweenness(
        projection, limit=exact_limit, samples=samples, seed=seed, weight="afstand", engine=engine
    )
    sampled = f"steekproef van bronknopen (seed {seed})"
    if not (estimated_c or estimated_p):
        methode = "exact"
    elif estimated_c and estimated_p:
        methode = sampled
    else:
        methode = (
            f"samenwerkingen: {sampled if estimated_c else 'exact'}; "
            f"projectie: {sampled if estimated_p else 'exact'}"
        )
    if "igraph" in (engine_c, engine_p):
        methode += " (igraph)"
    groups_of = net.split_groups()

    rows = []
    for p in sorted(collab.nodes):
        groups = [len(part) for part in groups_of[p]] if p in groups_of else None
        rows.append(
            {
                "partner": p,
                "partner_naam": net.name(p),
                "partner_type": str(net.attr(p, "type", "")),
                "hubs": LIST_SEP.join(sorted(net.name(h) for h in net.members.get(p, []))),
                "samenwerkingen": collab.degree(p),
                "betweenness": float(bc[p]),
                "gedeelde_contexten": int(projection.degree(p, weight="weight")),
                "betweenness_projectie": float(bp[p]),
                "rang": 0,
                "methode": methode,
                "toelichting": _explain(
                    net, p, collab, projection, float(bc[p]), groups, estimated_c
                ),
            }
        )
    rows.sort(
        key=lambda r: (
            -round(r["betweenness"], _RANK_DECIMALS),
            -round(r["betweenness_projectie"], _RANK_DECIMALS),
            r["partner"],
        )
    )
    for i, r in enumerate(rows, start=1):
        r["rang"] = i
    df = pd.DataFrame(rows, columns=COLUMNS)
    return df.astype({"samenwerkingen": "int64", "gedeelde_contexten": "int64", "rang": "int64"})
