"""/netwerk: the interactive network with filters, search, colours, sizes and a side panel."""

from __future__ import annotations

from flask import Blueprint, jsonify

from web.netview import KIND_STYLE
from web.pages import render_page
from web.screens.netwerk import KIND_CHOICES, gemeenten, options, view_data, view_filter

bp = Blueprint("netwerk", __name__)


@bp.route("/netwerk")
def index():
    f = view_filter()
    return render_page(
        "netwerk.html",
        f=f,
        data=view_data(f),
        wijken=options("wijk"),
        gemeenten=gemeenten(),
        hubs=options("hub"),
        clusters=options("cluster"),
        kind_choices=KIND_CHOICES,
        kind_style=KIND_STYLE,
    )


@bp.route("/netwerk/data.json")
def data():
    return jsonify(view_data(view_filter()))
