"""The network view: the filter from the query string, the view data it gives, and the
same view as a table (the text alternative of the canvas)."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, request, url_for

from lea_graph import model, tijd
from lea_graph.text import fold
from web import services
from web.indeling import DEFAULT_LAYOUT, LAYOUTS
from web.netview import DEFAULT_KINDS, KIND_STYLE, ViewFilter
from web.screens import COLUMNS, node_url
from web.tables import Col, Table, num

__all__ = [
    "FIRST_KINDS",
    "KIND_CHOICES",
    "export_facts",
    "gemeenten",
    "node_table",
    "options",
    "view_data",
    "view_filter",
]

KIND_CHOICES = [(nk.kind, nk.plural.capitalize()) for nk in model.NODE_KINDS]
#: What the whole network shows when nothing is chosen: the hubs and the partners, each
#: with a readable name. Schools, wijken and programmes are a tick away (``soort``); a
#: link that narrows the view (a wijk, hub, cluster, gemeente or node) shows every kind.
FIRST_KINDS = ("hub", "partner")
#: The layout of that first view: the hubs in the middle, each with its members.
FIRST_LAYOUT = "hubs"
#: The query values that narrow the view.
NARROWING = ("wijk", "gemeente", "hub", "cluster", "rond")


def view_filter(args=None) -> ViewFilter:
    """The filter from the query string, checked against the data (404 on unknown ids).

    The ids are checked against :func:`web.services.node_kinds`, not the graph, so that a
    restarted explorer draws a view it already computed without reading the network.
    """
    args = args or request.args
    kinds_of = services.node_kinds()

    def node_arg(name: str, kind: str) -> str | None:
        value = args.get(name) or None
        if value is not None and kinds_of.get(value) != kind:
            abort(404, description=f"Er is geen {model.node_kind(kind).singular} met id '{value}'.")
        return value

    gemeente = args.get("gemeente") or None
    if gemeente is not None and gemeente not in gemeenten():
        abort(404, description=f"Er is geen gemeente '{gemeente}' in de gegevens.")
    # Sorted and without repeats: views that show the same share one cache key.
    narrowed = any(args.get(name) for name in NARROWING)
    default = DEFAULT_KINDS if narrowed else FIRST_KINDS
    kinds = tuple(sorted({k for k in args.getlist("soort") if k in KIND_STYLE} or default))
    center = args.get("rond") or None
    if center is not None and center not in kinds_of:
        abort(404, description=f"Er is geen knoop met id '{center}'.")
    return ViewFilter(
        wijk=node_arg("wijk", "wijk"),
        gemeente=gemeente,
        hub=node_arg("hub", "hub"),
        cluster=node_arg("cluster", "cluster"),
        center=center,
        kinds=kinds,
        schooljaar=services.schooljaar(),
        colour="gemeenschap" if args.get("kleur") == "gemeenschap" else "soort",
        size="betweenness" if args.get("grootte") == "betweenness" else "graad",
        layout=args.get("indeling")
        if args.get("indeling") in LAYOUTS
        else DEFAULT_LAYOUT
        if narrowed
        else FIRST_LAYOUT,
    )


def view_data(f: ViewFilter) -> dict:
    def compute() -> dict:
        return services.network_view(f, _node_cap())

    return services.cached(("view", *_view_key(f)), compute)


def _node_cap() -> int:
    return int(current_app.config.get("NODE_CAP", 1500))


def _view_key(f: ViewFilter) -> tuple:
    """What a drawn view depends on: the filter and the node cap."""
    return (
        f.wijk, f.gemeente, f.hub, f.cluster, f.center, f.kinds, f.schooljaar,
        f.colour, f.size, f.layout, _node_cap(),
    )  # fmt: skip


def gemeenten() -> list[str]:
    """The gemeenten named by wijken and hubs, sorted (empty for one unnamed gemeente)."""

    def compute() -> list[str]:
        named = {
            str(d["gemeente"])
            for kind in ("wijk", "hub")
            for d in services.nodes_of(kind)
            if d.get("gemeente")
        }
        return sorted(named, key=fold)

    return services.cached(("gemeenten",), compute)


def options(kind: str) -> list[tuple[str, str]]:
    """The (id, name) of every node of ``kind``, sorted by name (kept per version, so
    that the choices of a page do not need the network read from the store)."""

    def compute() -> dict[str, list[tuple[str, str]]]:
        names = services.names()
        ids: dict[str, list[str]] = {}
        for n, kind in services.node_kinds().items():
            ids.setdefault(kind or "", []).append(n)
        return {
            k: sorted(((n, names[n]) for n in members), key=lambda x: fold(x[1]))
            for k, members in ids.items()
        }

    return services.cached(("keuzes",), compute).get(kind, [])


def _url(row: dict[str, Any]) -> str | None:
    return row.get("url")


def _neighbour_links(row: dict[str, Any]) -> list:
    return row.get("buren_links", [])


#: The columns of the network as a table.
TABLE_COLUMNS = [
    Col("naam", "Naam", link=_url),
    Col("soort", "Soort"),
    COLUMNS["wijk_naam"],
    Col("stadsdeel", "Stadsdeel"),
    num("verbindingen", "Verbindingen", help="Het aantal lijnen van deze knoop in het netwerk."),
    Col("buren", "Verbonden met", kind="links", link=_neighbour_links),
]


def _group_url(summary: dict[str, Any]) -> str | None:
    expand = summary.get("expand") or {}
    if "wijk" in expand:
        return node_url("wijk", expand["wijk"])
    return url_for("netwerk.index", **expand) if expand else None


def _node_row(facts: dict[str, dict[str, Any]], node: dict[str, Any]) -> dict[str, Any]:
    """A row of the table for one drawn node (its neighbours are added after)."""
    summary = node.get("summary")
    if summary is not None:
        level = summary.get("level")
        return {
            "id": node["id"],
            "naam": summary.get("naam", ""),
            "url": _group_url(summary),
            "soort": "Wijk (samengevoegd)" if level == "wijk" else "Gemeente (samengevoegd)",
            "wijk": None,
            "wijk_naam": "",
            "stadsdeel": "",
        }
    d = facts.get(node["id"]) or {
        "kind": str(node.get("kind", "")),
        "naam": str(node["id"]),
        "wijk": None,
        "wijk_naam": "",
        "stadsdeel": "",
        "bron": "",
    }
    kind = d["kind"]
    known = kind in {k.kind for k in model.NODE_KINDS}
    return {
        "id": node["id"],
        "naam": d["naam"],
        "url": node_url(kind, node["id"]),
        "soort": model.node_kind(kind).singular.capitalize() if known else kind,
        "wijk": d["wijk"],
        "wijk_naam": d["wijk_naam"],
        "stadsdeel": d["stadsdeel"],
        "bron": d["bron"],
    }


def node_table(f: ViewFilter) -> Table:
    """The drawn view of ``f`` as a table: every node with its kind, wijk, number of connections
    and the names of the nodes it is connected to (each a link to its page).

    This is the text alternative of the canvas (WCAG 1.1.1): the same nodes and lines,
    readable and sortable without a mouse.

    Parameters
    ----------
    f
        The filter of the view (:func:`view_data`).
    """
    return services.cached(("view_table", *_view_key(f)), lambda: _node_table(view_data(f)))


def _node_table(data: dict[str, Any]) -> Table:
    facts = services.node_facts([n["id"] for n in data["nodes"] if n.get("summary") is None])
    rows = {n["id"]: _node_row(facts, n) for n in data["nodes"]}
    neighbours: dict[str, set[str]] = {n: set() for n in rows}
    for e in data["edges"]:
        if e["from"] in rows and e["to"] in rows and e["from"] != e["to"]:
            neighbours[e["from"]].add(e["to"])
            neighbours[e["to"]].add(e["from"])
    for node_id, row in rows.items():
        others = sorted(neighbours[node_id], key=lambda n: (fold(rows[n]["naam"]), n))
        row["verbindingen"] = len(others)
        row["buren"] = [rows[n]["naam"] for n in others]
        row["buren_links"] = [(rows[n]["naam"], rows[n]["url"]) for n in others]
    ordered = sorted(rows.values(), key=lambda r: (fold(r["soort"]), fold(r["naam"]), r["id"]))
    return Table(
        "knopen",
        "Het netwerk als tabel",
        TABLE_COLUMNS,
        ordered,
        "Dezelfde knopen en lijnen als in de netwerkweergave hierboven, met dezelfde "
        "filters. 'Verbindingen' telt de lijnen van een knoop in deze weergave; 'Verbonden "
        "met' noemt de knopen aan de andere kant. Een naam opent de pagina van die knoop.",
        empty="Er zijn geen knopen in deze selectie.",
    )


def export_facts(f: ViewFilter, info: dict[str, Any] | None = None) -> dict[str, str]:
    """What a downloaded drawing says besides the network: the active filters, the day
    (Dutch time) and the source line (``info``: what is loaded, :func:`web.db.meta`)."""
    names = services.names()
    parts = []
    for key, word in (("gemeente", "Gemeente"), ("wijk", "Wijk"), ("hub", "Hub"),
                      ("cluster", "Cluster"), ("center", "Rond")):  # fmt: skip
        value = getattr(f, key)
        if value:
            parts.append(f"{word}: {names.get(value, value)}")
    chosen = [label.lower() for kind, label in KIND_CHOICES if kind in f.kinds]
    parts.append("Soorten: " + ", ".join(chosen))
    if f.schooljaar:
        parts.append(f"Schooljaar: {f.schooljaar}")
    parts.append(f"Indeling: {LAYOUTS.get(f.layout, f.layout)}")
    info = info or {}
    source = "Bron: LEA Graph, het netwerk van Lokale Educatieve Agenda Tilburg"
    if info.get("bron"):
        source += f", uit {str(info['bron']).replace(' (seed/tilburg)', '')}"
    if info.get("geladen_op"):
        source += f", versie geladen op {tijd.tijd_nl(info['geladen_op'])}"
    return {
        "filters": " · ".join(parts),
        "date": tijd.datum_nl(tijd.today()),
        "source": source + ".",
    }
