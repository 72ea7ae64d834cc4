"""Layouts of the network view: the force layout, hubs in the middle, or by wijk.

The network view draws positions computed here (physics off in the browser). Besides the
force layout of :func:`web.vis.layout` there are two fixed layouts that put the network in
an order people know:

``hubs``
    The hubs on a circle in the middle, each hub's member partners in a cluster around
    it, and every other node on rings outside, each ring one kind (partners outside the
    hubs, programmes, wijken, schools, the rest), turned towards what it is linked to.
``wijken``
    The wijken on a circle, grouped by stadsdeel (one sector each, its name outside), the
    schools of a wijk just outside it in the wijk's own slice, and the partners inside
    the circle, near the wijken they work in (a partner active all over lands near the
    middle).

All functions are pure and deterministic (no randomness, sorted input): the same graph
gives the same positions. They take the simple undirected graph of
:func:`web.netview.select` (node attribute ``kind``, edge attribute ``kinds``) or of
:func:`web.netview.aggregate`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from lea_graph.text import fold
from web.vis import layout as force_layout

__all__ = [
    "LAYOUTS",
    "UNCONNECTED",
    "Placement",
    "gather_unconnected",
    "group_layout",
    "hub_homes",
    "hub_layout",
    "place",
    "wijk_layout",
]

#: The layouts the view offers: query value (``indeling=``) → Dutch name.
LAYOUTS: dict[str, str] = {
    "kracht": "vrij (krachtenmodel)",
    "hubs": "hubs in het midden",
    "wijken": "per wijk en stadsdeel",
}
DEFAULT_LAYOUT = "kracht"

#: Distance between neighbouring nodes in a cluster or on a ring, in screen units.
SPACING = 70.0
#: Distance between two rows of a ring.
ROW_GAP = 55.0
#: A hub card (:func:`_hub_cards`): its width, the distance of a member column from the
#: hub, of the first member row from the hub, between member rows (of one column), and
#: between pairs of card rows.
CARD_WIDTH = 540.0
CARD_COLUMN = 95.0
CARD_FIRST = 95.0
CARD_ROW = 64.0
CARD_PAIR_GAP = 170.0
#: Room for a hub's name above or below the grid.
CARD_LABEL = 60.0
#: The order of the rings of the ``hubs`` layout (inside out) and the spacing on each.
RING_ORDER: tuple[tuple[str, float], ...] = (
    ("partner", 75.0),
    ("programma", 70.0),
    ("wijk", 60.0),
    ("school", 40.0),
)
OTHER_RING_SPACING = 70.0
#: The heading above the nodes without any line in the view (:func:`gather_unconnected`).
UNCONNECTED = "Zonder verbinding"
#: The nodes without a line: the room per node in their block (a name is up to 28
#: characters), and the gap between the drawing and the block.
UNCONNECTED_COLUMN = 300.0
UNCONNECTED_ROW = 80.0
UNCONNECTED_GAP = 200.0
#: Name of the stadsdeel of wijken without one.
NO_STADSDEEL = "Zonder stadsdeel"

Position = tuple[float, float]


@dataclass
class Placement:
    """Positions of a view and what the view says about them.

    Attributes
    ----------
    positions
        Node id → (x, y) in screen units (y down).
    layout
        The layout used: ``kracht``, ``hubs`` or ``wijken`` (``kracht`` when the one
        asked for could not be made).
    note
        Dutch: why the layout asked for was not used ("" when it was).
    annotations
        Texts to draw on the canvas: ``{"x", "y", "text", "size", "align"}`` (the
        stadsdeel names; ``align`` is ``left``, ``right`` or ``center``).
    """

    positions: dict[str, Position]
    layout: str
    note: str = ""
    annotations: list[dict[str, Any]] = field(default_factory=list)


def _kind(h: nx.Graph, n: str) -> str:
    return str(h.nodes[n].get("kind", ""))


def _name(h: nx.Graph, n: str) -> str:
    return str(h.nodes[n].get("naam", n))


def _sorted(h: nx.Graph, nodes) -> list[str]:
    """Nodes in a fixed order: by name (case- and accent-blind), then id."""
    return sorted(nodes, key=lambda n: (fold(_name(h, n)), str(n)))


def _edge_kinds(h: nx.Graph, u: str, v: str) -> Mapping[str, int]:
    return h[u][v].get("kinds", {}) or {}


def _circular_mean(angles: list[float]) -> float | None:
    if not angles:
        return None
    s, c = sum(math.sin(a) for a in angles), sum(math.cos(a) for a in angles)
    if math.hypot(s, c) < 1e-9:
        return None
    return math.atan2(s, c)


def _direction(pos: dict[str, Position], neighbours) -> float | None:
    """The mean direction (from the middle) of the placed neighbours, if they have one."""
    x = y = 0.0
    for u in neighbours:
        if u in pos:
            px, py = pos[u]
            r = math.hypot(px, py)
            if r > 1e-9:
                x, y = x + px / r, y + py / r
    if math.hypot(x, y) < 1e-9:
        return None
    return math.atan2(y, x)


def _ring(
    h: nx.Graph, nodes: list[str], pos: dict[str, Position], radius: float, spacing: float
) -> float:
    """Place ``nodes`` on a ring (in rows when one row is too tight) from ``radius`` out,
    each turned towards its placed neighbours, in order and evenly spaced.

    Returns the radius just outside the ring.
    """
    n = len(nodes)
    if not n:
        return radius
    rows = max(1, math.ceil(n * spacing / (2 * math.pi * radius)))
    wanted = {v: _direction(pos, h.neighbors(v)) for v in nodes}
    # Nodes without a direction of their own keep their name order between the others.
    order = sorted(nodes, key=lambda v: (wanted[v] is None, wanted[v] or 0.0))
    free = [v for v in order if wanted[v] is None]
    fixed = [v for v in order if wanted[v] is not None]
    ordered = fixed + free
    step = 2 * math.pi / n
    offsets = [wanted[v] - i * step for i, v in enumerate(ordered) if wanted[v] is not None]
    turn = _circular_mean(offsets)
    turn = -math.pi / 2 if turn is None else turn
    for i, v in enumerate(ordered):
        a = turn + i * step
        r = radius + (i % rows) * ROW_GAP
        pos[v] = (r * math.cos(a), r * math.sin(a))
    return radius + (rows - 1) * ROW_GAP


def hub_homes(h: nx.Graph) -> dict[str, str]:
    """Every partner that is a member of a hub (an edge with ``hub_leden``) and the hub
    it is drawn with: its first hub by name.

    Examples
    --------
    >>> h = nx.Graph()
    >>> h.add_node("h-2", kind="hub", naam="Sport"); h.add_node("h-1", kind="hub", naam="Cultuur")
    >>> h.add_node("p-1", kind="partner", naam="Muziek")
    >>> h.add_edge("p-1", "h-2", kinds={"hub_leden": 1}); h.add_edge("p-1", "h-1", kinds={"hub_leden": 1})
    >>> hub_homes(h)
    {'p-1': 'h-1'}
    """
    hubs = _sorted(h, (n for n in h if _kind(h, n) == "hub"))
    rank = {hub: i for i, hub in enumerate(hubs)}
    home: dict[str, str] = {}
    for p in sorted(h):
        if _kind(h, p) != "partner":
            continue
        own = [u for u in h.neighbors(p) if u in rank and _edge_kinds(h, p, u).get("hub_leden")]
        if own:
            home[p] = min(own, key=rank.__getitem__)
    return home


def _hub_cards(members: dict[str, list[str]]) -> dict[str, Position]:
    """The hubs and their members in a grid of "cards", centred on (0, 0).

    A card is a hub with its members in two columns on one side of it, the right column
    half a row further than the left, so that their names (centred under them, wider
    than the gap) never meet. Rows of cards come in pairs that face each
    other: in the upper row of a pair the members are below their hub, in the lower row
    above it. Two facing hubs are more than twice the depth of a card apart, and cards
    side by side are wider than their columns, so every member is closer to its own hub
    than to any other.
    """
    hubs = list(members)
    n = len(hubs)
    rows_of = {hub: math.ceil(len(members[hub]) / 2) for hub in hubs}
    depth = CARD_FIRST + CARD_ROW * (max(max(rows_of.values()) - 1, 0) + 0.5)
    facing = 2 * depth + CARD_ROW  # between the hubs of the two rows of a pair
    between = CARD_PAIR_GAP  # between the hubs of two pairs (hub labels on both sides)

    def row_y(r: int) -> float:
        return (r // 2) * (facing + between) + (facing if r % 2 else 0.0)

    def extent(cols: int) -> tuple[float, float]:
        rows = math.ceil(n / cols)
        last = rows - 1
        bottom = row_y(last) + (depth if last % 2 == 0 else 0.0)
        return cols * CARD_WIDTH, bottom + 2 * CARD_LABEL

    # As many cards side by side as makes the grid about as wide as the canvas (x 1.6).
    cols = min(
        range(1, n + 1),
        key=lambda c: (abs(math.log(extent(c)[0] / max(extent(c)[1], 1.0) / 1.6)), c),
    )
    rows = math.ceil(n / cols)
    shift = -(extent(cols)[1] - 2 * CARD_LABEL) / 2
    pos: dict[str, Position] = {}
    for r in range(rows):
        row = hubs[r * cols : (r + 1) * cols]
        down = r % 2 == 0
        y = row_y(r) + shift
        x0 = -(len(row) - 1) * CARD_WIDTH / 2
        for i, hub in enumerate(row):
            hx = x0 + i * CARD_WIDTH
            pos[hub] = (hx, y)
            for j, p in enumerate(members[hub]):
                line, side = divmod(j, 2)
                dx = -CARD_COLUMN if side == 0 else CARD_COLUMN
                dy = CARD_FIRST + line * CARD_ROW + side * CARD_ROW / 2
                pos[p] = (hx + dx, y + dy if down else y - dy)
    return pos


def hub_layout(h: nx.Graph) -> dict[str, Position] | None:
    """Hubs in the middle with their member partners around them, the rest on rings.

    Every partner that is a member of a hub is drawn with its first hub by name
    (:func:`hub_homes`): the hubs and their members are cards in a grid in the middle
    (:func:`_hub_cards`), each member closer to its hub than to any other hub. The other
    nodes go on rings outside, one per kind (:data:`RING_ORDER`), each node turned
    towards the nodes it is linked to.

    Parameters
    ----------
    h
        The selection (node attribute ``kind``; edge attribute ``kinds``).

    Returns
    -------
    dict or None
        Node id → (x, y); None when the selection has no hubs.
    """
    hubs = _sorted(h, (n for n in h if _kind(h, n) == "hub"))
    if not hubs:
        return None
    members: dict[str, list[str]] = {hub: [] for hub in hubs}
    for p, hub in hub_homes(h).items():
        members[hub].append(p)
    for hub in hubs:
        members[hub] = _sorted(h, members[hub])
    pos = _hub_cards(members)
    reach = max(math.hypot(x, y) for x, y in pos.values())
    outer = reach + CARD_WIDTH / 2 + SPACING
    rest = [v for v in h if v not in pos]
    done: set[str] = set()
    for kind, spacing in RING_ORDER:
        nodes = _sorted(h, (v for v in rest if _kind(h, v) == kind))
        if nodes:
            outer = _ring(h, nodes, pos, outer, spacing) + 1.5 * SPACING
            done.update(nodes)
    others = _sorted(h, (v for v in rest if v not in done))
    _ring(h, others, pos, outer, OTHER_RING_SPACING)
    return pos


def _sectors(
    wijken: list[str], weight: Mapping[str, float], stadsdeel: Mapping[str, str]
) -> tuple[dict[str, tuple[float, float]], dict[str, tuple[float, float]], float]:
    """Angular slices: per wijk (start, end) and per stadsdeel (start, end), and the
    angle of one unit of weight. Stadsdelen follow each other clockwise from the top, by
    name, with a gap between them; a wijk's slice is its weight wide."""
    by_part: dict[str, list[str]] = defaultdict(list)
    for w in wijken:
        by_part[stadsdeel[w]].append(w)
    parts = sorted(by_part, key=lambda s: (s == NO_STADSDEEL, fold(s)))
    gap = 1.5 if len(parts) > 1 else 0.0
    units = sum(weight[w] for w in wijken) + gap * len(parts)
    unit = 2 * math.pi / units
    cursor = -math.pi / 2 - gap * unit / 2
    slices: dict[str, tuple[float, float]] = {}
    spans: dict[str, tuple[float, float]] = {}
    for part in parts:
        cursor += gap * unit / 2
        start = cursor
        for w in by_part[part]:
            slices[w] = (cursor, cursor + weight[w] * unit)
            cursor += weight[w] * unit
        spans[part] = (start, cursor)
        cursor += gap * unit / 2
    return slices, spans, unit


