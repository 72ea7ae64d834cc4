"""The JSON API: the same data as the pages (``?schooljaar=`` works everywhere)."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from web import services
from web.db import get_store
from web.views import analyses, entiteiten, hubs, netwerk, overzicht, wijken, zoeken

bp = Blueprint("api", __name__, url_prefix="/api")

#: path → (description) for the documentation on /gegevens and in the README.
ENDPOINTS = {
    "/api/stats": "wat er geladen is: aantallen, versie, moment",
    "/api/overzicht": "aantallen, LEA-doelen, dekking, grootste gaten en suggesties",
    "/api/wijken": "alle wijken met hun kerncijfers",
    "/api/wijk/<id>": "wie doet wat in een wijk, scholen, gaten, kandidaten en bereik",
    "/api/hubs": "alle hubs",
    "/api/hub/<id>": "leden, bereik per wijk, gaten en kandidaten van een hub",
    "/api/partners": "alle partners",
    "/api/partner/<id>": "activiteiten, wijkinzet, samenwerkingen en programma's van een partner",
    "/api/scholen": "alle scholen en opvanglocaties",
    "/api/school/<id>": "activiteiten en domeinen van een locatie",
    "/api/programmas": "alle programma's",
    "/api/programma/<id>": "partners, activiteiten en wijkinzet van een programma",
    "/api/analyses/<naam>": "een analyse: gaten, ontbrekende-verbanden, isolement, makelaars, gemeenschappen, doelen",
    "/api/zoeken?q=<tekst>": "zoeken op naam",
    "/api/knoop/<id>": "een knoop met al zijn relaties",
    "/api/netwerk": "de netwerkweergave (filters als op de pagina Netwerk)",
}


@bp.route("/stats")
def stats():
    return jsonify(services.stats())


@bp.route("/overzicht")
def api_overzicht():
    return jsonify(overzicht.overzicht_screen(services.schooljaar()).to_json())


@bp.route("/wijken")
def api_wijken():
    return jsonify(wijken.wijken_screen(services.schooljaar()).to_json())


@bp.route("/wijk/<node_id>")
def api_wijk(node_id: str):
    return jsonify(wijken.wijk_screen(node_id, services.schooljaar()).to_json())


@bp.route("/hubs")
def api_hubs():
    return jsonify(hubs.hubs_screen(services.schooljaar()).to_json())


@bp.route("/hub/<node_id>")
def api_hub(node_id: str):
    return jsonify(hubs.hub_screen(node_id, services.schooljaar()).to_json())


@bp.route("/partners")
def api_partners():
    return jsonify(entiteiten.partners_screen(services.schooljaar()).to_json())


@bp.route("/partner/<node_id>")
def api_partner(node_id: str):
    return jsonify(entiteiten.partner_screen(node_id, services.schooljaar()).to_json())


@bp.route("/scholen")
def api_scholen():
    return jsonify(entiteiten.scholen_screen(services.schooljaar()).to_json())


@bp.route("/school/<node_id>")
def api_school(node_id: str):
    return jsonify(entiteiten.school_screen(node_id, services.schooljaar()).to_json())


@bp.route("/programmas")
def api_programmas():
    return jsonify(entiteiten.programmas_screen(services.schooljaar()).to_json())


@bp.route("/programma/<node_id>")
def api_programma(node_id: str):
    return jsonify(entiteiten.programma_screen(node_id, services.schooljaar()).to_json())


@bp.route("/analyses/<slug>")
def api_analyse(slug: str):
    if slug not in analyses.ANALYSES:
        abort(404, description=f"Er is geen analyse '{slug}'.")
    return jsonify(analyses.analysis_screen(slug, services.schooljaar()).to_json())


@bp.route("/zoeken")
def api_zoeken():
    return jsonify(zoeken.search_screen(request.args.get("q", "")[:100]).to_json())


@bp.route("/knoop/<node_id>")
def api_knoop(node_id: str):
    """A node with its direct relations: what the network view's side panel shows."""
    node = services.node(node_id)
    from web.screens import node_url

    rows = get_store().query("omgeving", id=node_id, limit=500)
    links = []
    for r in rows:
        if r.get("buur") is None:
            continue
        props = {
            k: v for k, v in (r.get("relatie_props") or {}).items() if k not in ("kind", "rij")
        }
        links.append(
            {
                "relatie": r["relatie"],
                "richting": "uit" if r["uitgaand"] else "in",
                "buur": r["buur"],
                "buur_soort": r["buur_kind"],
                "buur_naam": r["buur_naam"],
                "buur_url": node_url(r["buur_kind"], r["buur"]),
                "eigenschappen": props,
            }
        )
    links.sort(key=lambda x: (x["relatie"] or "", str(x["buur_naam"])))
    props = {k: v for k, v in node.items() if k not in ("zoeknaam", "rij")}
    return jsonify(
        {"knoop": props, "url": node_url(node.get("kind", ""), node_id), "relaties": links}
    )


@bp.route("/netwerk")
def api_netwerk():
    return jsonify(netwerk.view_data(netwerk.view_filter()))
