"""The JSON API, version 1 at ``/api/v1``: the same data as the pages (``?schooljaar=``
works everywhere).

Every answer is a screen's ``to_json()`` (:mod:`web.screens`), the same data the page
shows; ``/api/v1/openapi.json`` describes them all. The version header, problem details,
CORS and the redirects from the old ``/api/…`` paths are :mod:`web.apihttp`'s.
"""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from lea_graph.analytics.scenario import VULNERABILITY_RULE, NotInNetwork
from lea_graph.errors import LeaGraphError
from web import openapi, services
from web.apihttp import API_ROOT
from web.auth import has_role
from web.params import chosen_screen, plan
from web.screens.analyses import ANALYSES, analysis_screen
from web.screens.hub import hub_screen, hubs_screen
from web.screens.kaart import kaart_keuze, kaart_screen
from web.screens.knoop import knoop_screen
from web.screens.netwerk import view_data, view_filter
from web.screens.overzicht import overzicht_screen
from web.screens.partner import partner_screen, partners_screen
from web.screens.programma import programma_screen, programmas_screen
from web.screens.samenwerking import samenwerking_screen
from web.screens.scenario import kwetsbaarheid_table, scenario_screen
from web.screens.school import scholen_screen, school_screen
from web.screens.wijk import wijk_screen, wijken_screen
from web.screens.zoeken import search_screen

bp = Blueprint("api", __name__, url_prefix=API_ROOT)


@bp.route("/stats")
def stats():
    return jsonify(services.stats())


@bp.route("/overzicht")
def api_overzicht():
    return jsonify(overzicht_screen(services.schooljaar()).to_json())


@bp.route("/wijken")
def api_wijken():
    return jsonify(wijken_screen(services.schooljaar()).to_json())


@bp.route("/wijk/<node_id>")
def api_wijk(node_id: str):
    return jsonify(wijk_screen(node_id, services.schooljaar()).to_json())


@bp.route("/hubs")
def api_hubs():
    return jsonify(hubs_screen(services.schooljaar()).to_json())


@bp.route("/hub/<node_id>")
def api_hub(node_id: str):
    return jsonify(hub_screen(node_id, services.schooljaar()).to_json())


@bp.route("/partners")
def api_partners():
    return jsonify(partners_screen(services.schooljaar()).to_json())


@bp.route("/partner/<node_id>")
def api_partner(node_id: str):
    return jsonify(partner_screen(node_id, services.schooljaar()).to_json())


@bp.route("/scholen")
def api_scholen():
    return jsonify(scholen_screen(services.schooljaar()).to_json())


@bp.route("/school/<node_id>")
def api_school(node_id: str):
    return jsonify(school_screen(node_id, services.schooljaar()).to_json())


@bp.route("/programmas")
def api_programmas():
    return jsonify(programmas_screen(services.schooljaar()).to_json())


@bp.route("/programma/<node_id>")
def api_programma(node_id: str):
    return jsonify(programma_screen(node_id, services.schooljaar()).to_json())


@bp.route("/analyses/<slug>")
def api_analyse(slug: str):
    if slug not in ANALYSES:
        abort(404, description=f"Er is geen analyse '{slug}'.")
    return jsonify(analysis_screen(slug, services.schooljaar()).to_json())


@bp.route("/zoeken")
def api_zoeken():
    return jsonify(search_screen(request.args.get("q", "")[:100]).to_json())


@bp.route("/knoop/<node_id>")
def api_knoop(node_id: str):
    """A node with its direct relations: what the network view's side panel shows."""
    return jsonify(knoop_screen(node_id).info)


@bp.route("/netwerk")
def api_netwerk():
    return jsonify(view_data(view_filter()))


@bp.route("/kaart")
def api_kaart():
    """The figures per wijk of the map, its legend and the wijken without a boundary."""
    return jsonify(kaart_screen(kaart_keuze()).to_json())


@bp.route("/veranderingen")
def api_veranderingen():
    """What changed: the same choice of versions or schooljaren as the page."""
    chosen, screen = chosen_screen()
    return jsonify({**screen.to_json(), **chosen})


@bp.route("/scenario")
def api_scenario():
    """What if: ``zonder``, ``met_lid`` (PARTNER:HUB), ``met_activiteit`` (PARTNER:SCHOOL[:HUB])."""
    try:
        screen = scenario_screen(*plan(), services.schooljaar())
    except NotInNetwork as exc:
        abort(404, description=str(exc))
    except LeaGraphError as exc:
        abort(400, description=str(exc))
    return jsonify(screen.to_json())


@bp.route("/kwetsbaarheid")
def api_kwetsbaarheid():
    """What every partner's leaving would cost, ranked."""
    table = kwetsbaarheid_table(services.schooljaar(), limit=None)
    return jsonify({"regel": VULNERABILITY_RULE, "partners": table.rows})


@bp.route("/samenwerking")
def api_samenwerking():
    """The samenwerkingsmonitor of a closed round (``?ronde=``, default the newest), as the
    page shows it to this user (login needed; :mod:`web.screens.samenwerking`)."""
    screen = samenwerking_screen(request.args.get("ronde") or None, has_role("coordinator"))
    if screen is None:
        abort(404, description="Er is (nog) geen gesloten ronde van de samenwerkingsmonitor.")
    return jsonify(screen.to_json())


@bp.route("/openapi.json")
def openapi_document():
    """This API described as OpenAPI 3.1 (public, readable from every origin)."""
    return jsonify(openapi.document())
