"""/ : the overview."""

from __future__ import annotations

from flask import Blueprint, Response

from lea_graph import tijd
from web import services
from web.auth import current_user, has_role
from web.pages import render_screen
from web.screens.overzicht import overzicht_screen
from web.screens.samenwerking import samenwerking_screen

bp = Blueprint("overzicht", __name__)


@bp.route("/")
def index():
    screen = overzicht_screen(services.schooljaar())
    # Not kept with the screen: it depends on today's date as well as on the network.
    current = services.actualiteit(tijd.today())
    return render_screen("overzicht.html", screen, actualiteit=current)


@bp.route("/rapport.pdf")
def rapport():
    """The report to bring to a meeting (A4, Dutch), for the chosen schooljaar."""
    year = services.schooljaar()
    name = f"lea-rapport-{year or 'alle-jaren'}.pdf"
    # The samenwerkingsmonitor's section only for a logged-in reader, as /samenwerking.
    monitor = None
    if current_user() is not None:
        screen = samenwerking_screen(None, has_role("coordinator"))
        monitor = screen.to_json() if screen is not None else None
    return Response(
        services.report_pdf(year, monitor),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
