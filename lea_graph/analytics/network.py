"""Views on the network graph that every analysis shares.

All analyses take the typed ``MultiDiGraph`` of :func:`lea_graph.graph.to_graph` (or
of a store's ``to_networkx()``) and an optional ``schooljaar``. These helpers turn it
into the tables and smaller graphs they work on.

Schooljaar rule: :func:`lea_graph.model.counts_in_year` (with a ``schooljaar``, only
activities and wijkinzet of that year count; a collaboration counts in a year if it has
that year or no year at all, being taken to be ongoing).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import networkx as nx
import numpy as np
import pandas as pd

from lea_graph import cijfers, model
from lea_graph.analytics.engine import Links
from lea_graph.text import fold

__all__ = [
    "DOMAINS",
    "EDUCATION_SECTORS",
    "Network",
    "each_row",
    "relations",
]

_T = TypeVar("_T")

#: The six domains of brede talentontwikkeling (one hub each).
DOMAINS = model.ENUMS["domein"]

#: Sectors where children are pupils of a school (not childcare).
EDUCATION_SECTORS = ("po", "sbo", "so", "vso", "vo", "mbo")


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class _Views(dict):
    """The views of one graph by (schooljaar, number of nodes), kept on the graph itself
    so that they go when the graph goes (a view refers to its graph: kept anywhere else,
    it would keep the graph alive for ever). A copied or pickled graph gets none."""

    def __reduce__(self):
        return (_Views, ())


#: The attribute of a graph that holds its views.
_VIEWS = "_lea_network_views"


def relations(g: nx.MultiDiGraph, kind: str) -> list[tuple[str, str, dict]]:
    """The edges of ``kind`` in ``g`` as ``(u, v, data)``: from a view already built on
    the graph (:meth:`Network.of`, where they are grouped by kind), else by going over
    every edge. Do not change them.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("p-1", "s-1", kind="activiteiten")
    0
    >>> relations(g, "activiteiten"), relations(g, "wijkinzet")
    ([('p-1', 's-1', {'kind': 'activiteiten'})], [])
    """
    views = g.__dict__.get(_VIEWS)
    n = g.number_of_nodes()
    if views:
        view = next((v for (_, nodes), v in views.items() if nodes == n), None)
        if view is not None:
            return view.relations(kind)
    return [(u, v, d) for u, v, d in g.edges(data=True) if d.get("kind") == kind]


def each_row(df: pd.DataFrame, *columns: str):
    """The values of ``columns`` row by row, as tuples of plain Python values.

    The same values as ``itertuples`` gives (missing strings as NaN), but read column
    by column: iterating pandas string columns element by element is slow.

    Examples
    --------
    >>> list(each_row(pd.DataFrame({"a": ["x", "y"], "b": [1, 2]}), "b", "a"))
    [(1, 'x'), (2, 'y')]
    """
    return zip(*(df[c].tolist() for c in columns), strict=True)


class _Base:
    """What every view of one graph shares, whatever the schooljaar: the nodes by id and
    by kind, the relations by kind, and the lookups built from year-free relations."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.nodes: dict[str, dict] = dict(g.nodes(data=True))
        kinds: dict[str, list[str]] = defaultdict(list)
        for n, d in self.nodes.items():
            kinds[d.get("kind", "")].append(n)
        self.ids = kinds
        edges: dict[str, list[tuple[str, str, dict]]] = defaultdict(list)
        for u, v, d in g.edges(data=True):
            edges[d.get("kind", "")].append((u, v, d))
        self.edges = edges
        self.school_wijk = {u: v for u, v, _ in edges["school_wijk"]}
        members: dict[str, list[str]] = defaultdict(list)
        for u, v, _ in edges["hub_leden"]:
            if v not in members[u]:
                members[u].append(v)
        self.members = dict(members)  # shared by the views: not a defaultdict
        thema_cluster = {u: v for u, v, _ in edges["thema_cluster"]}
        self.programma_thema = {u: v for u, v, _ in edges["programma_thema"]}
        self.programma_cluster = {
            p: thema_cluster[t] for p, t in self.programma_thema.items() if t in thema_cluster
        }
        self.programma_cluster.update({u: v for u, v, _ in edges["programma_cluster"]})
        self._name_keys: dict[str, tuple[str, str]] = {}

    def name_key(self, node: str) -> tuple[str, str]:
        """The sort key of a node by name: folded name (case and accents ignored), id;
        each folded once per graph, as the lists of names ask for them again and again."""
        key = self._name_keys.get(node)
        if key is None:
            name = str(self.nodes.get(node, {}).get("naam", node))
            key = self._name_keys[node] = (fold(name), node)
        return key


