"""/veranderingen: what changed between two versions or two schooljaren."""

from __future__ import annotations

from flask import Blueprint, request

from web import services
from web.pages import render_screen
from web.screens.veranderingen import choice, veranderingen_screen

bp = Blueprint("veranderingen", __name__)


def chosen_screen():
    """The screen for the comparison the page's parameters ask for."""
    chosen = choice(request.args.to_dict())
    if chosen["vergelijk"] == "jaren":
        return chosen, veranderingen_screen("jaren", chosen["jaar_voor"], chosen["jaar_na"], None)
    year = services.schooljaar()
    return chosen, veranderingen_screen("versies", chosen["voor"], chosen["na"], year)


@bp.route("/veranderingen")
def index():
    chosen, screen = chosen_screen()
    return render_screen("veranderingen.html", screen, chosen=chosen)
