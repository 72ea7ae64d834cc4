"""The one builder of vis-network data: nodes, edges, legend, options and layout.

pyvis builds the nodes, edges and options; the pages draw them with our own template
and the vis-network copy the app serves itself (pyvis's own template loads Bootstrap
and vis-network from CDNs and is never used). Positions are computed here (a spring
layout per connected part), so the browser does not run a physics simulation. Labels
and titles are plain text: vis-network draws labels on the canvas and shows titles with
``innerText``. The network view, its aggregated form and the console all use this.
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from lea_graph import model

__all__ = ["KIND_STYLE", "LABEL_CHARS", "VisNetwork", "kind_legend", "layout"]

#: Colour and shape per kind (colour-blind-safe palette; shape as a second cue).
KIND_STYLE: dict[str, tuple[str, str]] = {
    "partner": ("#0072B2", "dot"),
    "hub": ("#D55E00", "diamond"),
    "wijk": ("#009E73", "square"),
    "school": ("#E69F00", "triangle"),
    "programma": ("#CC79A7", "star"),
    "cluster": ("#56B4E9", "hexagon"),
    "thema": ("#999999", "hexagon"),
    "ambitie": ("#000000", "hexagon"),
}
UNKNOWN_STYLE = ("#777777", "dot")
#: Labels on the canvas are cut to this many characters (the title has the whole name).
LABEL_CHARS = 28


def _cut(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def kind_legend(kinds) -> list[dict[str, str]]:
    """Legend entries for node kinds, in the order of :data:`KIND_STYLE`."""
    return [
        {
            "label": model.node_kind(k).plural.capitalize(),
            "colour": KIND_STYLE[k][0],
            "shape": KIND_STYLE[k][1],
        }
        for k in KIND_STYLE
        if k in set(kinds)
    ]


def layout(h: nx.Graph) -> dict[Any, tuple[float, float]]:
    """Positions in screen units: the largest part in the middle, smaller parts around it.

    A spring layout of a whole graph pushes small separate parts (and single nodes) far
    away, which shrinks the main part to a dot when the view fits everything. So each
    connected part is laid out on its own and the parts are packed in rows below the
    largest one, single nodes last.
    """
    pos: dict[Any, tuple[float, float]] = {}
    parts = sorted(nx.connected_components(h), key=lambda c: (-len(c), min(map(str, c))))
    if not parts:
        return pos
    spacing = 90.0  # roughly the length of an edge on screen
    cursor_x = cursor_y = row_height = 0.0
    width = None
    for part in parts:
        n = len(part)
        radius = spacing * max(1.0, (n**0.5) * 1.4)
        if n == 1:
            local = {next(iter(part)): (0.0, 0.0)}
        else:
            # Nodes in a fixed order: the layout is then the same in every process (the
            # order of a selection comes from sets, which differ between processes).
            sub = nx.Graph()
            sub.add_nodes_from(sorted(part, key=str))
            sub.add_edges_from(h.subgraph(part).edges())
            raw = nx.spring_layout(sub, seed=1, iterations=80 if n < 600 else 40, k=1.0 / n**0.5)
            local = {node: (float(x) * radius, float(y) * radius) for node, (x, y) in raw.items()}
        if width is None:  # the largest part sets the width of the rows below it
            width = 2 * radius
            pos.update(local)
            cursor_x, cursor_y = -radius, radius + 2 * spacing
            continue
        size = 2 * radius if n > 1 else spacing
        if cursor_x + size > width / 2 + spacing:
            cursor_x, cursor_y = -width / 2, cursor_y + row_height + spacing
            row_height = 0.0
        for node, (x, y) in local.items():
            pos[node] = (cursor_x + size / 2 + x, cursor_y + size / 2 + y)
        cursor_x += size + spacing / 2
        row_height = max(row_height, size)
    return pos


class VisNetwork:
    """vis-network data in the making (built with pyvis).

    Parameters
    ----------
    arrows
        Draw edges as arrows with a small label (the console shows relation types).
    """

    def __init__(self, *, arrows: bool = False):
        from pyvis.network import Network as PyvisNetwork

        self._net = PyvisNetwork(height="100%", width="100%", cdn_resources="local")
        self._net.toggle_physics(False)
        self.arrows = arrows

    @property
    def nodes(self) -> list[dict[str, Any]]:
        return self._net.nodes

    @property
    def edges(self) -> list[dict[str, Any]]:
        return self._net.edges

    def add_node(
        self,
        node_id: str,
        *,
        label: str,
        title: str,
        kind: str,
        size: float,
        position: tuple[float, float],
        style: tuple[str, str] | None = None,
        **extra: Any,
    ) -> None:
        """One node; its colour and shape come from its kind unless ``style`` says."""
        colour, shape = style or KIND_STYLE.get(kind, UNKNOWN_STYLE)
        x, y = position
        self._net.add_node(
            node_id,
            label=_cut(str(label)),
            title=title,
            color=colour,
            shape=shape,
            size=round(size, 1),
            x=round(float(x), 1),
            y=round(float(y), 1),
            kind=kind,
            **extra,
        )

    def add_edge(
        self,
        a: str,
        b: str,
        *,
        title: str,
        width: float | None = None,
        label: str | None = None,
        color: dict[str, Any] | None = None,
    ) -> None:
        """One edge. (pyvis's ``add_edge`` scans every edge per call; appending is linear.)"""
        edge: dict[str, Any] = {"from": a, "to": b, "title": title}
        if width is not None:
            edge["width"] = width
        if label is not None:
            edge["label"] = label
        if color is not None:
            edge["color"] = color
        self._net.edges.append(edge)

    def options(self) -> dict[str, Any]:
        """pyvis's options with physics off, straight edges and our fonts and colours."""
        options = json.loads(self._net.options.to_json())
        options["physics"] = {"enabled": False}
        edges: dict[str, Any] = {
            "smooth": False,
            "color": {"color": "#9aa4ad", "highlight": "#1d2b36"},
        }
        if self.arrows:
            edges["arrows"] = {"to": {"enabled": True, "scaleFactor": 0.5}}
            edges["font"] = {"size": 10, "color": "#5a6570", "strokeWidth": 0}
        options["edges"] = edges
        options["interaction"] = {"hover": True, "tooltipDelay": 150, "navigationButtons": False}
        # A white outline keeps a label readable where it crosses lines.
        options["nodes"] = {"font": {"size": 14, "face": "sans-serif", "color": "#1d2b36",
                                     "strokeWidth": 3, "strokeColor": "#ffffff"}}  # fmt: skip
        return options
