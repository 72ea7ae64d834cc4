"""/ : the overview."""

from __future__ import annotations

from flask import Blueprint

from web import services
from web.pages import render_screen
from web.screens.overzicht import overzicht_screen

bp = Blueprint("overzicht", __name__)


@bp.route("/")
def index():
    return render_screen("overzicht.html", overzicht_screen(services.schooljaar()))
