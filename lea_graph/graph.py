"""The network as a typed networkx ``MultiDiGraph``, and back to tables without loss.

Nodes are keyed by their id and carry ``kind`` (``partner``, ``wijk``, ...) plus every
non-empty column of their row. Every row of a relationship table is one edge with
``kind`` equal to the table name (``activiteiten``, ...) and its non-endpoint columns
as attributes; ``samenwerkingen`` edges point from ``partner_a`` to ``partner_b`` but
mean an undirected link. Reference columns of node tables (school → wijk, thema →
cluster, cluster → ambitie, programma → cluster/thema) also become edges, with the
kinds in :data:`lea_graph.model.LINKS`. Whole numbers are ``int`` attributes; all else
is text. Empty cells are absent attributes.
"""

from __future__ import annotations

import networkx as nx

from lea_graph import model
from lea_graph.dataset import Dataset

__all__ = ["from_graph", "to_graph"]

_INT_COLUMNS = {
    (spec.table, c.name) for spec in model.TABLES.values() for c in spec.columns if c.type == "int"
}

_NODE_KINDS = {nk.kind: nk for nk in model.NODE_KINDS}


def _typed(table: str, column: str, value: str) -> str | int:
    if (table, column) in _INT_COLUMNS:
        return int(value)
    return value


def to_graph(dataset: Dataset) -> nx.MultiDiGraph:
    """Build the typed network graph of a dataset.

    Parameters
    ----------
    dataset
        A validated dataset.

    Returns
    -------
    networkx.MultiDiGraph
        ``graph.graph["columns"]`` keeps each table's column order (for the way back).

    Examples
    --------
    >>> from lea_graph.dataset import Dataset
    >>> ds = Dataset.from_rows({
    ...     "wijken": [{"id": "w-1", "naam": "Noord"}],
    ...     "scholen": [{"id": "s-1", "naam": "De Boomgaard", "sector": "po",
    ...                  "wijk": "w-1", "leerlingen": "210"}],
    ... })
    >>> g = to_graph(ds)
    >>> g.nodes["s-1"]["kind"], g.nodes["s-1"]["leerlingen"]
    ('school', 210)
    >>> [(u, v, d["kind"]) for u, v, d in g.edges(data=True)]
    [('s-1', 'w-1', 'school_wijk')]
    """
    g = nx.MultiDiGraph()
    g.graph["columns"] = {t: dataset.columns(t) for t in model.TABLES}
    for nk in model.NODE_KINDS:
        for row in dataset.rows(nk.table):
            attrs = {c: _typed(nk.table, c, v) for c, v in row.items() if c != "id" and v != ""}
            g.add_node(row["id"], kind=nk.kind, **attrs)
    for link in model.LINKS:
        for row in dataset.rows(link.table):
            target = row.get(link.column, "")
            if target:
                g.add_edge(row["id"], target, key=link.kind, kind=link.kind)
    for rel in model.RELATIONS:
        ends = (rel.source, rel.target)
        for i, row in enumerate(dataset.rows(rel.table)):
            attrs = {
                c: _typed(rel.table, c, v) for c, v in row.items() if c not in ends and v != ""
            }
            g.add_edge(
                row[rel.source], row[rel.target], key=f"{rel.kind}:{i}", kind=rel.kind, **attrs
            )
    return g


def from_graph(g: nx.MultiGraph | nx.MultiDiGraph) -> Dataset:
    """Turn a network graph back into tables (structural link edges are implied by columns).

    Parameters
    ----------
    g
        A graph shaped like the output of :func:`to_graph` (also what the stores export).

    Returns
    -------
    Dataset
        Not re-validated: a graph that did not come from a valid dataset can give an
        invalid one. Run it through ``validate`` when in doubt.

    Examples
    --------
    >>> from lea_graph.dataset import Dataset
    >>> ds = Dataset.from_rows({"wijken": [{"id": "w-1", "naam": "Noord", "pact": "ja"}]})
    >>> from_graph(to_graph(ds)).same_as(ds)
    True
    """
    rows: dict[str, list[dict[str, str]]] = {t: [] for t in model.TABLES}
    for node, data in g.nodes(data=True):
        nk = _NODE_KINDS.get(data.get("kind", ""))
        if nk is None:
            continue
        row = {"id": str(node)}
        row.update({k: str(v) for k, v in data.items() if k != "kind"})
        rows[nk.table].append(row)
    relation_rows: list[tuple[int, str, dict[str, str]]] = []
    for u, v, key, data in g.edges(keys=True, data=True):
        spec = model.EDGE_KINDS.get(data.get("kind", ""))
        if not isinstance(spec, model.Relation):
            continue
        row = {spec.source: str(u), spec.target: str(v)}
        row.update({k: str(val) for k, val in data.items() if k != "kind"})
        # Keys "<kind>:<row>" keep the original row order of the table.
        _, _, index = str(key).rpartition(":")
        order = int(index) if index.isdigit() else len(relation_rows)
        relation_rows.append((order, spec.table, row))
    for _, name, row in sorted(relation_rows, key=lambda item: item[0]):
        rows[name].append(row)
    columns = g.graph.get("columns") or {}
    extra = {
        t: [c for c in columns.get(t, []) if c not in {col.name for col in spec.columns}]
        for t, spec in model.TABLES.items()
    }
    return Dataset.from_rows(rows, extra)
