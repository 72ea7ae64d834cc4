"""The samenwerkingsmonitor: ``/samenwerking`` (the begeleidingsgroep's view of a closed
round, login needed also when reading is open to all) and ``/beheer/monitor`` (the
coordinator opens, follows, closes and deletes rounds).

The partners answer through their own link (:mod:`web.views.formulier`). What each role
sees is decided in :mod:`web.screens.samenwerking`.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, redirect, request, url_for

from lea_graph import model, monitor, tijd, uitnodigingen
from lea_graph.errors import LeaGraphError
from lea_graph.text import MONTHS_NL
from web import services
from web.auth import current_user, has_role
from web.db import meta
from web.pages import render_page, render_screen
from web.screens.samenwerking import ronde_beheer_screen, rondes_screen, samenwerking_screen

bp = Blueprint("samenwerking", __name__)
beheer_bp = Blueprint("monitor_beheer", __name__, url_prefix="/beheer/monitor")


@bp.route("/samenwerking")
def index():
    screen = samenwerking_screen(request.args.get("ronde") or None, has_role("coordinator"))
    if screen is None:
        if request.args.get("ronde"):
            abort(404, description="Deze ronde bestaat niet of is nog niet gesloten.")
        return render_page("samenwerking.html", screen=None, title="Samenwerking")
    return render_screen("samenwerking.html", screen, title="Samenwerking")


# -- the coordinator -------------------------------------------------------------------------------


def _ronde(ident: str) -> dict:
    found = monitor.get(services.data_dir(), ident)
    if found is None:
        abort(404, description="Deze ronde bestaat niet (meer).")
    return found


def _rondes_page(message: str = "", status: int = 200, form: dict | None = None):
    today = tijd.today()
    return (
        render_screen(
            "monitor_rondes.html",
            rondes_screen(),
            title="Samenwerkingsmonitor",
            message=message,
            jaren=model.schooljaar_keuzes(today),
            standaard_jaar=model.schooljaar_of(today),
            standaard_naam=f"Samenwerkingsmonitor {MONTHS_NL[today.month - 1]} {today.year}",
            standaard_sluit=(today + dt.timedelta(days=28)).isoformat(),
            form=form or {},
        ),
        status,
    )


@beheer_bp.route("", methods=["GET"])
def rondes():
    return _rondes_page()


@beheer_bp.route("", methods=["POST"])
def open_round():
    form = {k: request.form.get(k, "") for k in ("naam", "schooljaar", "sluit")}
    try:
        made = monitor.open_round(
            services.data_dir(),
            form["naam"],
            form["schooljaar"],
            form["sluit"],
            door=current_user()["naam"],
            versie=str(meta().get("versie", "")),
        )
    except LeaGraphError as exc:
        return _rondes_page(str(exc), 422, form)
    current_app.logger.info("Monitorronde %s geopend door %s", made["id"], current_user()["naam"])
    return redirect(url_for("monitor_beheer.ronde", ident=made["id"], geopend=1), 303)


@beheer_bp.route("/<ident>")
def ronde(ident: str):
    r = _ronde(ident)
    invitations = uitnodigingen.load_invitations(
        uitnodigingen.invitations_file(services.data_dir())
    )
    return render_screen(
        "monitor_ronde.html", ronde_beheer_screen(r, invitations), title=r["naam"], r=r
    )


@beheer_bp.route("/<ident>/sluiten", methods=["POST"])
def close(ident: str):
    r = _ronde(ident)
    try:
        monitor.close(
            services.data_dir(),
            ident,
            services.monitor_indeling(r["schooljaar"]),
            versie=str(meta().get("versie", "")),
            geladen_op=str(meta().get("geladen_op", "")),
            door=current_user()["naam"],
        )
    except LeaGraphError as exc:
        abort(409, description=str(exc))
    current_app.logger.info("Monitorronde %s gesloten door %s", ident, current_user()["naam"])
    return redirect(url_for("monitor_beheer.ronde", ident=ident, gesloten=1), 303)


@beheer_bp.route("/<ident>/verwijderen", methods=["POST"])
def delete(ident: str):
    r = _ronde(ident)
    if request.form.get("bevestig") != "ja":
        return (
            render_screen(
                "monitor_ronde.html",
                ronde_beheer_screen(r, {}),
                title=r["naam"],
                r=r,
                message="Vink aan dat u de ronde met alle antwoorden wilt verwijderen.",
            ),
            422,
        )
    monitor.delete(services.data_dir(), ident)
    current_app.logger.info("Monitorronde %s verwijderd door %s", ident, current_user()["naam"])
    return redirect(url_for("monitor_beheer.rondes", verwijderd=1), 303)


@beheer_bp.route("/<ident>/herinner/<partner_id>", methods=["POST"])
def remind(ident: str, partner_id: str):
    r = _ronde(ident)
    partner = services.node(partner_id, "partner")
    try:
        monitor.remind(services.data_dir(), ident, partner_id)
    except LeaGraphError as exc:
        abort(409, description=str(exc))
    entry = uitnodigingen.load_invitations(uitnodigingen.invitations_file(services.data_dir())).get(
        partner_id
    )
    return render_page(
        "monitor_herinnering.html",
        r=r,
        partner=partner,
        uitnodiging=(link := uitnodigingen.state(entry)),
        link_werkt=link.startswith("geldig"),
        sluit=tijd.datum_nl(r["sluit"]),
        title="Herinnering",
    )
