"""/hubs and /hub/<id>."""

from __future__ import annotations

from flask import Blueprint

from web import services
from web.pages import render_screen
from web.screens.hub import hub_screen, hubs_screen

bp = Blueprint("hubs", __name__)


@bp.route("/hubs")
def index():
    return render_screen("lijst.html", hubs_screen(services.schooljaar()), title="Hubs")


@bp.route("/hub/<node_id>")
def hub(node_id: str):
    return render_screen("hub.html", hub_screen(node_id, services.schooljaar()))
