"""Gegevens: downloads of the whole network, the API, and the vis-network files."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, send_from_directory

from lea_graph import cijfers
from lea_graph.errors import ExportError
from web import services
from web.apihttp import API_VERSION
from web.openapi import ENDPOINTS
from web.pages import render_page

bp = Blueprint("gegevens", __name__)

FORMATS = {
    "graphml": ("application/graphml+xml", "GraphML, voor Gephi, yEd en Cytoscape"),
    "gexf": ("application/xml", "GEXF, het eigen formaat van Gephi"),
    "json": ("application/json", "JSON (node-link), voor eigen analyses"),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel-werkmap in het gegevensformaat (opnieuw in te lezen)",
    ),
    "zip": (
        "application/zip",
        "CSV-bestanden in het gegevensformaat, ingepakt (opnieuw in te lezen)",
    ),
    "kumu.xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel-werkmap voor Kumu (kumu.io): werkbladen Elements en Connections, "
        "om het netwerk in Kumu te tekenen en te delen",
    ),
}


@bp.route("/gegevens")
def index():
    services.schooljaar()
    return render_page(
        "gegevens.html",
        formats=FORMATS,
        api_endpoints=ENDPOINTS,
        api_version=API_VERSION,
        uitgevers=cijfers.UITGEVERS,
    )


@bp.route("/download/netwerk.<fmt>")
def network_download(fmt: str):
    if fmt not in FORMATS:
        abort(404, description=f"Onbekend formaat '{fmt}'.")
    try:
        body = services.network_file(fmt)
    except ExportError as exc:  # a wijk boundary too long for an Excel cell
        abort(409, description=str(exc))
    return Response(
        body,
        mimetype=FORMATS[fmt][0],
        headers={"Content-Disposition": f'attachment; filename="lea-netwerk.{fmt}"'},
    )


@bp.route("/download/sjabloon.xlsx")
def template():
    """The empty workbook with every sheet, header row and instructions."""
    body = services.template_file()
    return Response(
        body,
        mimetype=FORMATS["xlsx"][0],
        headers={"Content-Disposition": 'attachment; filename="lea-sjabloon.xlsx"'},
    )


@bp.route("/favicon.ico")
def favicon():
    from flask import current_app

    return send_from_directory(current_app.static_folder, "favicon.svg", mimetype="image/svg+xml")


def _vis_dir() -> Path:
    import pyvis

    return Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"


@bp.route("/vendor/<name>")
def vendor(name: str):
    """vis-network from the installed pyvis package: the app serves it, no CDN."""
    if name not in ("vis-network.min.js", "vis-network.css"):
        abort(404)
    return send_from_directory(_vis_dir(), name, max_age=86400)
