"""The network view: the filter from the query string, and the view data it gives."""

from __future__ import annotations

from flask import abort, current_app, request

from lea_graph import model
from lea_graph.text import fold
from web import services
from web.netview import DEFAULT_KINDS, KIND_STYLE, ViewFilter, build_view

__all__ = ["KIND_CHOICES", "gemeenten", "options", "view_data", "view_filter"]

KIND_CHOICES = [(nk.kind, nk.plural.capitalize()) for nk in model.NODE_KINDS]


def view_filter(args=None) -> ViewFilter:
    """The filter from the query string, checked against the data (404 on unknown ids)."""
    args = args or request.args
    g = services.graph()

    def node_arg(name: str, kind: str) -> str | None:
        value = args.get(name) or None
        if value is not None and g.nodes.get(value, {}).get("kind") != kind:
            abort(404, description=f"Er is geen {model.node_kind(kind).singular} met id '{value}'.")
        return value

    gemeente = args.get("gemeente") or None
    if gemeente is not None and gemeente not in gemeenten():
        abort(404, description=f"Er is geen gemeente '{gemeente}' in de gegevens.")
    kinds = tuple(k for k in args.getlist("soort") if k in KIND_STYLE) or DEFAULT_KINDS
    center = args.get("rond") or None
    if center is not None and center not in g:
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
    )


def view_data(f: ViewFilter) -> dict:
    def compute() -> dict:
        report = services.report(f.schooljaar)
        return build_view(
            services.graph(),
            f,
            cap=cap,
            communities=report.communities.membership if f.colour == "gemeenschap" else None,
            betweenness=dict(
                zip(report.brokers["partner"], report.brokers["betweenness"], strict=True)
            )
            if f.size == "betweenness"
            else None,
        ).to_json()

    cap = int(current_app.config.get("NODE_CAP", 1500))
    key = (
        "view", f.wijk, f.gemeente, f.hub, f.cluster, f.center, f.kinds, f.schooljaar,
        f.colour, f.size, cap,
    )  # fmt: skip
    return services.cached(key, compute)


def gemeenten() -> list[str]:
    """The gemeenten named by wijken and hubs, sorted (empty for one unnamed gemeente)."""

    def compute() -> list[str]:
        net = services.network()
        named = {
            str(net.attr(n, "gemeente"))
            for kind in ("wijk", "hub")
            for n in net.ids[kind]
            if net.attr(n, "gemeente")
        }
        return sorted(named, key=fold)

    return services.cached(("gemeenten",), compute)


def options(kind: str) -> list[tuple[str, str]]:
    net = services.network()
    return sorted(((n, net.name(n)) for n in net.ids[kind]), key=lambda x: fold(x[1]))
