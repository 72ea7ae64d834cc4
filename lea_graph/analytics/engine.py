"""The two heavy algorithms (betweenness and Louvain) on networkx or on igraph's C core.

The analyses keep their pure-function API on networkx graphs; only the graph a heavy
algorithm needs (a partner projection or the collaboration graph) is converted to
python-igraph when that engine runs. Measured on this kind of 2-core machine
(``bench/README.md``), igraph's exact betweenness is about 80× faster than networkx's,
and its Louvain (``community_multilevel``) about 20× faster than python-louvain at the
same modularity.

Engines
-------
``"networkx"``
    networkx's betweenness and python-louvain: the reference.
``"igraph"``
    python-igraph. Exact betweenness equals networkx's (to rounding); sampled
    betweenness uses the same seeded choice of sources and the same scaling. Louvain
    is another implementation of the same method: similar modularity, not necessarily
    the same split.
``"auto"`` (default)
    For Louvain: networkx below :data:`AUTO_THRESHOLD` nodes plus edges, igraph above
    it (if installed). For betweenness the brokers analysis decides by the work it
    needs: networkx while it can compute exactly, igraph where networkx would have to
    sample. Networks of Tilburg's size therefore give exactly the reference results,
    whatever is installed.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np

__all__ = [
    "AUTO_THRESHOLD",
    "ENGINES",
    "Links",
    "betweenness",
    "choose",
    "have_igraph",
    "louvain",
    "modularity",
    "sample_sources",
    "to_igraph",
]

ENGINES = ("auto", "networkx", "igraph")

#: "auto" switches to igraph from this many nodes plus edges (chosen in bench/README.md).
AUTO_THRESHOLD = 20_000


@dataclass(frozen=True)
class Links:
    """An undirected simple graph as integer arrays: the compact form of a large graph.

    Node ``i`` is ``nodes[i]``; edge ``j`` joins ``u[j] < v[j]`` with weight
    ``weight[j]``. Nodes are sorted and edges sorted by ``(u, v)``: Louvain's order and
    sampled betweenness's sources follow that order, so results depend on the network
    and the seed only, not on how the graph was built.

    Examples
    --------
    >>> links = Links.from_networkx(nx.Graph([("b", "a", {"weight": 2}), ("b", "c")]))
    >>> links.nodes, links.u.tolist(), links.v.tolist(), links.weight.tolist()
    (['a', 'b', 'c'], [0, 1], [1, 2], [2, 1])
    >>> links.degree().tolist(), links.degree(weighted=True).tolist()
    ([1, 2, 1], [2, 3, 1])
    """

    nodes: list
    u: np.ndarray
    v: np.ndarray
    weight: np.ndarray

    @classmethod
    def from_arrays(
        cls, nodes: Sequence[Hashable], u: np.ndarray, v: np.ndarray, weight: np.ndarray
    ) -> Links:
        """Links of edges ``(u, v)`` between positions in the sorted ``nodes``, any order."""
        u, v = np.minimum(u, v), np.maximum(u, v)
        order = np.lexsort((v, u))
        return cls(
            list(nodes),
            u[order].astype(np.int64),
            v[order].astype(np.int64),
            np.asarray(weight)[order].astype(np.int64),
        )

    @classmethod
    def from_networkx(cls, h: nx.Graph, weight: str = "weight") -> Links:
        """The links of an undirected graph; an edge without ``weight`` weighs 1."""
        nodes = sorted(h.nodes)
        index = {n: i for i, n in enumerate(nodes)}
        m = h.number_of_edges()
        u, v, w = np.empty(m, np.int64), np.empty(m, np.int64), np.empty(m, np.int64)
        for j, (a, b, d) in enumerate(h.edges(data=True)):
            u[j], v[j], w[j] = index[a], index[b], d.get(weight, 1)
        return cls.from_arrays(nodes, u, v, w)

    def __len__(self) -> int:
        return len(self.nodes)

    @property
    def size(self) -> int:
        """Number of edges."""
        return len(self.u)

    def degree(self, *, weighted: bool = False) -> np.ndarray:
        """Degree (or summed edge weight) of every node, in node order."""
        n = len(self.nodes)
        w = self.weight if weighted else None
        return np.bincount(self.u, w, minlength=n).astype(np.int64) + np.bincount(
            self.v, w, minlength=n
        ).astype(np.int64)

    def components(self) -> list[np.ndarray]:
        """The connected parts as arrays of node positions, each sorted, ordered by their
        first node (isolated nodes are parts of one)."""
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components

        n = len(self.nodes)
        adjacency = coo_matrix((np.ones(self.size), (self.u, self.v)), shape=(n, n))
        _, labels = connected_components(adjacency, directed=False)
        order = np.argsort(labels, kind="stable")
        cuts = np.flatnonzero(np.diff(labels[order])) + 1
        parts = np.split(order, cuts) if n else []
        return sorted(parts, key=lambda p: int(p[0]))

    def to_networkx(self, weight: str = "weight") -> nx.Graph:
        """The graph in networkx, nodes and edges inserted in sorted order."""
        h = nx.Graph()
        h.add_nodes_from(self.nodes)
        nodes = self.nodes
        h.add_edges_from(
            (nodes[a], nodes[b], {weight: int(w)})
            for a, b, w in zip(self.u.tolist(), self.v.tolist(), self.weight.tolist(), strict=True)
        )
        return h

    def to_igraph(self, weights: Sequence[float] | None = None):
        """The graph in igraph (vertex ``i`` is ``nodes[i]``), with ``weights`` as the
        edge attribute "w" when given."""
        import igraph as ig

        edges = list(zip(self.u.tolist(), self.v.tolist(), strict=True))
        g = ig.Graph(n=len(self.nodes), edges=edges, directed=False)
        if weights is not None:
            g.es["w"] = list(weights)
        return g


def have_igraph() -> bool:
    """True if python-igraph can be imported."""
    try:
        import igraph  # noqa: F401
    except ImportError:
        return False
    return True


def _size(h: nx.Graph | Links) -> int:
    if isinstance(h, Links):
        return len(h) + h.size
    return h.number_of_nodes() + h.number_of_edges()


def choose(engine: str, h: nx.Graph | Links) -> str:
    """The engine that runs on ``h``: ``"networkx"`` or ``"igraph"``.

    Parameters
    ----------
    engine
        One of :data:`ENGINES`.
    h
        The graph the algorithm will run on (networkx or :class:`Links`).

    Examples
    --------
    >>> choose("auto", nx.path_graph(10))
    'networkx'
    >>> choose("networkx", nx.path_graph(10))
    'networkx'
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    if engine == "auto":
        return "igraph" if _size(h) >= AUTO_THRESHOLD and have_igraph() else "networkx"
    if engine == "igraph" and not have_igraph():
        raise ImportError("python-igraph is not installed (pip install igraph)")
    return engine