def _annotation_size(radius: float) -> int:
    """Font size of the stadsdeel names: readable when the whole circle is in view."""
    return int(min(90.0, max(34.0, radius / 15)))


def _annotation(text: str, radius: float, angle: float, size: int) -> dict[str, Any]:
    """A name at ``angle`` just outside a circle, reading away from it: left-aligned on
    the right, right-aligned on the left, centred at the top and bottom."""
    c = math.cos(angle)
    align = "left" if c > 0.35 else "right" if c < -0.35 else "center"
    return {"x": round(radius * c, 1), "y": round(radius * math.sin(angle), 1), "text": text,
            "size": size, "align": align}  # fmt: skip


def _box(a: dict[str, Any]) -> tuple[float, float, float, float]:
    """The rough extent of an annotation (bold text about 0.62 of its size per letter)."""
    width = len(a["text"]) * a["size"] * 0.62
    left = {"left": a["x"], "right": a["x"] - width}.get(a["align"], a["x"] - width / 2)
    return left, a["y"] - a["size"] * 0.6, left + width, a["y"] + a["size"] * 0.6


def _annotations(
    spans: dict[str, tuple[float, float]], radius: float, size: int
) -> list[dict[str, Any]]:
    """The names of the sectors, each moved outwards until it clears the ones before."""
    placed: list[dict[str, Any]] = []
    for text, (start, end) in sorted(spans.items(), key=lambda kv: kv[1][0]):
        r = radius
        for _ in range(4):
            a = _annotation(text, r, (start + end) / 2, size)
            x0, y0, x1, y1 = _box(a)
            if not any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1
                       for b in map(_box, placed)):  # fmt: skip
                break
            r += 1.3 * size
        placed.append(a)
    return placed


