"""How the JSON API answers over HTTP, by the NL API Design Rules (Logius, 2.x).

- ``/core/uri-version``: the API lives under :data:`API_ROOT` (``/api/v1``); the old
  paths under ``/api/`` answer ``308 Permanent Redirect`` to the same path (and query)
  under ``/api/v1`` for one release.
- ``/core/version-header``: every answer under ``/api/`` (errors and redirects too)
  carries ``API-Version: <API_VERSION>``; the OpenAPI document's ``info.version`` is the
  same constant.
- ``/core/error-handling/problem-details``: an error of the API is
  ``application/problem+json`` (RFC 9457) with ``type``, ``title``, ``status``,
  ``detail`` and ``instance``, title and detail in Dutch (:func:`problem`).
- CORS (``/core/transport/cors``): off unless an origin is listed in ``CORS_ORIGINS``;
  then that origin may read the API (and send a preflight ``OPTIONS``). The OpenAPI
  document itself may be read from every origin (``/core/publish-openapi``).

Kept apart from the views so that :mod:`web.errors` and :mod:`web.auth` can answer an
API request as the API does without importing a view.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

__all__ = [
    "API_ROOT",
    "API_VERSION",
    "OPENAPI_PATH",
    "PROBLEM_TYPES",
    "TITLES",
    "init_app",
    "is_api",
    "problem",
]

#: The full version of the API (Semantic Versioning); the major one is in the path.
API_VERSION = "1.0.0"
#: The base path of this major version.
API_ROOT = "/api/v" + API_VERSION.split(".", 1)[0]
#: Where the API's OpenAPI document is published.
OPENAPI_PATH = API_ROOT + "/openapi.json"
#: The prefix of the paths of the API before versions (they redirect to API_ROOT).
_OLD_ROOT = "/api/"

#: Dutch titles of the error statuses (pages and API alike).
TITLES = {
    400: "Ongeldig verzoek",
    401: "Niet ingelogd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Niet toegestaan",
    409: "Bezig",
    410: "Link werkt niet meer",
    413: "Te groot",
    422: "Controleer de gegevens",
    429: "Te veel verzoeken",
    500: "Er ging iets mis",
    503: "Database niet beschikbaar",
}

#: What each status means, where it is defined (a problem's ``type``, RFC 9457 §3.1.1).
PROBLEM_TYPES = {
    **{
        status: f"https://www.rfc-editor.org/rfc/rfc9110.html#status.{status}"
        for status in (400, 401, 403, 404, 405, 409, 410, 413, 422, 500, 503)
    },
    429: "https://www.rfc-editor.org/rfc/rfc6585.html#section-4",
}

#: A Dutch detail for an error that came without one of its own.
_DETAILS = {
    400: "Het verzoek klopt niet. Controleer de parameters.",
    401: "Log in om deze gegevens te zien.",
    403: "U hebt geen toegang tot deze gegevens.",
    404: "Dit adres bestaat niet in de API. De beschrijving staat in " + OPENAPI_PATH + ".",
    405: "Dit adres kan niet op deze manier worden opgevraagd.",
    409: "Er wordt al iets anders gedaan. Probeer het zo opnieuw.",
    413: "Wat u verstuurde is te groot om te verwerken.",
    429: "Te veel verzoeken achter elkaar. Probeer het later opnieuw.",
    500: "Er ging iets mis bij het maken van dit antwoord. De fout is vastgelegd.",
    503: "De database met het netwerk is nu niet bereikbaar. Probeer het over een paar "
    "minuten opnieuw.",
}

#: Methods a configured origin may use, and request headers it may send.
_CORS_METHODS = "GET, HEAD, OPTIONS"
_CORS_HEADERS = "Accept, Accept-Language, Content-Type"


def _uri_path() -> str:
    """The request's path as a URI reference (percent-encoded, from the raw bytes)."""
    raw = request.environ.get("PATH_INFO") or request.path
    try:
        data = raw.encode("latin-1")  # WSGI: the bytes as sent, one character each
    except UnicodeEncodeError:
        data = request.path.encode("utf-8", "surrogatepass")
    return quote(data, safe="/:@!$&'()*+,;=-._~")


