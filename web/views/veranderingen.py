"""/veranderingen: what changed between two versions or two schooljaren."""

from __future__ import annotations

from flask import Blueprint

from web.pages import render_screen
from web.params import chosen_screen

bp = Blueprint("veranderingen", __name__)


@bp.route("/veranderingen")
def index():
    chosen, screen = chosen_screen()
    return render_screen("veranderingen.html", screen, chosen=chosen)
