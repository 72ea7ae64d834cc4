"""How much of a network is illustrative: rows with ``bron=voorbeeld`` per table.

A row whose ``bron`` is ``voorbeeld`` was made up (by the seed generator, or by whoever
filled it in as an example). Whatever loaded the network, pages, reports and the README
say how much of it is made up, from these counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from lea_graph import cijfers, model
from lea_graph.text import dutch_list, number

__all__ = [
    "ILLUSTRATIVE",
    "Share",
    "has_illustrative",
    "illustrative_shares",
    "illustrative_summary",
    "wijk_figures_illustrative",
]

#: The ``bron`` of a made-up row.
ILLUSTRATIVE = "voorbeeld"


def has_illustrative(*graphs: nx.MultiDiGraph) -> bool:
    """Whether any node or relation of the graphs is illustrative (``bron`` voorbeeld)."""
    return any(d.get("bron") == ILLUSTRATIVE for g in graphs for _, d in g.nodes(data=True)) or any(
        d.get("bron") == ILLUSTRATIVE for g in graphs for _, _, d in g.edges(data=True)
    )


def wijk_figures_illustrative(d: dict) -> bool:
    """Whether the SES or the children of a wijk (its attributes) are made up."""
    kids = cijfers.kinderen(d)
    return (bool(d.get("ses")) and cijfers.ses_bron(d) == ILLUSTRATIVE) or (
        kids is not None and kids.bron == ILLUSTRATIVE
    )


@dataclass(frozen=True)
class Share:
    """Rows of one table (or one group of columns) and how many are illustrative."""

    table: str
    what: str  # Dutch plural, e.g. "partners"
    illustrative: int
    total: int


def illustrative_shares(g: nx.MultiDiGraph) -> list[Share]:
    """Per table of the network, how many rows are ``bron=voorbeeld`` (tables with none
    are left out), plus the wijk figures SES and children (a wijk counts as made up when
    one of them is: :func:`lea_graph.cijfers.ses_bron`, :func:`lea_graph.cijfers.kinderen`).

    Examples
    --------
    >>> from lea_graph.dataset import Dataset
    >>> from lea_graph.graph import to_graph
    >>> ds = Dataset.from_rows({
    ...     "partners": [{"id": "p-1", "naam": "A", "type": "cultuur", "bron": "LEA"},
    ...                  {"id": "p-2", "naam": "B", "type": "sport", "bron": "voorbeeld"}],
    ...     "wijken": [{"id": "w-1", "naam": "Noord", "ses": "laag",
    ...                 "kenmerken_bron": "voorbeeld"}]})
    >>> [(s.what, s.illustrative, s.total) for s in illustrative_shares(to_graph(ds))]
    [('partners', 1, 2), ('wijkcijfers (SES, kinderen)', 1, 1)]
    """
    nodes: dict[str, list[int]] = {}
    figures = [0, 0]
    for _, d in g.nodes(data=True):
        counts = nodes.setdefault(d.get("kind", ""), [0, 0])
        counts[0] += d.get("bron") == ILLUSTRATIVE
        counts[1] += 1
        if d.get("kind") == "wijk" and (d.get("ses") or cijfers.kinderen(d)):
            figures[0] += wijk_figures_illustrative(d)
            figures[1] += 1
    edges: dict[str, list[int]] = {}
    relation_kinds = {r.kind for r in model.RELATIONS}
    for _, _, d in g.edges(data=True):
        if d.get("kind") in relation_kinds:
            counts = edges.setdefault(d["kind"], [0, 0])
            counts[0] += d.get("bron") == ILLUSTRATIVE
            counts[1] += 1
    shares = []
    for nk in model.NODE_KINDS:
        made_up, total = nodes.get(nk.kind, (0, 0))
        if made_up:
            shares.append(Share(nk.table, nk.plural, made_up, total))
        if nk.kind == "wijk" and figures[0]:
            shares.append(Share("wijken", "wijkcijfers (SES, kinderen)", *figures))
    for rel in model.RELATIONS:
        made_up, total = edges.get(rel.kind, (0, 0))
        if made_up:
            shares.append(Share(rel.table, rel.plural, made_up, total))
    return shares


def illustrative_summary(shares: list[Share]) -> str:
    """One Dutch sentence: "44 van 71 partners, 146 van 146 scholen … zijn verzonnen"."""
    if not shares:
        return ""

    parts = [f"{number(s.illustrative)} van {number(s.total)} {s.what}" for s in shares]
    return (
        f"Voorbeeldgegevens (verzonnen) in dit netwerk: {dutch_list(parts)}. "
        "Ze zijn overal gemarkeerd met (voorbeeld); de andere rijen komen uit de LEA en "
        "openbare bronnen."
    )