@dataclass
class Network:
    """Tables and sub-graphs of one network, optionally for one schooljaar.

    Parameters
    ----------
    g
        The typed network graph.
    schooljaar
        Only this schooljaar (``"2023-2024"``), or None for all years.

    Examples
    --------
    >>> from lea_graph.dataset import Dataset
    >>> from lea_graph.graph import to_graph
    >>> ds = Dataset.from_rows({
    ...     "wijken": [{"id": "w-1", "naam": "Noord"}],
    ...     "scholen": [{"id": "s-1", "naam": "A", "sector": "po", "wijk": "w-1"}],
    ...     "partners": [{"id": "p-1", "naam": "Muziek", "type": "cultuur"}],
    ...     "activiteiten": [{"partner": "p-1", "school": "s-1", "schooljaar": "2023-2024"}],
    ... })
    >>> net = Network(to_graph(ds), "2024-2025")
    >>> len(net.activities), len(Network(to_graph(ds)).activities)
    (0, 1)
    """

    g: nx.MultiDiGraph
    schooljaar: str | None = None

    def __post_init__(self) -> None:
        self._share(_Base(self.g))

    def _share(self, base: _Base) -> None:
        """Take the tables that do not depend on the schooljaar from ``base``."""
        self._base = base
        self.nodes = base.nodes
        self.ids = base.ids
        self._edges = base.edges
        self.school_wijk = base.school_wijk
        self.members = base.members
        self._programma_thema = base.programma_thema
        self._programma_cluster = base.programma_cluster
        self.activities = self._activities()
        self.wijkinzet = self._wijkinzet()
        self._memo: dict[str, object] = {}

    def memo(self, name: str, compute: Callable[[], _T]) -> _T:
        """``compute()`` the first time it is asked for ``name``, the same object
        afterwards: a result derived from this view, kept with it (and gone with it).

        The analyses keep here what several of them need, so that it is found once per
        graph and schooljaar. ``name`` is one namespace for every module: name a result
        after what it is (``"coverage_matrix"``). The object is shared: do not change it
        (copy it first).

        Examples
        --------
        >>> from lea_graph.dataset import Dataset
        >>> from lea_graph.graph import to_graph
        >>> net = Network(to_graph(Dataset.from_rows({})))
        >>> calls = []
        >>> net.memo("answer", lambda: calls.append(1) or 42)
        42
        >>> net.memo("answer", lambda: calls.append(1) or 0), len(calls)
        (42, 1)
        """
        if name not in self._memo:
            self._memo[name] = compute()
        return self._memo[name]

    @classmethod
    def of(cls, g: nx.MultiDiGraph, schooljaar: str | None = None) -> Network:
        """The view of ``g`` for a schooljaar, built once and shared by every analysis.

        The analyses never change a graph; a graph changed after its view was built
        needs ``Network(g, schooljaar)`` instead. (Only a change in the number of
        nodes is noticed: counting the edges of a large multigraph costs more than
        most analyses.)
        """
        views = g.__dict__.setdefault(_VIEWS, _Views())
        key = (schooljaar, g.number_of_nodes())
        if key not in views:
            whole = views.get((None, key[1]))
            if whole is None or schooljaar is None:
                views[key] = cls(g, schooljaar)
            else:  # the nodes and the year-free relations are the same in every year
                view = cls.__new__(cls)
                view.g, view.schooljaar = g, schooljaar
                view._share(whole._base)
                views[key] = view
        return views[key]

    @staticmethod
    def forget(g: nx.MultiDiGraph) -> None:
        """Drop the views kept on ``g`` (:meth:`of`), for example before letting go of a
        large graph: they refer back to it.

        Examples
        --------
        >>> g = nx.MultiDiGraph()
        >>> Network.of(g) is Network.of(g)
        True
        >>> Network.forget(g)
        >>> _VIEWS in g.__dict__
        False
        """
        g.__dict__.pop(_VIEWS, None)

    # -- names and attributes ------------------------------------------------------------

    def name(self, node: str) -> str:
        """The ``naam`` of a node (its id if it has none)."""
        return str(self.nodes.get(node, {}).get("naam", node))

    def names(self, nodes) -> list[str]:
        """Names of nodes, sorted case- and accent-insensitively (then by id)."""
        return [self.name(n) for n in sorted(nodes, key=self._base.name_key)]

    def attr(self, node: str, key: str, default=None):
        return self.nodes.get(node, {}).get(key, default)

    def leerlingen(self, school: str) -> int | None:
        """The pupils of a school in this view's schooljaar (:func:`lea_graph.cijfers.leerlingen`)."""
        return cijfers.leerlingen(self.nodes.get(school, {}), self.schooljaar)

    def area(self, wijk: str) -> tuple[str | None, str | None]:
        """``(gemeente, stadsdeel)`` of a wijk: stadsdelen of different gemeenten differ."""
        return self.attr(wijk, "gemeente"), self.attr(wijk, "stadsdeel")

    def same_gemeente(self, a: str, b: str) -> bool:
        """True unless both nodes name a gemeente and the names differ."""
        ga, gb = self.attr(a, "gemeente"), self.attr(b, "gemeente")
        return not ga or not gb or ga == gb

    def hub_domain(self, hub: str) -> str | None:
        return self.attr(hub, "domein")

    def in_year(self, data: dict) -> bool:
        """True if an edge counts for the chosen schooljaar (:func:`model.counts_in_year`)."""
        return model.counts_in_year(data.get("kind", ""), data.get("schooljaar"), self.schooljaar)

    # -- tables ----------------------------------------------------------------------------

    def _in_year(self, kind: str) -> list[tuple[str, str, dict]]:
        """The edges of ``kind`` that count for the view's schooljaar."""
        edges = self._edges[kind]
        if self.schooljaar is None or kind not in model.YEAR_KINDS:
            return edges
        year = self.schooljaar
        return [e for e in edges if model.counts_in_year(kind, e[2].get("schooljaar"), year)]

    def _activities(self) -> pd.DataFrame:
        # Column by column: a dict per row took seconds on a national network.
        edges = self._in_year("activiteiten")
        data = [d for _, _, d in edges]
        schools = [v for _, v, _ in edges]
        columns = {
            "partner": [u for u, _, _ in edges],
            "school": schools,
            "wijk": [self.school_wijk.get(v) for v in schools],
            "hub": [d.get("hub") for d in data],
            "programma": [d.get("programma") for d in data],
            "schooljaar": [d.get("schooljaar") for d in data],
            "deelnemers": [_int(d.get("deelnemers")) for d in data],
            "bron": [d.get("bron") or "" for d in data],
        }
        if not edges:
            return pd.DataFrame([], columns=list(columns))
        return pd.DataFrame(columns)

    def _wijkinzet(self) -> pd.DataFrame:
        edges = self._in_year("wijkinzet")
        data = [d for _, _, d in edges]
        columns = {
            "partner": [u for u, _, _ in edges],
            "wijk": [v for _, v, _ in edges],
            "programma": [d.get("programma") for d in data],
            "schooljaar": [d.get("schooljaar") for d in data],
            "bron": [d.get("bron") or "" for d in data],
        }
        if not edges:
            return pd.DataFrame([], columns=list(columns))
        return pd.DataFrame(columns)

    def relations(self, kind: str) -> list[tuple[str, str, dict]]:
        """Every edge of ``kind`` (``"samenwerkingen"``, ...) as ``(u, v, data)``, in every
        schooljaar. Shared by the views: do not change it."""
        return self._edges.get(kind, [])

    def collaborations(self) -> list[tuple[str, str, dict]]:
        """Collaboration edges that count for the schooljaar (undirected meaning)."""
        return [(u, v, d) for u, v, d in self._edges["samenwerkingen"] if self.in_year(d)]

    def programma_roles(self) -> list[tuple[str, str]]:
        """``(partner, programma)`` pairs from ``programma_partners``."""
        return [(u, v) for u, v, _ in self._edges["programma_partners"]]

    def programma_cluster(self, programma: str) -> str | None:
        """Cluster of a programme: its own, or that of its theme."""
        return self._programma_cluster.get(programma)

    def programma_thema(self, programma: str) -> str | None:
        return self._programma_thema.get(programma)

    def bto_cluster(self) -> str | None:
        """The cluster Brede talentontwikkeling (the one whose name says so), if any."""
        return self.memo(
            "bto_cluster",
            lambda: next(
                (c for c in self.ids["cluster"] if "talentontwikkeling" in fold(self.name(c))),
                None,
            ),
        )

    # -- graphs ----------------------------------------------------------------------------

    def collaboration_graph(self) -> nx.Graph:
        """Partners (all of them) linked by recorded collaborations; ``weight`` = count.

        Built once per view and shared: do not change it (``copy()`` it first).
        """
        return self.memo("collaboration_graph", self._collaboration_graph)

    def _collaboration_graph(self) -> nx.Graph:
        h = nx.Graph()
        h.add_nodes_from(self.ids["partner"])
        for u, v, _ in self.collaborations():
            if u == v:
                continue
            w = h[u][v]["weight"] + 1 if h.has_edge(u, v) else 1
            h.add_edge(u, v, weight=w)
        return h

    def contexts(self) -> dict[str, dict[str, set[str]]]:
        """Per partner the contexts it works in: ``school``, ``wijk``, ``programma``, ``thema``.

        Wijken come from activities at schools and from wijkinzet; programmes from
        activities, wijkinzet and programme roles; themes from those programmes.
        Built once per view and shared: do not change it.
        """
        return self.memo("contexts", self._contexts)

    def _contexts(self) -> dict[str, dict[str, set[str]]]:
        ctx: dict[str, dict[str, set[str]]] = {
            p: {"school": set(), "wijk": set(), "programma": set(), "thema": set()}
            for p in self.ids["partner"]
        }
        for partner, school, wijk, programma in each_row(
            self.activities, "partner", "school", "wijk", "programma"
        ):
            c = ctx.setdefault(
                partner, {k: set() for k in ("school", "wijk", "programma", "thema")}
            )
            c["school"].add(school)
            if wijk:
                c["wijk"].add(wijk)
            if isinstance(programma, str) and programma:
                c["programma"].add(programma)
        for partner, wijk, programma in each_row(self.wijkinzet, "partner", "wijk", "programma"):
            c = ctx[partner]
            c["wijk"].add(wijk)
            if isinstance(programma, str) and programma:
                c["programma"].add(programma)
        for partner, programma in self.programma_roles():
            ctx[partner]["programma"].add(programma)
        for c in ctx.values():
            c["thema"] = {
                self._programma_thema[p] for p in c["programma"] if p in self._programma_thema
            }
        return ctx

    def partner_links(self) -> Links:
        """Partners linked by shared schools, wijken and programmes, as integer arrays.

        Every partner is a node (sorted), also one that shares nothing; an edge's
        ``weight`` is the number of contexts (school, wijk or programme) the two share.
        One sparse product of the partner × context incidence with itself, so the pairs
        are never enumerated in Python. Built once per view and shared.
        """
        return self.memo("partner_links", self._partner_links)

    def _partner_links(self) -> Links:
        from scipy.sparse import csr_matrix, triu

        ctx = self.contexts()
        partners = sorted(ctx)
        columns: dict[tuple[str, str], int] = {}
        rows, cols = [], []
        for i, partner in enumerate(partners):
            c = ctx[partner]
            for kind in ("school", "wijk", "programma"):
                for item in c[kind]:
                    rows.append(i)
                    cols.append(columns.setdefault((kind, item), len(columns)))
        incidence = csr_matrix(
            (np.ones(len(rows), np.int64), (rows, cols)), shape=(len(partners), len(columns))
        )
        shared = triu(incidence @ incidence.T, k=1).tocoo()
        return Links.from_arrays(partners, shared.row, shared.col, shared.data)

    def partner_projection(self) -> nx.Graph:
        """:meth:`partner_links` as a networkx graph: ``weight`` is the number of shared
        contexts. Built once per view and shared: do not change it (``copy()`` it first).
        """
        return self.memo("partner_projection", lambda: self.partner_links().to_networkx())

    def shared_contexts(self, members: list[str]) -> dict[str, set[str]]:
        """Per type, the schools, wijken and programmes at least two of ``members`` share."""
        ctx = self.contexts()
        out = {}
        for kind in ("school", "wijk", "programma"):
            seen: set[str] = set()
            twice: set[str] = set()
            for p in members:
                for item in ctx[p][kind]:
                    (twice if item in seen else seen).add(item)
            out[kind] = twice
        return out
