"""/partners, /scholen, /programmas and the page of each partner, school and programme."""

from __future__ import annotations

from flask import Blueprint

from lea_graph import uitnodigingen
from lea_graph.users import RANK
from web import services
from web.auth import current_user
from web.pages import render_screen
from web.screens.partner import partner_screen, partners_screen
from web.screens.programma import programma_screen, programmas_screen
from web.screens.school import scholen_screen, school_screen

bp = Blueprint("entiteiten", __name__)


@bp.route("/partners")
def partners():
    return render_screen("lijst.html", partners_screen(services.schooljaar()), title="Partners")


@bp.route("/partner/<node_id>")
def partner(node_id: str):
    screen = partner_screen(node_id, services.schooljaar())
    invitation = None
    user = current_user()
    if user and RANK[user["rol"]] >= RANK["coordinator"]:
        entries = uitnodigingen.load_invitations(
            uitnodigingen.invitations_file(services.data_dir())
        )
        invitation = uitnodigingen.state(entries.get(node_id))
    return render_screen("partner.html", screen, uitnodiging=invitation)


@bp.route("/scholen")
def scholen():
    screen = scholen_screen(services.schooljaar())
    return render_screen("lijst.html", screen, title="Scholen en opvanglocaties")


@bp.route("/school/<node_id>")
def school(node_id: str):
    return render_screen("school.html", school_screen(node_id, services.schooljaar()))


@bp.route("/programmas")
def programmas():
    screen = programmas_screen(services.schooljaar())
    return render_screen("lijst.html", screen, title="Programma's")


@bp.route("/programma/<node_id>")
def programma(node_id: str):
    return render_screen("programma.html", programma_screen(node_id, services.schooljaar()))
