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
import numpy as np
import pandas as pd

from lea_graph.analytics import engine as _engine
from lea_graph.analytics.isolation import collaboration_splits
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


def _distances(weights: list[int]) -> list[int]:
    """``1 / weight`` of every edge, scaled to exact whole numbers.

    All distances are multiplied by the least common multiple of the weights, which
    leaves every shortest path (and so betweenness) unchanged but makes paths of equal
    length compare equal exactly (``1/3 + 1/6`` equals ``1/2``; in floats it may not).
    """
    scale = reduce(math.lcm, set(weights), 1)
    of = {w: scale // w for w in set(weights)}
    return [of[w] for w in weights]


def _with_distance(h: nx.Graph) -> nx.Graph:
    """Add ``afstand`` (:func:`_distances` of ``weight``) to every edge of ``h``, in place."""
    edges = list(h.edges(data=True))
    for (_, _, d), afstand in zip(
        edges, _distances([int(d["weight"]) for _, _, d in edges]), strict=True
    ):
        d["afstand"] = afstand
    return h


#: How much more work igraph does in the same time as networkx (bench/README.md): the
#: work budget is multiplied by this when igraph computes betweenness.
IGRAPH_SPEEDUP = 50


def _betweenness(
    links: _engine.Links,
    *,
    limit: int,
    samples: int,
    seed: int,
    distances: list[int] | None,
    engine: str,
) -> tuple[dict[str, float], bool, str]:
    """Normalised betweenness of every node, whether it was estimated, and the engine.

    Shortest paths never leave a connected part, so each part is computed on its own
    and the sum is normalised over the whole graph, like networkx does. While the work
    ``Σ n × (n + m)`` over the parts stays within ``limit`` (times
    :data:`IGRAPH_SPEEDUP` on igraph) every part is exact; otherwise each part uses the
    same fraction of its nodes as sources (at least 2, at most ``samples``, drawn with
    ``seed`` from the part's sorted nodes), so the total work stays near the budget.

    With ``engine="auto"`` networkx computes while it can do so exactly; where it would
    have to sample, igraph (if installed) computes instead, exactly while it can. Its
    exact values equal networkx's, so "auto" only ever gains accuracy. igraph computes
    all parts in one call on the whole graph (paths stay inside their part), its
    sources being the union of every part's sources.
    """
    n = len(links)
    scores = dict.fromkeys(links.nodes, 0.0)
    parts = [p for p in links.components() if len(p) > 2]
    part_of = _part_of(parts, n)
    edge_part = part_of[links.u]  # an edge lies in the part of both its ends
    edges_per_part = np.bincount(edge_part, minlength=len(parts) + 1)
    work = sum(len(p) * (len(p) + int(edges_per_part[i])) for i, p in enumerate(parts))
    if engine == "auto":
        used = "igraph" if work > limit and _engine.have_igraph() else "networkx"
    else:
        used = _engine.choose(engine, links)
    if n < 3:
        return scores, False, used
    if used == "igraph":
        limit *= IGRAPH_SPEEDUP
    fraction = 1.0 if work <= limit else limit / work
    sources: list[list[int]] = []  # per part: its sampled sources, or [] for exact
    for part in parts:
        size = len(part)
        k = size if fraction >= 1 else max(2, min(size, samples, math.ceil(fraction * size)))
        sources.append(sorted(_engine.sample_sources(part.tolist(), k, seed)) if k < size else [])
    estimated = any(sources)
    if used == "igraph":
        scores.update(_igraph_betweenness(links, parts, sources, distances))
        return {v: s * _scale(n) for v, s in scores.items()}, estimated, used
    edges_of = np.split(np.argsort(edge_part, kind="stable"), np.cumsum(edges_per_part)[:-1])
    weight = "afstand" if distances is not None else None
    for i, part in enumerate(parts):
        sub = _part_graph(links, part, edges_of[i], distances)
        k = len(sources[i]) or None
        scores.update(_engine.betweenness(sub, weight=weight, k=k, seed=seed, engine="networkx"))
    return {v: s * _scale(n) for v, s in scores.items()}, estimated, used


def _scale(n: int) -> float:
    """networkx's normalisation of undirected betweenness on ``n`` nodes."""
    return 2 / ((n - 1) * (n - 2))


def _part_graph(
    links: _engine.Links, part: np.ndarray, edges: np.ndarray, distances: list[int] | None
) -> nx.Graph:
    """One part in networkx, nodes and edges in sorted order (networkx draws its
    sources from the node order, so this keeps them the same as igraph's)."""
    nodes = links.nodes
    h = nx.Graph()
    h.add_nodes_from(nodes[i] for i in part.tolist())
    u, v, w = links.u.tolist(), links.v.tolist(), links.weight.tolist()
    for j in edges.tolist():
        attrs = {"weight": w[j]}
        if distances is not None:
            attrs["afstand"] = distances[j]
        h.add_edge(nodes[u[j]], nodes[v[j]], **attrs)
    return h


def _part_of(parts: list[np.ndarray], n: int) -> np.ndarray:
    """Position of every node's part in ``parts``; ``len(parts)`` for nodes in none."""
    label = np.full(n, len(parts), np.int64)
    for i, part in enumerate(parts):
        label[part] = i
    return label


def _igraph_betweenness(
    links: _engine.Links,
    parts: list[np.ndarray],
    sources: list[list[int]],
    distances: list[int] | None,
) -> dict[str, float]:
    """Unnormalised betweenness of the nodes of ``parts``: exact where a part has no
    sources, estimated from them (scaled the way networkx scales) where it has."""
    g = links.to_igraph(distances)
    w = "w" if distances is not None else None
    if not any(sources):
        raw = g.betweenness(directed=False, weights=w)
        return {links.nodes[i]: float(raw[i]) for part in parts for i in part.tolist()}
    chosen = sorted(i for part, s in zip(parts, sources, strict=True) for i in (s or part.tolist()))
    raw = g.betweenness(directed=False, weights=w, sources=chosen)
    out: dict[str, float] = {}
    for part, s in zip(parts, sources, strict=True):
        if not s:  # exact: every node of the part was a source
            out.update((links.nodes[i], float(raw[i])) for i in part.tolist())
            continue
        # igraph halves the sum over the sources for an undirected graph; networkx
        # (3.5 and later) scales that sum by (n - 1) / (2 (k - 1)) for the sources
        # themselves and by (n - 1) / (2 k) for the other nodes.
        size, k, sampled = len(part), len(s), set(s)
        out.update(
            (links.nodes[i], float(raw[i] * (size - 1) / ((k - 1) if i in sampled else k)))
            for i in part.tolist()
        )
    return out


def _percentage(value: float) -> str:
    pct = 100 * value
    if 0 < pct < 0.5:
        return "minder dan 1%"
    return f"{round(pct)}%"


def _explain(
    net: Network,
    node: str,
    collab: nx.Graph,
    projection: tuple[int, int],
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
                f"; verbindt groepen: ligt op {_percentage(betweenness)}{estimate} van de "
                "kortste wegen tussen twee andere partners."
            )
        else:
            text += "; ligt op geen enkele kortste weg tussen twee andere partners."
        parts.append(text)
    if groups:
        sizes = dutch_list([str(s) for s in groups])
        parts.append(
            f"Is de enige schakel tussen {len(groups)} groepen partners (groepen van {sizes}): "
            "zonder deze partner vallen ze los van elkaar."
        )
    shared_with, contexts = projection  # partners it shares contexts with, and how many
    if shared_with:
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
    In the example network Muziekschool - Museum - Sportclub collaborate in a row and
    the Bibliotheek with no one. Of the 3 pairs of other partners (Muziekschool and
    Sportclub, each with the Bibliotheek) only the first is joined, through the Museum:
    1/3. The rest tie at 0 and are ranked by id.

    >>> df = brokers(g)
    >>> table = df[["partner", "samenwerkingen", "betweenness", "rang"]].round(3)
    >>> print(table.to_string(index=False))
     partner  samenwerkingen  betweenness  rang
    p-museum               2        0.333     1
      p-bieb               0        0.000     2
      p-club               1        0.000     3
    p-muziek               1        0.000     4
    >>> df["methode"].unique().tolist()
    ['exact']
    >>> print(df["toelichting"].iloc[0])
    Werkt samen met 2 partners uit 2 hubs (Cultuur; Sport); verbindt groepen: ligt op 33% van de kortste wegen tussen twee andere partners. Is de enige schakel tussen 2 groepen partners (groepen van 1 en 1): zonder deze partner vallen ze los van elkaar. Deelt scholen, wijken of programma's met 2 partners (3 gedeelde contexten).
    """
    net = Network.of(g, schooljaar)
    collab = net.collaboration_graph()
    projection = net.partner_links()
    bc, estimated_c, engine_c = _betweenness(
        _engine.Links.from_networkx(collab),
        limit=exact_limit,
        samples=samples,
        seed=seed,
        distances=None,
        engine=engine,
    )
    bp, estimated_p, engine_p = _betweenness(
        projection,
        limit=exact_limit,
        samples=samples,
        seed=seed,
        distances=_distances(projection.weight.tolist()),
        engine=engine,
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
    groups_of = collaboration_splits(net)
    shared_with = dict(zip(projection.nodes, projection.degree().tolist(), strict=True))
    contexts = dict(zip(projection.nodes, projection.degree(weighted=True).tolist(), strict=True))

    rows = []
    for p in sorted(collab.nodes):
        groups = groups_of[p].sizes if p in groups_of else None
        rows.append(
            {
                "partner": p,
                "partner_naam": net.name(p),
                "partner_type": str(net.attr(p, "type", "")),
                "hubs": LIST_SEP.join(sorted(net.name(h) for h in net.members.get(p, []))),
                "samenwerkingen": collab.degree(p),
                "betweenness": float(bc[p]),
                "gedeelde_contexten": contexts[p],
                "betweenness_projectie": float(bp[p]),
                "rang": 0,
                "methode": methode,
                "toelichting": _explain(
                    net,
                    p,
                    collab,
                    (shared_with[p], contexts[p]),
                    float(bc[p]),
                    groups,
                    estimated_c,
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
