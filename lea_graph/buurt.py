"""The part of the network a page about one node needs (its *buurt*), read from the
store with the named queries of ``cypher/queries/``, never the whole network.

A page about a wijk, hub, partner, school or programme, and the node view, run the same
pure functions as on the whole network (:mod:`lea_graph.analytics`), on a small graph
that holds every node and relationship those functions read for that one node. What
each kind of page needs (the *recipe*):

wijk
    the wijk, its schools, the partners active at them or in the wijk itself;
school
    the school, its wijk, the partners active at it;
partner
    the partner and every node next to it, and the wijken of those schools; of the
    relationship tables only the partner's own rows;
programma
    the programme, the nodes next to it, and the partner and the school or wijk of every
    activity and wijkinzet that names it (with those schools' wijken);
hub
    the hub, its members and the schools and wijken they work in (with those schools'
    wijken), and its gemeente: the wijken and hubs of the gemeente (of every gemeente
    when the hub names none), their schools, the partners active there and the hubs'
    members (what the candidates to recruit for its gaps are chosen from; in a network
    of one gemeente that is every partner);
other kinds (ambitie, cluster, thema)
    the node and the nodes next to it.

Every buurt also holds the hubs of its partners, the hubs and programmes its
relationships name, and the agenda's ambities, clusters and thema's (a handful). The
relationships are those between the buurt's nodes (for a partner, see above). Each is
read at its cheaper end: a relationship table's row (an activity, a membership ...)
where it ends, a node table's reference (a school's wijk ...) where it starts. The tests
check that the pages' functions give the same answers on a buurt as on the whole
network (``tests/test_buurt.py``), on the seed and on a generated network of three
gemeenten.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from lea_graph import model
from lea_graph.store.base import Reads, Store, graph_from_rows

__all__ = ["buurt"]

#: The relationship columns that name a node (an activity's hub or programme).
_REFERENCES = ("hub", "programma")


def _ids(rows: list[dict[str, Any]], column: str = "id") -> set[str]:
    return {r[column] for r in rows if r.get(column)}


def _next_to(store: Reads, ids: set[str], *types: str) -> set[str]:
    """The nodes next to ``ids`` along relationships of ``types`` (either direction)."""
    if not ids:
        return set()
    return _ids(store.query("buren", ids=sorted(ids), typen=list(types)))


_ALL_TYPES = tuple(r.type for r in model.RELATIONS) + tuple(k.type for k in model.LINKS)

#: The kinds a relationship table's rows (an activity, a membership ...) end at: they are
#: read there, as a partner's own rows can run into thousands and a school's, wijk's or
#: hub's are few.
_ENDS = frozenset(
    model.node_kind(model.TABLES[r.table].column(r.target).ref[0]).kind for r in model.RELATIONS
)
#: The kinds a node table's reference (a school's wijk, a programme's cluster ...) starts
#: at: read there, one per node, while a cluster is the end of every programme's.
_STARTS = frozenset(model.node_kind(k.table).kind for k in model.LINKS)
#: The kinds of the references (``school_wijk`` ...), as the relationships hold them.
_LINK_KINDS = frozenset(k.kind for k in model.LINKS)


class _Nodes:
    """The nodes read so far, by id (each read once)."""

    def __init__(self, store: Reads) -> None:
        self.store = store
        self.rows: dict[str, dict[str, Any]] = {}

    def read(self, ids: set[str]) -> None:
        new = sorted(ids - self.rows.keys())
        if new:
            self.rows.update((r["id"], r) for r in self.store.query("deelgraaf_knopen", ids=new))

    def of_kind(self, ids: set[str], kinds: frozenset[str] | set[str]) -> list[str]:
        """The nodes of ``ids`` of one of ``kinds`` (read first if need be), sorted."""
        self.read(ids)
        return sorted(
            n for n in ids if n in self.rows and self.rows[n]["props"].get("kind") in kinds
        )


def _core(nodes: _Nodes, node_id: str, kind: str) -> set[str]:
    """The nodes of the recipe of ``kind`` (see the module docstring)."""
    store = nodes.store

    def wijken_of(ids: set[str]) -> set[str]:
        """The wijken of the schools among ``ids``."""
        return _next_to(store, set(nodes.of_kind(ids, {"school"})), "LIGT_IN")

    ids = {node_id}
    if kind == "wijk":
        scholen = _next_to(store, ids, "LIGT_IN")
        ids |= scholen | _next_to(store, ids, "INZET_IN")
        ids |= _next_to(store, scholen, "ACTIVITEIT_OP")
    elif kind == "school":
        ids |= _next_to(store, ids, "LIGT_IN", "ACTIVITEIT_OP")
    elif kind == "partner":
        ids |= _next_to(store, ids, *_ALL_TYPES)
        ids |= wijken_of(ids)
    elif kind == "programma":
        ids |= _next_to(store, ids, *_ALL_TYPES)
        rows = store.query("programma_uitvoering", programma=node_id)
        plekken = _ids(rows, "plek")
        ids |= _ids(rows, "partner") | plekken | wijken_of(plekken)
    elif kind == "hub":
        leden = _next_to(store, ids, "LID_VAN")
        plekken = _next_to(store, leden, "ACTIVITEIT_OP", "INZET_IN")
        ids |= leden | plekken | wijken_of(plekken)
        one = len(store.query("gemeenten")) <= 1
        if one:  # every partner may be a candidate
            ids |= _ids(store.query("knopen_van_soort", soort="partner"))
        gemeente = None if one else nodes.rows[node_id]["props"].get("gemeente")
        if gemeente:
            wijken_hubs = _ids(store.query("gemeente_wijken_hubs", gemeente=gemeente))
        else:
            wijken_hubs = {r["id"] for soort in ("wijk", "hub")
                           for r in store.query("knopen_van_soort", soort=soort)}  # fmt: skip
        scholen = _next_to(store, wijken_hubs, "LIGT_IN")
        ids |= wijken_hubs | scholen
        ids |= _next_to(store, wijken_hubs | scholen, "ACTIVITEIT_OP", "INZET_IN", "LID_VAN")
    else:
        ids |= _next_to(store, ids, *_ALL_TYPES)
    return ids


def _relations(nodes: _Nodes, ids: set[str], around: str | None = None) -> list[dict[str, Any]]:
    """The relationships at the nodes of ``ids`` (some end outside them), each read at
    its cheaper end; with ``around`` of the relationship tables only that node's rows."""
    if around is None:
        rows = nodes.store.query("relaties_naar", ids=nodes.of_kind(ids, _ENDS))
    else:
        rows = nodes.store.query("relaties_rond", id=around) if around in ids else []
        rows = [r for r in rows if r["props"].get("kind") not in _LINK_KINDS]
    return rows + nodes.store.query("relaties_van", ids=nodes.of_kind(ids, _STARTS))


