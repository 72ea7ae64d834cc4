"""/scenario: what if partners stop, join a hub or start an activity."""

from __future__ import annotations

from flask import Blueprint

from lea_graph.analytics.scenario import NotInNetwork
from lea_graph.errors import LeaGraphError
from web import services
from web.pages import render_page, render_screen
from web.params import plan
from web.screens.scenario import scenario_screen

bp = Blueprint("scenario", __name__)


def choices() -> dict:
    """Partners, hubs and schools for the form, by name."""
    out: dict[str, list] = {}
    for kind in ("partner", "hub", "school"):
        items = [(d["id"], str(d.get("naam", d["id"]))) for d in services.nodes_of(kind)]
        out[kind] = sorted(items, key=lambda item: (item[1].casefold(), item[0]))
    return out


@bp.route("/scenario")
def index():
    year = services.schooljaar()
    try:
        screen = scenario_screen(*plan(), year)
    except LeaGraphError as exc:
        page = render_page("scenario.html", screen=None, error=str(exc), choices=choices())
        return page, 404 if isinstance(exc, NotInNetwork) else 400
    return render_screen("scenario.html", screen, error=None, choices=choices())
