"""/kaart: the wijken on a map, coloured by a figure; and /api/kaart, its figures.

The JSON answer is a route of the API blueprint (``api.api_kaart``, beside the other
``/api/…`` answers); :func:`web.create_app` imports this module before it registers
the blueprints, so the route is there when the API blueprint is registered.
"""

from __future__ import annotations

from flask import Blueprint, jsonify

from web.pages import render_screen
from web.screens.kaart import kaart_keuze, kaart_screen
from web.views.api import bp as api

bp = Blueprint("kaart", __name__)


@bp.route("/kaart")
def index():
    return render_screen("kaart.html", kaart_screen(kaart_keuze()))


@api.route("/kaart")
def api_kaart():
    """The figures per wijk of the map, its legend and the wijken without a boundary."""
    return jsonify(kaart_screen(kaart_keuze()).to_json())
