"""/wijken and /wijk/<id>."""

from __future__ import annotations

from flask import Blueprint

from web import services
from web.pages import render_screen
from web.screens.wijk import wijk_screen, wijken_screen

bp = Blueprint("wijken", __name__)


@bp.route("/wijken")
def index():
    return render_screen("lijst.html", wijken_screen(services.schooljaar()), title="Wijken")


@bp.route("/wijk/<node_id>")
def wijk(node_id: str):
    return render_screen("wijk.html", wijk_screen(node_id, services.schooljaar()))