def _between(rows: list[dict[str, Any]], ids: set[str]) -> list[dict[str, Any]]:
    """The relationships of ``rows`` between two nodes of ``ids``."""
    return [r for r in rows if r["source"] in ids and r["target"] in ids]


def buurt(store: Store, node_id: str, meta: dict[str, Any] | None = None) -> nx.MultiDiGraph:
    """The buurt of a node: the graph a page about it needs (see the module docstring).

    Its questions depend on each other's answers; they are asked in one
    :meth:`~lea_graph.store.base.Store.reading`: all on one version of the network, on
    Neo4j in one read transaction.

    Parameters
    ----------
    store
        The store with the loaded network.
    node_id
        The node's id.
    meta
        The loaded network's metadata (:meth:`~lea_graph.store.base.Store.meta`): its
        extra columns, as the whole graph has them.

    Returns
    -------
    networkx.MultiDiGraph
        Typed like :meth:`lea_graph.store.base.Store.to_networkx` (the same attributes,
        node and relationship order); empty when there is no node ``node_id``.
    """
    return store.reading(lambda reads: _buurt(reads, node_id, meta))


def _buurt(store: Reads, node_id: str, meta: dict[str, Any] | None) -> nx.MultiDiGraph:
    nodes = _Nodes(store)
    nodes.read({node_id})
    if node_id not in nodes.rows:
        return nx.MultiDiGraph()
    kind = nodes.rows[node_id]["props"].get("kind", "")
    ids = _core(nodes, node_id, kind)
    # A partner's page reads its own rows only: the other rows at its schools (of every
    # partner there) would make a national organisation's buurt large for nothing.
    around = node_id if kind == "partner" else None
    ids |= _next_to(store, set(nodes.of_kind(ids, {"partner"})), "LID_VAN")  # their hubs
    # Every relationship is read once, at the node it is read at: first at these nodes,
    # then at the nodes they name; at the end those between two nodes of the buurt count.
    rows = _relations(nodes, ids, around)
    named = {
        str(r["props"][c]) for r in _between(rows, ids) for c in _REFERENCES if r["props"].get(c)
    }
    more = named | _ids(store.query("indeling"))
    # A programme's cluster and thema (the thema's cluster is among the agenda's nodes).
    more |= _next_to(store, set(nodes.of_kind(named, {"programma"})), "VALT_ONDER", "GAAT_OVER")
    rows += _relations(nodes, more - ids, around)
    ids |= more
    nodes.read(ids)
    found = [nodes.rows[n] for n in sorted(ids) if n in nodes.rows]
    return graph_from_rows(found, _between(rows, ids), meta)