def to_igraph(h: nx.Graph, weight: str | None):
    """``h`` as an undirected igraph graph and its nodes: vertex ``i`` is ``nodes[i]``
    (sorted); with ``weight``, that edge attribute is the igraph edge attribute "w"."""
    import igraph as ig

    nodes = sorted(h.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    if weight is None:
        g = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in h.edges()])
        return g, nodes
    edges, weights = [], []
    for u, v, d in h.edges(data=True):  # one pass over the edges for both lists
        edges.append((index[u], index[v]))
        weights.append(d[weight])
    g = ig.Graph(n=len(nodes), edges=edges, directed=False)
    g.es["w"] = weights
    return g, nodes


def sample_sources(nodes: list[Hashable], k: int, seed: int) -> list[Hashable]:
    """The ``k`` source nodes networkx samples from ``nodes`` for ``seed`` (the same
    generator, the same order)."""
    return random.Random(seed).sample(nodes, k)  # noqa: S311 (a reproducible sample)


def betweenness(
    h: nx.Graph,
    *,
    weight: str | None = None,
    k: int | None = None,
    seed: int = 0,
    engine: str = "auto",
) -> dict[Hashable, float]:
    """Unnormalised betweenness of every node of an undirected graph.

    Each unordered pair of other nodes counts once, like
    ``networkx.betweenness_centrality(h, normalized=False)``.

    Parameters
    ----------
    h
        An undirected graph.
    weight
        Edge attribute holding the length of an edge, or None for hops.
    k
        Estimate from ``k`` source nodes (chosen with ``seed`` the way networkx chooses
        them, in the node order of ``h``), scaled up the way networkx scales them
        (at least 2 sources); None for exact.
    seed
        Seed of the choice of sources.
    engine
        One of :data:`ENGINES`.

    Examples
    --------
    >>> betweenness(nx.path_graph(3), engine="networkx")
    {0: 0.0, 1: 1.0, 2: 0.0}
    >>> betweenness(nx.path_graph(3), engine="igraph") if have_igraph() else {0: 0.0, 1: 1.0, 2: 0.0}
    {0: 0.0, 1: 1.0, 2: 0.0}
    """
    n = h.number_of_nodes()
    if k is not None:
        k = max(k, 2)  # with one source networkx leaves that source's value undefined
        if k >= n:
            k = None
    if choose(engine, h) == "networkx":
        return nx.betweenness_centrality(h, k=k, normalized=False, weight=weight, seed=seed)
    g, nodes = to_igraph(h, weight)
    w = "w" if weight is not None else None
    if k is None:
        values = g.betweenness(directed=False, weights=w)
    else:
        index = {node: i for i, node in enumerate(nodes)}
        sampled = {index[s] for s in sample_sources(list(h.nodes), k, seed)}
        raw = g.betweenness(directed=False, weights=w, sources=sorted(sampled))
        # igraph halves the sum over the sources for an undirected graph; networkx
        # (3.5 and later) scales that sum by (n - 1) / (2 (k - 1)) for the sources
        # themselves and by (n - 1) / (2 k) for the other nodes.
        values = [v * (n - 1) / ((k - 1) if i in sampled else k) for i, v in enumerate(raw)]
    return {node: float(v) for node, v in zip(nodes, values, strict=True)}


