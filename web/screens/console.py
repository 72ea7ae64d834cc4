"""The console's answer: the query run, its values as text, and the nodes in it as a
network (:func:`answer`, run in a child process by the view).

Also the form's own checks (parameters must be a JSON object) and example parameters
for the named queries.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx

from lea_graph import model
from lea_graph.cypher import Statement
from lea_graph.store import Store
from web import services
from web.vis import VisNetwork, kind_legend, layout

__all__ = [
    "ConsoleInputError",
    "Limits",
    "Table",
    "answer",
    "cell_text",
    "network_data",
    "parse_params",
    "sample_params",
]


class ConsoleInputError(ValueError):
    """The form itself is wrong (e.g. parameters that are not a JSON object)."""


# -- input -----------------------------------------------------------------------------------


def _no_constant(name: str) -> Any:
    raise ConsoleInputError(f"De parameters bevatten '{name}'; dat is geen geldig JSON-getal.")


def parse_params(text: str) -> dict[str, Any]:
    """The parameters field: empty, or a JSON object."""
    if not text.strip():
        return {}
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ConsoleInputError(
            f"De parameters zijn geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}). "
            'Gebruik een JSON-object, zoals {"wijk": "w-noord"}.'
        ) from exc
    if not isinstance(value, dict):
        raise ConsoleInputError(
            'De parameters moeten een JSON-object zijn, zoals {"wijk": "w-noord"}.'
        )
    return value


def sample_params(st: Statement) -> dict[str, Any]:
    """Example values for a named query: the first wijk, hub and partner of the network."""

    def first(kind: str) -> str | None:
        return next((n["id"] for n in services.nodes_of(kind)), None)

    samples = {"wijk": first("wijk"), "hub": first("hub"), "id": first("partner"), "term": "a"}
    return {p.name: samples.get(p.name, p.default) for p in st.params}


# -- showing values --------------------------------------------------------------------------


def _is_node(v: Any) -> bool:
    return isinstance(v, dict) and {"labels", "properties", "_intern"} <= v.keys()


def _is_edge(v: Any) -> bool:
    return isinstance(v, dict) and {"type", "properties", "_van", "_naar"} <= v.keys()


def _is_path(v: Any) -> bool:
    return (
        isinstance(v, dict)
        and set(v) == {"nodes", "edges"}
        and isinstance(v["nodes"], list)
        and all(_is_node(n) for n in v["nodes"])
    )


def _node_text(v: dict[str, Any]) -> str:
    props = v.get("properties") or {}
    name = props.get("naam") or props.get("id") or v.get("id") or f"#{v['_intern']}"
    labels = "".join(f":{label}" for label in v.get("labels") or [])
    return f"{name} ({labels})" if labels else str(name)


def _compact(v: Any) -> Any:
    """Nodes, edges and paths inside lists and maps replaced by their short text."""
    if _is_node(v):
        return _node_text(v)
    if _is_edge(v):
        return f":{v['type']}"
    if _is_path(v):
        return " – ".join(_node_text(n) for n in v["nodes"])
    if isinstance(v, dict):
        return {k: _compact(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_compact(x) for x in v]
    return v


def cell_text(v: Any) -> str:
    """One result value as plain text (the template escapes it)."""
    v = _compact(v)
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return v
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    if isinstance(v, dict | list):
        return json.dumps(v, ensure_ascii=False, separators=(", ", ": "), default=str)
    return str(v)


# -- the network -----------------------------------------------------------------------------


def _collect(v: Any, nodes: dict[Any, dict], edges: list[dict]) -> None:
    if _is_node(v):
        nodes.setdefault(v["_intern"], v)
    elif _is_edge(v):
        edges.append(v)
    elif isinstance(v, dict):
        for x in v.values():
            _collect(x, nodes, edges)
    elif isinstance(v, list):
        for x in v:
            _collect(x, nodes, edges)


def _node_title(v: dict[str, Any]) -> str:
    props = v.get("properties") or {}
    kind = props.get("kind", "")
    nk = next((k for k in model.NODE_KINDS if k.kind == kind), None)
    what = nk.singular.capitalize() if nk else ":".join(v.get("labels") or []) or "Knoop"
    parts = [f"{what}: {props.get('naam') or props.get('id') or ''}"]
    if props.get("id"):
        parts.append(f"id: {props['id']}")
    return "\n".join(parts)


def network_data(rows: list[list[Any]], cap: int) -> dict[str, Any] | None:
    """vis-network data for the nodes in a result and the edges between them (or None)."""
    nodes: dict[Any, dict] = {}
    edges: list[dict] = []
    for row in rows:
        _collect(row, nodes, edges)
    if not nodes:
        return None
    total = len(nodes)
    kept = dict(list(nodes.items())[:cap])
    vis_id: dict[Any, str] = {}
    used: set[str] = set()
    for intern, v in kept.items():
        pid = (v.get("properties") or {}).get("id")
        key = str(pid) if pid is not None and str(pid) not in used else f"intern-{intern}"
        vis_id[intern] = key
        used.add(key)
    links: dict[tuple, dict] = {}
    for e in edges:
        a, b = vis_id.get(e["_van"]), vis_id.get(e["_naar"])
        if a is None or b is None:
            continue
        props = json.dumps(e.get("properties") or {}, sort_keys=True, default=str)
        links.setdefault((a, b, e["type"], props), e)
    g = nx.Graph()
    g.add_nodes_from(vis_id.values())
    g.add_edges_from((a, b) for a, b, _, _ in links)
    pos = layout(g)  # spring layout per connected part, as on the network page
    vis = VisNetwork(arrows=True)
    for intern, v in kept.items():
        props = v.get("properties") or {}
        label = str(props.get("naam") or props.get("id") or f"#{intern}")
        vis.add_node(vis_id[intern], label=label, title=_node_title(v),
                     kind=props.get("kind", ""), size=14, position=pos[vis_id[intern]])  # fmt: skip
    for a, b, rtype, _ in links:
        vis.add_edge(a, b, title=f":{rtype}", label=rtype.lower().replace("_", " "))
    present = {(v.get("properties") or {}).get("kind") for v in kept.values()}
    return {
        "nodes": vis.nodes,
        "edges": vis.edges,
        "options": vis.options(),
        "legend": kind_legend(present),
        "total": total,
    }


# -- the answer ------------------------------------------------------------------------------


@dataclass
class Table:
    """A query's answer as text: columns, rows of cell texts, whether rows were left off
    (more than the row cap), whether the answer was cut at its size cap, and how long the
    database took."""

    columns: list[str]
    rows: list[list[str]]
    truncated: bool
    cut: bool
    elapsed_ms: float


@dataclass(frozen=True)
class Limits:
    """The console's limits (``CONSOLE_*`` and ``NODE_CAP`` of the app's settings)."""

    timeout_ms: int
    max_rows: int
    max_bytes: int
    memory_mb: int
    node_cap: int

    @classmethod
    def of(cls, config: Any) -> Limits:
        return cls(
            timeout_ms=int(config["CONSOLE_TIMEOUT_MS"]),
            max_rows=int(config["CONSOLE_MAX_ROWS"]),
            max_bytes=int(config["CONSOLE_MAX_BYTES"]),
            memory_mb=int(config["CONSOLE_MAX_MEMORY_MB"]),
            node_cap=int(config.get("NODE_CAP", 1500)),
        )


def answer(store: Store, cypher: str, params: dict[str, Any], limits: Limits) -> Iterator[Any]:
    """Run a console query and yield its :class:`Table`, then its :func:`network_data`.

    Meant for :func:`lea_graph.store.sandbox.run` (the view runs it in a child process
    with the time and memory limits): the rows are cut to ``limits.max_rows`` and
    ``limits.max_bytes`` of text by :meth:`lea_graph.store.Store.read_only` before any
    text is made, and the network drawing, the slow part, comes last, so a drawing that
    runs out of time does not cost the table.
    """
    started = time.perf_counter()
    result = store.read_only(
        cypher,
        params,
        timeout_ms=limits.timeout_ms,
        max_rows=limits.max_rows,
        max_bytes=limits.max_bytes,
    )
    elapsed_ms = (time.perf_counter() - started) * 1000
    rows = [[cell_text(v) for v in row] for row in result.rows]
    yield Table(result.columns, rows, result.truncated, result.cut, elapsed_ms)
    yield network_data(result.rows, limits.node_cap)
