"""/kaart: the wijken on a map, coloured by a figure (its figures as JSON: ``/api/v1/kaart``,
in :mod:`web.views.api`)."""

from __future__ import annotations

from flask import Blueprint

from web.pages import render_screen
from web.screens.kaart import kaart_keuze, kaart_screen

bp = Blueprint("kaart", __name__)


@bp.route("/kaart")
def index():
    return render_screen("kaart.html", kaart_screen(kaart_keuze()))
