"""/zoeken: search by name."""

from __future__ import annotations

from flask import Blueprint, request

from web.pages import render_page
from web.screens.zoeken import search_screen

bp = Blueprint("zoeken", __name__)


@bp.route("/zoeken")
def index():
    text = request.args.get("q", "")[:100]
    return render_page("zoeken.html", screen=search_screen(text), q=text)
