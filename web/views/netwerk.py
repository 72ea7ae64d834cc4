"""/netwerk: the interactive network with filters, search, colours, sizes, layouts, a
side panel, downloads of the picture and the same view as a table."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from web.db import meta
from web.indeling import LAYOUTS
from web.netview import KIND_STYLE
from web.pages import download, render_page
from web.screens.netwerk import (
    KIND_CHOICES,
    export_facts,
    gemeenten,
    node_table,
    options,
    view_data,
    view_filter,
)

bp = Blueprint("netwerk", __name__)


@bp.route("/netwerk")
def index():
    f = view_filter()
    data = view_data(f)
    table = node_table(f)
    # The table is the text alternative of the canvas, so it holds every drawn node (at
    # most the node cap): it is not passed as one of the page's tables, which would cut
    # it to the first rows; its downloads are answered here.
    if request.args.get("download") == table.id:
        return download(table, request.args.get("format", "csv"))
    return render_page(
        "netwerk.html",
        f=f,
        data=data,
        node_table=table,
        layouts=LAYOUTS,
        wijken=options("wijk"),
        gemeenten=gemeenten(),
        hubs=options("hub"),
        clusters=options("cluster"),
        kind_choices=KIND_CHOICES,
        kind_style=KIND_STYLE,
        export=export_facts(f, meta()),
    )


@bp.route("/netwerk/data.json")
def data():
    return jsonify(view_data(view_filter()))