def is_api(path: str) -> bool:
    """Whether ``path`` belongs to the JSON API (this version or the old paths)."""
    return path.startswith(_OLD_ROOT)


def problem(status: int, detail: str = "", **members: Any) -> Response:
    """An error of the API as ``application/problem+json`` (RFC 9457).

    Parameters
    ----------
    status
        The HTTP status.
    detail
        What went wrong for this request, in Dutch; empty: the status's usual text.
    members
        Extra members of the problem.
    """
    body = {
        "type": PROBLEM_TYPES.get(status, "about:blank"),
        "title": TITLES.get(status, "Fout"),
        "status": status,
        "detail": detail or _DETAILS.get(status, TITLES.get(status, "Fout")),
        "instance": _uri_path(),
        **members,
    }
    response = current_app.json.response(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def _allowed_origin() -> str | None:
    """The request's Origin when ``CORS_ORIGINS`` lists it, else None."""
    origin = request.headers.get("Origin")
    allowed = current_app.config.get("CORS_ORIGINS") or ()
    if isinstance(allowed, str):  # LEA_CORS_ORIGINS given as one origin
        allowed = (allowed,)
    return origin if origin and origin in allowed else None


def _old_path_redirect() -> Response | None:
    """``308`` from an old ``/api/…`` path to the same path and query under
    :data:`API_ROOT`, when that is an address of the API; otherwise nothing (then the
    request goes on to a 404 problem)."""
    path = request.path
    if not path.startswith(_OLD_ROOT) or path == API_ROOT or path.startswith(API_ROOT + "/"):
        return None
    new_path = API_ROOT + path[len("/api") :]
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        adapter.match(new_path, method=request.method)
    except MethodNotAllowed:
        pass  # the new address exists: it answers 405 itself
    except HTTPException:  # not found (or a routing redirect): no old path of the API
        return None
    location = quote(request.script_root) + API_ROOT + _uri_path()[len("/api") :]
    if request.query_string:
        # Kept as sent; only bytes that may not stand in a URI are percent-encoded.
        location += "?" + quote(request.query_string, safe="%/:@!$&'()*+,;=?-._~")
    response = current_app.response_class(status=308)
    response.headers["Location"] = location
    return response


def _preflight() -> Response | None:
    """The answer to a CORS preflight from a configured origin (before any login check:
    a preflight never carries credentials)."""
    if request.method != "OPTIONS" or "Access-Control-Request-Method" not in request.headers:
        return None
    if _allowed_origin() is None:
        return None
    response = current_app.response_class(status=204)
    response.headers["Access-Control-Allow-Methods"] = _CORS_METHODS
    response.headers["Access-Control-Allow-Headers"] = _CORS_HEADERS
    response.headers["Access-Control-Max-Age"] = "600"
    return response


def before_api_request() -> Response | None:
    """Old paths redirect; a configured origin's preflight is answered."""
    if not is_api(request.path):
        return None
    return _old_path_redirect() or _preflight()


def api_headers(response: Response) -> Response:
    """``API-Version`` on every answer of the API; CORS for a configured origin (and
    for everyone on the OpenAPI document)."""
    if not is_api(request.path):
        return response
    response.headers["API-Version"] = API_VERSION
    if current_app.config.get("CORS_ORIGINS"):
        response.vary.add("Origin")  # the answer differs per origin: caches keep them apart
    origin = _allowed_origin()
    if request.path == OPENAPI_PATH:
        response.headers["Access-Control-Allow-Origin"] = "*"
    elif origin is not None:
        response.headers["Access-Control-Allow-Origin"] = origin
    else:
        return response
    response.headers["Access-Control-Expose-Headers"] = "API-Version"
    return response


def init_app(app: Flask) -> None:
    """Register the API's redirects, preflights and headers (before the login check)."""
    app.before_request(before_api_request)
    app.after_request(api_headers)
