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

from collections.abc import Iterator

import networkx as nx

from lea_graph import model
from lea_graph.dataset import Dataset

__all__ = ["from_graph", "to_graph"]

_INT_COLUMNS = {
    (spec.table, c.name) for spec in model.TABLES.values() for c in spec.columns if c.type == "int"
}

_NODE_KINDS = {nk.kind: nk for nk in model.NODE_KINDS}


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
    # Row by row as tuples, the columns looked up once per table: a dict per row and a
    # type check per cell took seconds on a national network.
    for nk in model.NODE_KINDS:
        columns, rows = _rows(dataset, nk.table)
        if not columns:
            continue
        at = columns.index("id")
        cells = _attribute_columns(nk.table, columns, skip={"id"})
        for values in rows:
            attrs = {"kind": nk.kind}
            for j, c, whole in cells:
                v = values[j]
                if v != "":
                    attrs[c] = int(v) if whole else v
            g.add_node(values[at], **attrs)
    for link in model.LINKS:
        columns, rows = _rows(dataset, link.table)
        if link.column not in columns:
            continue
        at, to = columns.index("id"), columns.index(link.column)
        for values in rows:
            if values[to]:
                g.add_edge(values[at], values[to], key=link.kind, kind=link.kind)
    for rel in model.RELATIONS:
        columns, rows = _rows(dataset, rel.table)
        if not columns:
            continue
        at, to = columns.index(rel.source), columns.index(rel.target)
        cells = _attribute_columns(rel.table, columns, skip={rel.source, rel.target})
        for i, values in enumerate(rows):
            attrs = {}
            for j, c, whole in cells:
                v = values[j]
                if v != "":
                    attrs[c] = int(v) if whole else v
            g.add_edge(values[at], values[to], key=f"{rel.kind}:{i}", kind=rel.kind, **attrs)
    return g


def _rows(dataset: Dataset, table: str) -> tuple[list[str], Iterator[tuple]]:
    """The columns of a table and its rows as tuples (none for a table without rows)."""
    df = dataset.tables.get(table)
    if df is None or df.empty:
        return [], iter(())
    return list(df.columns), df.itertuples(index=False, name=None)


def _attribute_columns(
    table: str, columns: list[str], *, skip: set[str]
) -> list[tuple[int, str, bool]]:
    """``(position, column, whole number)`` of the columns that become attributes."""
    return [(j, c, (table, c) in _INT_COLUMNS) for j, c in enumerate(columns) if c not in skip]


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
