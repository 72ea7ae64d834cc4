"""Friendly Dutch error pages (problem details for the API, :func:`web.apihttp.problem`);
never a traceback."""

from __future__ import annotations

from flask import Flask, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException

from web.apihttp import TITLES as _TITLES
from web.apihttp import is_api, problem
from web.db import StoreError, StoreUnavailable

__all__ = ["init_app"]

TITLES = {**_TITLES, 413: "Bestand te groot"}


def _respond(status: int, message: str):
    if is_api(request.path):
        return problem(status, message)
    if request.path == "/health":
        return jsonify({"fout": TITLES.get(status, "Fout"), "melding": message}), status
    return (
        render_template(
            "error.html", status=status, title=TITLES.get(status, "Fout"), message=message
        ),
        status,
    )


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        default = {
            404: "Deze pagina bestaat niet (meer). Gebruik het menu of de zoekfunctie.",
            405: "Deze pagina kan niet op deze manier worden opgevraagd.",
            413: "Wat u verstuurde is te groot om te verwerken.",
        }
        # Werkzeug's own (English) descriptions are replaced by Dutch ones.
        own = exc.description if exc.description != type(exc).description else ""
        if exc.code == 404 and own.startswith("The requested URL"):
            own = ""
        if exc.code == 405:
            own = ""
        # The API has its own Dutch defaults (web.apihttp); pages these.
        message = own or ("" if is_api(request.path) else default.get(exc.code, ""))
        response = make_response(_respond(exc.code or 500, message))
        # The exception's own headers but its content type, e.g. a 405's Allow.
        for name, value in exc.get_headers(request.environ):
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(StoreUnavailable)
    def store_down(exc: StoreUnavailable):
        app.logger.error("Database niet beschikbaar: %s", exc)
        return _respond(
            503,
            "De database met het netwerk is nu niet bereikbaar. Probeer het over een paar "
            "minuten opnieuw; blijft het zo, meld het dan bij de beheerder.",
        )

    @app.errorhandler(StoreError)
    def store_error(exc: StoreError):
        app.logger.error("Databasefout: %s", exc)
        return _respond(
            500, "De database gaf een fout. Probeer het opnieuw of meld het bij de beheerder."
        )

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.exception("Onverwachte fout bij %s", request.path)
        return _respond(
            500, "Er ging iets mis bij het maken van deze pagina. De fout is vastgelegd."
        )
