"""Gegevens: downloads of the whole network, the API, and the vis-network files."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from flask import Blueprint, Response, abort, send_from_directory

from lea_graph import cijfers, export
from lea_graph.errors import ExportError
from lea_graph.graph import from_graph
from lea_graph.kumu import write_kumu_xlsx
from web import services
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
        "gegevens.html", formats=FORMATS, api_endpoints=ENDPOINTS, uitgevers=cijfers.UITGEVERS
    )


def _bytes_of(write, suffix: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"netwerk{suffix}"
        write(path)
        return path.read_bytes()


@bp.route("/download/netwerk.<fmt>")
def network_download(fmt: str):
    if fmt not in FORMATS:
        abort(404, description=f"Onbekend formaat '{fmt}'.")
    g = services.graph()

    def make() -> bytes:
        if fmt == "graphml":
            return _bytes_of(lambda p: export.write_graphml(g, p), ".graphml")
        if fmt == "gexf":
            return _bytes_of(lambda p: export.write_gexf(g, p), ".gexf")
        if fmt == "json":
            return _bytes_of(lambda p: export.write_json(g, p), ".json")
        if fmt == "kumu.xlsx":
            return _bytes_of(lambda p: write_kumu_xlsx(g, p), ".xlsx")
        dataset = from_graph(g)
        if fmt == "xlsx":
            try:
                return _bytes_of(lambda p: export.write_xlsx(dataset, p), ".xlsx")
            except ExportError as exc:  # a wijk boundary too long for an Excel cell
                abort(409, description=str(exc))
        buf = io.BytesIO()
        with (
            tempfile.TemporaryDirectory() as tmp,
            zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf,
        ):
            for path in export.write_csv_folder(dataset, tmp):
                zf.write(path, path.name)
        return buf.getvalue()

    body = services.cached(("download", fmt), make)
    return Response(
        body,
        mimetype=FORMATS[fmt][0],
        headers={"Content-Disposition": f'attachment; filename="lea-netwerk.{fmt}"'},
    )


@bp.route("/download/sjabloon.xlsx")
def template():
    """The empty workbook with every sheet, header row and instructions."""
    body = services.cached(("sjabloon",), lambda: _bytes_of(export.write_template, ".xlsx"))
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