def _spread(
    points: dict[str, Position], fixed: dict[str, Position], distance: float, limit: float
) -> dict[str, Position]:
    """Push ``points`` apart until no two (nor a point and a ``fixed`` one) are closer
    than ``distance``, keeping them within ``limit`` of the middle. Deterministic."""
    if not points:
        return {}
    ids = sorted(points)
    xy = np.array([points[i] for i in ids], dtype=float)
    anchors = np.array([fixed[i] for i in sorted(fixed)], dtype=float).reshape(-1, 2)
    n = len(ids)
    # Points on the same spot (as another point or a fixed one) are told apart by a small
    # offset in a direction of their own (no randomness).
    seen = {(round(float(x), 3), round(float(y), 3)) for x, y in anchors}
    for i in range(n):
        key = (round(float(xy[i, 0]), 3), round(float(xy[i, 1]), 3))
        if key in seen:
            xy[i] += (math.cos(i * 2.39996 + 0.5), math.sin(i * 2.39996 + 0.5))
        seen.add((round(float(xy[i, 0]), 3), round(float(xy[i, 1]), 3)))
    for _ in range(80):
        diff = xy[:, None, :] - xy[None, :, :]
        dist = np.hypot(diff[..., 0], diff[..., 1])
        np.fill_diagonal(dist, np.inf)
        overlap = np.clip(distance - dist, 0.0, None)
        moved = False
        if overlap.any():
            push = (diff / np.maximum(dist, 1e-9)[..., None]) * (overlap[..., None] / 2)
            xy += push.sum(axis=1) * 0.5
            moved = True
        if len(anchors):
            diff = xy[:, None, :] - anchors[None, :, :]
            dist = np.hypot(diff[..., 0], diff[..., 1])
            overlap = np.clip(distance - dist, 0.0, None)
            if overlap.any():
                xy += ((diff / np.maximum(dist, 1e-9)[..., None]) * overlap[..., None]).sum(1)
                moved = True
        r = np.hypot(xy[:, 0], xy[:, 1])
        too_far = r > limit
        xy[too_far] *= (limit / r[too_far])[:, None]
        if not moved:
            break
    return {i: (float(x), float(y)) for i, (x, y) in zip(ids, xy, strict=True)}