def louvain(
    h: nx.Graph | Links,
    *,
    weight: str = "weight",
    seed: int = 0,
    resolution: float = 1.0,
    engine: str = "auto",
) -> dict[Hashable, int]:
    """Louvain communities of an undirected weighted graph: node → community label.

    Parameters
    ----------
    h
        An undirected graph, in networkx or as :class:`Links` (their ``weight``).
    weight
        Edge attribute with the weights (networkx).
    seed
        Random state; the same seed gives the same communities.
    resolution
        Above 1 gives smaller communities, below 1 larger ones.
    engine
        One of :data:`ENGINES`: python-louvain's ``best_partition`` or igraph's
        ``community_multilevel``.

    Examples
    --------
    >>> two_triangles = nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4)])
    >>> part = louvain(two_triangles, weight="weight", engine="networkx")
    >>> part[1] == part[2] == part[3] != part[4] == part[5] == part[6]
    True
    """
    if _size(h) == 0:
        return {}
    if choose(engine, h) == "networkx":
        import community as community_louvain

        if isinstance(h, Links):
            h, weight = h.to_networkx(), "weight"
        return community_louvain.best_partition(
            h, weight=weight, random_state=seed, resolution=resolution
        )
    import igraph as ig

    if isinstance(h, Links):
        g, nodes = h.to_igraph(h.weight.tolist()), h.nodes
    else:
        g, nodes = to_igraph(h, None)
        g.es["w"] = [d.get(weight, 1) for _, _, d in h.edges(data=True)]
    previous = ig.set_random_number_generator(random.Random(seed))  # noqa: S311
    try:
        clusters = g.community_multilevel(weights="w", resolution=resolution)
    finally:
        ig.set_random_number_generator(previous or random)
    return {node: int(c) for node, c in zip(nodes, clusters.membership, strict=True)}


def modularity(
    h: nx.Graph | Links, partition: dict[Hashable, int], *, weight: str = "weight"
) -> float:
    """Modularity of a partition of an undirected weighted graph (0 without edges).

    On :class:`Links` the same sums as ``networkx.community.modularity`` (per community
    ``L_c / m - (d_c / 2m)²``, communities in the order of their first node in
    ``partition``) in whole numbers until the same float operations, so both forms
    give the same value.

    Examples
    --------
    >>> two = nx.Graph([(1, 2), (3, 4)])
    >>> modularity(two, {1: 0, 2: 0, 3: 1, 4: 1})
    0.5
    >>> modularity(Links.from_networkx(two), {1: 0, 2: 0, 3: 1, 4: 1})
    0.5
    """
    if isinstance(h, Links):
        return _modularity_of_links(h, partition)
    if h.number_of_edges() == 0:
        return 0.0
    groups: dict[int, set] = {}
    for node, label in partition.items():
        groups.setdefault(label, set()).add(node)
    value = nx.community.modularity(h, groups.values(), weight=weight)
    return 0.0 if math.isnan(value) else float(value)


def _modularity_of_links(h: Links, partition: dict[Hashable, int]) -> float:
    if h.size == 0:
        return 0.0
    order: dict[int, int] = {}  # label -> position of first appearance
    for label in partition.values():
        order.setdefault(label, len(order))
    index = {n: i for i, n in enumerate(h.nodes)}
    group = np.empty(len(h), np.int64)
    for node, label in partition.items():
        group[index[node]] = order[label]
    inside = group[h.u] == group[h.v]
    internal = np.bincount(group[h.u][inside], h.weight[inside], minlength=len(order))
    degree = np.bincount(group, h.degree(weighted=True), minlength=len(order))
    deg_sum = int(h.weight.sum()) * 2
    m, norm = deg_sum / 2, 1 / deg_sum**2
    value = sum(
        int(l_c) / m - int(d) * int(d) * norm
        for l_c, d in zip(
            internal.round().astype(np.int64), degree.round().astype(np.int64), strict=True
        )
    )
    return 0.0 if math.isnan(value) else float(value)
