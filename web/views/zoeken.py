"""Search by name across the whole network (case- and accent-insensitive)."""

from __future__ import annotations

from flask import Blueprint, request

from lea_graph import model
from web.db import get_store
from web.pages import render_page
from web.screens import Screen, node_url

bp = Blueprint("zoeken", __name__)


def search_screen(text: str) -> Screen:
    hits = get_store().query("zoeken", term=text, limit=60) if text.strip() else []
    for h in hits:
        h["url"] = node_url(h["kind"], h["id"])
        kind = next((nk for nk in model.NODE_KINDS if nk.kind == h["kind"]), None)
        h["soort"] = kind.singular if kind else h["kind"]
    return Screen(info={"zoekterm": text, "resultaten": hits})


@bp.route("/zoeken")
def index():
    text = request.args.get("q", "")[:100]
    screen = search_screen(text)
    return render_page("zoeken.html", screen=screen, q=text)
