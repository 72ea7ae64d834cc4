"""/analyses and /analyses/<slug>."""

from __future__ import annotations

from flask import Blueprint, abort

from web import services
from web.pages import render_page, render_screen
from web.screens.analyses import ANALYSES, analysis_screen

bp = Blueprint("analyses", __name__)


@bp.route("/analyses")
def index():
    services.schooljaar()
    return render_page("analyses.html", analyses=ANALYSES)


@bp.route("/analyses/<slug>")
def analysis(slug: str):
    if slug not in ANALYSES:
        abort(404, description=f"Er is geen analyse '{slug}'.")
    return render_screen("analyse.html", analysis_screen(slug, services.schooljaar()), slug=slug)
