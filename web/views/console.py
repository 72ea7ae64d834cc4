"""Console: a beheerder runs one read-only Cypher query on the loaded network.

The query passes :meth:`lea_graph.store.Store.read_only`: the guard of
:mod:`lea_graph.store.guard`, then the store's own read-only mode, with the time limit
``CONSOLE_TIMEOUT_MS`` and the row cap ``CONSOLE_MAX_ROWS``. Parameters are a JSON
object and reach the database only as parameters. The result is shown as a table of
escaped text; nodes (and the edges between them) are also drawn as a network, whose
data sits in a JSON block on the page (no inline script, so the page works under the
Content-Security-Policy). Refused queries and database errors give a Dutch message with
status 400.
"""

from __future__ import annotations

import json
import math
import time
from typing import Any

import networkx as nx
from flask import Blueprint, abort, current_app, request

from lea_graph import model
from lea_graph.cypher import Statement, named_queries
from lea_graph.store import StoreError, StoreUnavailable
from lea_graph.text import number
from web import services
from web.auth import current_user
from web.db import get_store
from web.netview import KIND_STYLE, _layout
from web.pages import render_page

bp = Blueprint("console", __name__)

#: Longest query text the console accepts (characters).
MAX_QUERY_CHARS = 20_000
#: Network data block id (``data-json`` of the network element).
NETWORK_ID = "console-netwerk"


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
    g = services.graph()

    def first(kind: str) -> str | None:
        return next((n for n, d in g.nodes(data=True) if d.get("kind") == kind), None)

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
    pos = _layout(g)  # spring layout per connected part, as on the network page
    vis_nodes = []
    for intern, v in kept.items():
        props = v.get("properties") or {}
        colour, shape = KIND_STYLE.get(props.get("kind", ""), ("#777777", "dot"))
        label = str(props.get("naam") or props.get("id") or f"#{intern}")
        x, y = pos[vis_id[intern]]
        vis_nodes.append(
            {
                "id": vis_id[intern],
                "label": label if len(label) <= 28 else label[:27] + "…",
                "title": _node_title(v),
                "color": colour,
                "shape": shape,
                "size": 14,
                "x": round(float(x), 1),
                "y": round(float(y), 1),
            }
        )
    vis_edges = [
        {"from": a, "to": b, "title": f":{rtype}", "label": rtype.lower().replace("_", " ")}
        for a, b, rtype, _ in links
    ]
    present = {(v.get("properties") or {}).get("kind") for v in kept.values()}
    kinds = [k for k in KIND_STYLE if k in present]
    return {
        "nodes": vis_nodes,
        "edges": vis_edges,
        "options": {
            "physics": {"enabled": False},
            "edges": {
                "smooth": False,
                "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                "color": {"color": "#9aa4ad", "highlight": "#1d2b36"},
                "font": {"size": 10, "color": "#5a6570", "strokeWidth": 0},
            },
            "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
            "nodes": {"font": {"size": 14, "face": "sans-serif", "color": "#1d2b36"}},
        },
        "legend": [
            {
                "label": model.node_kind(k).plural.capitalize(),
                "colour": KIND_STYLE[k][0],
                "shape": KIND_STYLE[k][1],
            }
            for k in kinds
        ],
        "total": total,
    }


# -- the page --------------------------------------------------------------------------------


@bp.route("/console", methods=["GET", "POST"])
def index():
    examples = named_queries()
    cypher, params_text = "", ""
    chosen = None
    result = None
    error = ""
    status = 200
    elapsed_ms = None
    net = None
    if request.method == "POST":
        cypher = request.form.get("cypher", "")
        params_text = request.form.get("parameters", "")
        config = current_app.config
        try:
            if len(cypher) > MAX_QUERY_CHARS:
                raise ConsoleInputError(
                    f"De vraag is te lang (meer dan {number(MAX_QUERY_CHARS)} tekens)."
                )
            params = parse_params(params_text)
            user = current_user() or {}
            # No query text in the log: it can hold data values. Who, and how long, is enough.
            current_app.logger.info(
                "Console-vraag door %s (%d tekens)", user.get("naam", "?"), len(cypher)
            )
            started = time.perf_counter()
            result = get_store().read_only(
                cypher,
                params,
                timeout_ms=int(config["CONSOLE_TIMEOUT_MS"]),
                max_rows=int(config["CONSOLE_MAX_ROWS"]),
            )
            elapsed_ms = (time.perf_counter() - started) * 1000
            net = network_data(result.rows, int(config.get("NODE_CAP", 1500)))
        except StoreUnavailable:
            raise  # the app's 503 page
        except (ConsoleInputError, StoreError) as exc:
            error, status, result = str(exc), 400, None
    elif request.args.get("voorbeeld"):
        chosen = examples.get(request.args["voorbeeld"])
        if chosen is None:
            abort(404, description=f"Er is geen voorbeeldvraag '{request.args['voorbeeld']}'.")
        cypher = f"// {chosen.title}\n{chosen.cypher}"
        params = sample_params(chosen)
        params_text = json.dumps(params, ensure_ascii=False, indent=2) if params else ""
    rows = [[cell_text(v) for v in row] for row in result.rows] if result else []
    page = render_page(
        "console.html",
        examples=examples,
        chosen=chosen,
        cypher=cypher,
        params_text=params_text,
        result=result,
        rows=rows,
        error=error,
        elapsed_ms=elapsed_ms,
        net=net,
        net_id=NETWORK_ID,
        max_rows=int(current_app.config["CONSOLE_MAX_ROWS"]),
        timeout_s=int(current_app.config["CONSOLE_TIMEOUT_MS"]) / 1000,
    )
    return page, status
