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
    the partner and every node next to it, and the wijken of those schools;
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
relationships are those between the buurt's nodes. The tests check that the pages'
functions give the same answers on a buurt as on the whole network
(``tests/test_buurt.py``), on the seed and on a generated network of three gemeenten.
"""

from __future__ import annotations

from typing import Any, Protocol

import networkx as nx

from lea_graph.store.base import graph_from_rows

__all__ = ["buurt"]

#: The relationship columns that name a node (an activity's hub or programme).
_REFERENCES = ("hub", "programma")


class _Reads(Protocol):
    def query(self, name: str, **params: Any) -> list[dict[str, Any]]: ...


def _ids(rows: list[dict[str, Any]], column: str = "id") -> set[str]:
    return {r[column] for r in rows if r.get(column)}


def _next_to(store: _Reads, ids: set[str], *types: str) -> set[str]:
    """The nodes next to ``ids`` along relationships of ``types`` (either direction)."""
    if not ids:
        return set()
    return _ids(store.query("buren", ids=sorted(ids), typen=list(types)))


def _kind_of(store: _Reads, node_id: str) -> str | None:
    rows = store.query("deelgraaf_knopen", ids=[node_id])
    return rows[0]["props"].get("kind") if rows else None


def _core(store: _Reads, node_id: str, kind: str) -> set[str]:
    """The nodes of the recipe of ``kind`` (see the module docstring)."""
    ids = {node_id}
    if kind == "wijk":
        scholen = _next_to(store, ids, "LIGT_IN")
        ids |= scholen | _next_to(store, ids, "INZET_IN")
        ids |= _next_to(store, scholen, "ACTIVITEIT_OP")
    elif kind == "school":
        ids |= _next_to(store, ids, "LIGT_IN", "ACTIVITEIT_OP")
    elif kind == "partner":
        ids |= _next_to(store, ids, *_ALL_TYPES)
        ids |= _next_to(store, ids - {node_id}, "LIGT_IN")  # the wijken of its schools
    elif kind == "programma":
        ids |= _next_to(store, ids, *_ALL_TYPES)
        rows = store.query("programma_uitvoering", programma=node_id)
        plekken = _ids(rows, "plek")
        ids |= _ids(rows, "partner") | plekken | _next_to(store, plekken, "LIGT_IN")
    elif kind == "hub":
        leden = _next_to(store, ids, "LID_VAN")
        plekken = _next_to(store, leden, "ACTIVITEIT_OP", "INZET_IN")
        ids |= leden | plekken | _next_to(store, plekken, "LIGT_IN")
        gemeente = store.query("deelgraaf_knopen", ids=[node_id])[0]["props"].get("gemeente")
        if len(store.query("gemeenten")) <= 1:
            gemeente = None  # one gemeente: every partner may be a candidate
            ids |= _ids(store.query("knopen_van_soort", soort="partner"))
        wijken_hubs = _ids(store.query("gemeente_wijken_hubs", gemeente=gemeente or None))
        scholen = _next_to(store, wijken_hubs, "LIGT_IN")
        ids |= wijken_hubs | scholen
        ids |= _next_to(store, wijken_hubs | scholen, "ACTIVITEIT_OP", "INZET_IN", "LID_VAN")
    else:
        ids |= _next_to(store, ids, *_ALL_TYPES)
    return ids


def _all_types() -> tuple[str, ...]:
    from lea_graph import model

    return tuple(r.type for r in model.RELATIONS)


_ALL_TYPES = _all_types()


def _relations(store: _Reads, ids: set[str]) -> list[dict[str, Any]]:
    """The relationships between the nodes of ``ids``: those leaving them, kept when
    they end among them (a list test in the query is slow on the embedded store)."""
    rows = store.query("deelgraaf_relaties", ids=sorted(ids))
    return [r for r in rows if r["target"] in ids]


def buurt(store: _Reads, node_id: str, meta: dict[str, Any] | None = None) -> nx.MultiDiGraph:
    """The buurt of a node: the graph a page about it needs (see the module docstring).

    Parameters
    ----------
    store
        The store with the loaded network (anything with the store's ``query``).
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
    kind = _kind_of(store, node_id)
    if kind is None:
        return nx.MultiDiGraph()
    ids = _core(store, node_id, kind)
    partners = {r["id"] for r in store.query("deelgraaf_knopen", ids=sorted(ids))
                if r["props"].get("kind") == "partner"}  # fmt: skip
    ids |= _next_to(store, partners, "LID_VAN")  # the hubs of its partners
    named = {
        str(r["props"][c]) for r in _relations(store, ids) for c in _REFERENCES if r["props"].get(c)
    }
    ids |= named | _ids(store.query("indeling"))
    # A programme's cluster and thema (the thema's cluster is among the agenda's nodes).
    programmas = {r["id"] for r in store.query("deelgraaf_knopen", ids=sorted(named))
                  if r["props"].get("kind") == "programma"}  # fmt: skip
    ids |= _next_to(store, programmas, "VALT_ONDER", "GAAT_OVER")
    nodes = store.query("deelgraaf_knopen", ids=sorted(ids))
    return graph_from_rows(nodes, _relations(store, ids), meta)