def _wijk_of(h: nx.Graph, nodes: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """The wijk of every school in the selection (its ``wijk`` attribute, else the wijk
    it is linked to), if that wijk is known."""
    found: dict[str, str] = {}
    for s in h:
        if _kind(h, s) != "school":
            continue
        w = h.nodes[s].get("wijk")
        if not w:
            w = next((u for u in h.neighbors(s) if _kind(h, u) == "wijk"), None)
        if w and (w in nodes or w in h):
            found[s] = str(w)
    return found


def wijk_layout(
    h: nx.Graph, nodes: Mapping[str, Mapping[str, Any]] | None = None
) -> tuple[dict[str, Position], list[dict[str, Any]]] | None:
    """Schools grouped by wijk, wijken by stadsdeel, partners near the wijken they work in.

    The wijken (those in the selection and those of its schools) lie on a circle, one
    sector per stadsdeel (by name, clockwise from the top); each wijk has a slice as wide
    as its schools need, and its schools stand in that slice just outside it. Partners
    and the other nodes are inside the circle: a partner at 0.8 of the radius times the
    mean of the directions of the wijken where it has activities or wijkinzet (weighted
    by their number), so nearer the middle the more it is spread; hubs and programmes
    near the partners they are linked to; then they are pushed apart where they would
    overlap (the partners first, the others making way for them); nodes linked to no
    wijk in a row below the circle.

    Parameters
    ----------
    h
        The selection (node attribute ``kind``, schools with their ``wijk``).
    nodes
        The attributes of every node of the whole network (for the stadsdeel of a wijk
        that the selection leaves out); the selection's own by default.

    Returns
    -------
    tuple or None
        Node id → (x, y), and the stadsdeel names to draw (see :class:`Placement`); None
        when the selection has no wijk and no school with a known wijk.
    """
    nodes = nodes if nodes is not None else h.nodes
    school_wijk = _wijk_of(h, nodes)
    wijken_set = {n for n in h if _kind(h, n) == "wijk"} | set(school_wijk.values())
    if not wijken_set:
        return None

    def attrs(w: str) -> Mapping[str, Any]:
        return h.nodes[w] if w in h else nodes.get(w, {})

    stadsdeel = {w: str(attrs(w).get("stadsdeel") or NO_STADSDEEL) for w in wijken_set}
    wijken = sorted(wijken_set, key=lambda w: (fold(str(attrs(w).get("naam", w))), w))
    schools: dict[str, list[str]] = defaultdict(list)
    for s in _sorted(h, school_wijk):
        schools[school_wijk[s]].append(s)
    per_row = {w: max(1, math.ceil(len(schools[w]) / 2)) for w in wijken}
    slices, spans, unit = _sectors(wijken, per_row, stadsdeel)
    slot = SPACING * 0.8
    radius = max(4 * SPACING, slot / unit)
    pos: dict[str, Position] = {}
    outermost = radius
    for w in wijken:
        start, end = slices[w]
        mid = (start + end) / 2
        if w in h:
            pos[w] = (radius * math.cos(mid), radius * math.sin(mid))
        row_size = per_row[w]
        for i, s in enumerate(schools[w]):
            row, col = divmod(i, row_size)
            in_row = min(row_size, len(schools[w]) - row * row_size)
            a = start + (end - start) * (col + 0.5) / in_row
            r = radius + ROW_GAP * (1.2 + row)
            pos[s] = (r * math.cos(a), r * math.sin(a))
            outermost = max(outermost, r)
    label_r = outermost + 1.2 * ROW_GAP
    size = _annotation_size(label_r)
    annotations = _annotations(spans, label_r, size)
    # Anchor of a wijk (also one the selection leaves out): where it is on the circle.
    anchor = {w: ((s + e) / 2) for w, (s, e) in slices.items()}
    inside = 0.8 * radius
    inner: dict[str, Position] = {}
    for p in _sorted(h, (n for n in h if _kind(h, n) == "partner")):
        weights: dict[str, int] = defaultdict(int)
        for u in h.neighbors(p):
            w = u if u in anchor else school_wijk.get(u)
            if w is not None:
                weights[w] += sum(_edge_kinds(h, p, u).values()) or 1
        total = sum(weights.values())
        if total:
            x = sum(n * math.cos(anchor[w]) for w, n in weights.items()) / total
            y = sum(n * math.sin(anchor[w]) for w, n in weights.items()) / total
            inner[p] = (x * inside, y * inside)
    rest = _sorted(h, (n for n in h if n not in pos and n not in inner))
    for _ in range(3):  # hubs and programmes near their partners, then what links to those
        placed = {**pos, **inner}
        for v in rest:
            if v in inner:
                continue
            near = [placed[u] for u in sorted(h.neighbors(v)) if u in placed]
            if near:
                x, y = sum(p[0] for p in near) / len(near), sum(p[1] for p in near) / len(near)
                r = math.hypot(x, y)
                scale = min(1.0, inside / r) if r > 1e-9 else 1.0
                inner[v] = (x * scale, y * scale)
    # Partners first (their place says where they work), then the rest makes way for them.
    fixed = {k: v for k, v in pos.items() if k in h}
    partners = {k: v for k, v in inner.items() if _kind(h, k) == "partner"}
    pos.update(_spread(partners, fixed, 0.75 * SPACING, inside))
    fixed = {k: v for k, v in pos.items() if k in h}
    others = {k: v for k, v in inner.items() if k not in partners}
    pos.update(_spread(others, fixed, 0.75 * SPACING, inside))
    lost = [v for v in rest if v not in pos]
    if lost:
        y = label_r + size + 2.5 * ROW_GAP
        width = (len(lost) - 1) * 2 * SPACING
        for i, v in enumerate(lost):
            pos[v] = (-width / 2 + i * 2 * SPACING, y)
        annotations.append(
            {"x": 0.0, "y": round(y - ROW_GAP, 1), "text": "Zonder wijk", "size": size,
             "align": "center"}
        )  # fmt: skip
    return pos, annotations


def group_layout(
    groups: nx.Graph, stadsdeel: Mapping[str, str]
) -> tuple[dict[str, Position], list[dict[str, Any]]]:
    """The ``wijken`` layout of the aggregated view: each wijk node on the circle, one
    sector per stadsdeel, the stadsdeel names outside.

    Parameters
    ----------
    groups
        The wijken as nodes (:func:`web.netview.aggregate` at level ``wijk``).
    stadsdeel
        Node id → its stadsdeel (missing: :data:`NO_STADSDEEL`).
    """
    wijken = _sorted(groups, groups.nodes)
    parts = {w: stadsdeel.get(w) or NO_STADSDEEL for w in wijken}
    slices, spans, unit = _sectors(wijken, dict.fromkeys(wijken, 1.0), parts)
    radius = max(4 * SPACING, 1.3 * SPACING / unit)
    pos = {w: (radius * math.cos(sum(slices[w]) / 2), radius * math.sin(sum(slices[w]) / 2))
           for w in wijken}  # fmt: skip
    label_r = radius + 2.5 * ROW_GAP
    return pos, _annotations(spans, label_r, _annotation_size(label_r))


def gather_unconnected(
    h: nx.Graph, pos: Mapping[str, Position]
) -> tuple[dict[str, Position], list[dict[str, Any]]]:
    """The nodes without a line, taken out of the drawing: in a block of their own below
    everything else, with the heading "Zonder verbinding (n)" above it.

    A node without lines says nothing about who works with whom; among the connected
    ones it looks as if it belongs there, and in a row under the drawing it reads as
    part of it. So they stand apart, in rows as wide as the drawing, with a clear gap.

    Returns
    -------
    tuple
        The positions (the connected nodes where they were) and the heading as an
        annotation (:class:`Placement`); no heading when every node has a line or none
        has.

    Examples
    --------
    >>> h = nx.Graph()
    >>> h.add_edge("a", "b"); h.add_node("c", naam="Cor")
    >>> pos, notes = gather_unconnected(h, {"a": (0, 0), "b": (100, 0), "c": (50, 0)})
    >>> pos["a"], pos["c"][1] > 100, notes[0]["text"]
    ((0, 0), True, 'Zonder verbinding (1)')
    """
    alone = _sorted(h, (n for n in h if h.degree(n) == 0 or set(h.neighbors(n)) == {n}))
    out = dict(pos)
    linked = [pos[n] for n in h if n in pos and n not in set(alone)]
    if not alone or not linked:
        return out, []
    xs, ys = [p[0] for p in linked], [p[1] for p in linked]
    left, right, bottom = min(xs), max(xs), max(ys)
    width = max(right - left, UNCONNECTED_COLUMN * 4)
    cols = max(1, min(len(alone), int(width // UNCONNECTED_COLUMN) + 1))
    middle = (left + right) / 2
    x0 = middle - (cols - 1) * UNCONNECTED_COLUMN / 2
    top = bottom + UNCONNECTED_GAP
    for i, n in enumerate(alone):
        row, col = divmod(i, cols)
        out[n] = (x0 + col * UNCONNECTED_COLUMN, top + row * UNCONNECTED_ROW)
    heading = {
        "x": x0 - UNCONNECTED_COLUMN / 2,
        "y": top - UNCONNECTED_ROW * 0.9,
        "text": f"{UNCONNECTED} ({len(alone)})",
        "size": 30,
        "align": "left",
    }
    return out, [heading]


def place(
    h: nx.Graph, indeling: str, nodes: Mapping[str, Mapping[str, Any]] | None = None
) -> Placement:
    """The positions of a selection in the layout asked for, or the force layout with a
    Dutch note when that layout cannot be made.

    Parameters
    ----------
    h
        The selection (:func:`web.netview.select`).
    indeling
        ``kracht``, ``hubs`` or ``wijken`` (:data:`LAYOUTS`).
    nodes
        The attributes of every node of the whole network (see :func:`wijk_layout`).
    """
    if indeling == "hubs":
        pos = hub_layout(h)
        if pos is not None:
            pos, annotations = gather_unconnected(h, pos)
            return Placement(pos, "hubs", annotations=annotations)
        pos, annotations = gather_unconnected(h, force_layout(h))
        return Placement(pos, "kracht", "Er staan geen hubs in deze selectie; daarom is de "
                         "vrije indeling (krachtenmodel) gebruikt.",
                         annotations=annotations)  # fmt: skip
    if indeling == "wijken":
        found = wijk_layout(h, nodes)
        if found is not None:
            return Placement(found[0], "wijken", annotations=found[1])
        pos, annotations = gather_unconnected(h, force_layout(h))
        return Placement(pos, "kracht", "Er staan geen wijken of scholen in deze selectie; "
                         "daarom is de vrije indeling (krachtenmodel) gebruikt.",
                         annotations=annotations)  # fmt: skip
    pos, annotations = gather_unconnected(h, force_layout(h))
    return Placement(pos, "kracht", annotations=annotations)
