"""The JSON API by the NL API Design Rules (issue 29 §3), on the real app and store:
``/api/v1`` paths (/core/uri-version) with the old ``/api/…`` ones redirecting (308),
``API-Version`` on every answer (/core/version-header), errors as problem details
(/core/error-handling/problem-details, RFC 9457) in Dutch, CORS only for a configured
origin, and the OpenAPI document at ``/api/v1/openapi.json`` (/core/publish-openapi)."""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import pytest
from flask import abort
from helpers import close_app, login, make_app
from test_web import ROUTES

from web.apihttp import API_VERSION
from web.openapi import document

ROOT = Path(__file__).resolve().parent.parent
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
#: The API's addresses from the route table of test_web, one per endpoint.
API_URLS = {endpoint: url for endpoint, url in ROUTES.items() if endpoint.startswith("api.")}
PROBLEM_MEMBERS = {"type", "title", "status", "detail", "instance"}
#: English that must never reach a Dutch reader (Werkzeug's own texts).
ENGLISH = re.compile(r"\b(the|not found|requested|method|server|error|please)\b", re.I)
ORIGIN = "https://dashboard.voorbeeld.nl"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The real explorer on the seed, with one view that fails (for the 500 problem)."""
    app = make_app(tmp_path_factory.mktemp("apiv1") / "data")

    def kapot():
        raise RuntimeError("a failing view")

    def weigert(status: int):
        abort(status)  # without a text of its own: the API's Dutch default

    app.add_url_rule("/api/v1/kapot-voor-de-test", "kapot", kapot)
    app.add_url_rule("/api/v1/weigert-voor-de-test/<int:status>", "weigert", weigert)
    app.test_client().get("/api/v1/stats")  # seed once
    yield app
    close_app(app)


@pytest.fixture
def client(app):
    app.config.update(ANONYMOUS_READ=True, CORS_ORIGINS=[])
    app.extensions.pop("lea_rate_limits", None)
    yield app.test_client()
    app.config.update(ANONYMOUS_READ=True, CORS_ORIGINS=[])
    app.extensions.pop("lea_rate_limits", None)


def _old(url: str) -> str:
    return url.replace("/api/v1/", "/api/", 1)


def _problem_schema() -> dict:
    return document()["components"]["schemas"]["Probleem"]


def assert_problem(response, status: int, title: str, path: str) -> dict:
    """A problem details answer (RFC 9457) of ``status``, in Dutch, as described."""
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/problem+json"
    assert response.headers["API-Version"] == API_VERSION
    body = response.get_json()
    assert set(body) >= PROBLEM_MEMBERS
    assert body["status"] == status and body["title"] == title and body["instance"] == path
    assert body["type"].startswith("https://www.rfc-editor.org/rfc/")
    assert body["detail"] and not ENGLISH.search(body["detail"]), body["detail"]
    assert "Traceback" not in response.get_data(as_text=True)
    jsonschema.validate(
        body,
        _problem_schema(),
        cls=jsonschema.Draft202012Validator,
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )
    return body


# -- the version header ---------------------------------------------------------------------


def test_the_version_is_one_full_semver_whose_major_is_in_the_path():
    assert SEMVER.match(API_VERSION)
    assert document()["info"]["version"] == API_VERSION
    assert all(
        path.startswith(f"/api/v{API_VERSION.split('.')[0]}/") for path in document()["paths"]
    )


def test_version_header_on_an_answer_a_problem_a_redirect_and_an_error(client):
    for response in (
        client.get("/api/v1/stats"),  # 200
        client.get("/api/v1/wijk/bestaat-niet"),  # 404 problem
        client.get("/api/stats"),  # 308
        client.get("/api/v1/kapot-voor-de-test"),  # 500
        client.put("/api/v1/stats"),  # 405
    ):
        assert response.headers.get("API-Version") == API_VERSION, response.status
    assert client.get("/api/v1/stats").status_code == 200
    # Pages are not the API: no version header there.
    assert "API-Version" not in client.get("/wijken").headers


# -- the old paths --------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", sorted(API_URLS))
def test_each_old_path_redirects_permanently_to_its_v1_path(client, endpoint):
    new = API_URLS[endpoint]
    query = "schooljaar=2024-2025&q=caf%C3%A9&soort=school&soort=partner"
    sep = "&" if "?" in new else "?"
    response = client.get(_old(new) + sep + query)
    assert response.status_code == 308
    assert response.headers["Location"] == new + sep + query
    assert response.headers["API-Version"] == API_VERSION
    # The new address answers what the old one asked (method and query kept).
    followed = client.get(_old(new), follow_redirects=True)
    assert followed.status_code == 200 and followed.request.path == new.split("?")[0]
    assert followed.get_json() == client.get(new).get_json()


def test_a_redirect_keeps_the_method(client):
    for method in ("HEAD", "PUT", "POST", "DELETE"):
        response = client.open("/api/stats", method=method)
        assert response.status_code == 308, method
        assert response.headers["Location"] == "/api/v1/stats"
    # ... and there a method the API does not take is a 405 problem (not a form's 400).
    refused = client.post("/api/stats", follow_redirects=True)
    assert_problem(refused, 405, "Niet toegestaan", "/api/v1/stats")
    assert {m.strip() for m in refused.headers["Allow"].split(",")} == {"GET", "HEAD", "OPTIONS"}


def test_no_redirect_for_what_was_never_an_api_path(client):
    assert_problem(client.get("/api/bestaat-niet"), 404, "Niet gevonden", "/api/bestaat-niet")
    # A trailing slash is not the resource (/core/no-trailing-slash): 404, no redirect.
    assert_problem(client.get("/api/v1/stats/"), 404, "Niet gevonden", "/api/v1/stats/")


# -- problem details ------------------------------------------------------------------------


def test_404_problems(client):
    body = assert_problem(
        client.get("/api/v1/wijk/bestaat-niet"), 404, "Niet gevonden", "/api/v1/wijk/bestaat-niet"
    )
    assert body["type"].endswith("#status.404")
    assert_problem(client.get("/api/v1/bestaat-niet"), 404, "Niet gevonden", "/api/v1/bestaat-niet")
    body = assert_problem(
        client.get("/api/v1/analyses/regenboog"), 404, "Niet gevonden", "/api/v1/analyses/regenboog"
    )
    assert "regenboog" in body["detail"]
    # The instance is a URI reference: what is not ASCII is percent-encoded.
    assert_problem(client.get("/api/v1/wijk/café"), 404, "Niet gevonden", "/api/v1/wijk/caf%C3%A9")
    moved = client.get("/api/wijk/café?q=é")
    assert moved.status_code == 308
    assert moved.headers["Location"] == "/api/v1/wijk/caf%C3%A9?q=%C3%A9"


def test_400_problem_for_a_bad_parameter(client):
    body = assert_problem(
        client.get("/api/v1/scenario?met_lid=zonder-dubbele-punt"),
        400,
        "Ongeldig verzoek",
        "/api/v1/scenario",
    )
    assert "zonder-dubbele-punt" in body["detail"] or "PARTNER:HUB" in body["detail"]


def test_401_problem_when_reading_needs_a_login(client, app):
    app.config["ANONYMOUS_READ"] = False
    body = assert_problem(client.get("/api/v1/wijken"), 401, "Niet ingelogd", "/api/v1/wijken")
    assert "Log in" in body["detail"]
    # The description of the API stays public (/core/publish-openapi).
    assert client.get("/api/v1/openapi.json").status_code == 200
    # Logged in, the same address answers.
    login(client, "lezer")
    assert client.get("/api/v1/wijken").status_code == 200


def test_429_problem_when_scenarios_come_too_fast(client, app):
    app.config["RATE_LIMITS"] = {**app.config["RATE_LIMITS"], "scenario": (2, 600)}
    try:
        for partner in ("p-factorium", "p-cist"):
            assert client.get(f"/api/v1/scenario?zonder={partner}").status_code == 200
        body = assert_problem(
            client.get("/api/v1/scenario?zonder=p-artfact"),
            429,
            "Te veel verzoeken",
            "/api/v1/scenario",
        )
        assert "log in" in body["detail"]
    finally:
        app.config["RATE_LIMITS"] = {**app.config["RATE_LIMITS"], "scenario": (30, 600)}


def test_500_problem_never_shows_the_error(client):
    response = client.get("/api/v1/kapot-voor-de-test")
    body = assert_problem(response, 500, "Er ging iets mis", "/api/v1/kapot-voor-de-test")
    assert "RuntimeError" not in response.get_data(as_text=True)
    assert "vastgelegd" in body["detail"]


@pytest.mark.parametrize(
    ("status", "title"),
    [(400, "Ongeldig verzoek"), (403, "Geen toegang"), (409, "Bezig"), (413, "Te groot")],
)
def test_every_error_status_is_a_dutch_problem(client, status, title):
    """Statuses no API address gives on the seed today still come as problems in Dutch,
    with a text of their own when the view gave none."""
    path = f"/api/v1/weigert-voor-de-test/{status}"
    body = assert_problem(client.get(path), status, title, path)
    assert body["type"].endswith(f"#status.{status}")


def test_pages_keep_their_dutch_html_error_pages(client):
    response = client.get("/wijk/bestaat-niet")
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert "Niet gevonden" in response.get_data(as_text=True)
    assert "API-Version" not in response.headers


def test_the_check_of_a_problem_can_fail():
    """The schema refuses a problem without its detail, and the old error shape."""
    schema = _problem_schema()
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"type": "x", "title": "Fout", "status": 404, "instance": "/"}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"fout": "Niet gevonden", "melding": "Bestaat niet."}, schema)


# -- CORS -----------------------------------------------------------------------------------


def _cors(response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k.lower().startswith("access-control-")}


def test_no_cors_unless_configured(client):
    response = client.get("/api/v1/wijken", headers={"Origin": ORIGIN})
    assert response.status_code == 200 and _cors(response) == {}
    preflight = client.options(
        "/api/v1/wijken", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"}
    )
    assert _cors(preflight) == {}


def test_cors_for_a_configured_origin_only(client, app):
    app.config["CORS_ORIGINS"] = [ORIGIN]
    response = client.get("/api/v1/wijken", headers={"Origin": ORIGIN})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "Origin" in response.headers["Vary"]
    assert "API-Version" in response.headers["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response.headers
    # Problems too: the other site's page can read what went wrong.
    missing = client.get("/api/v1/wijk/bestaat-niet", headers={"Origin": ORIGIN})
    assert missing.headers["Access-Control-Allow-Origin"] == ORIGIN
    # Another origin, or no origin: nothing.
    other = client.get("/api/v1/wijken", headers={"Origin": "https://elders.voorbeeld.nl"})
    assert other.status_code == 200 and _cors(other) == {}
    assert _cors(client.get("/api/v1/wijken")) == {}
    # Pages never.
    assert _cors(client.get("/wijken", headers={"Origin": ORIGIN})) == {}


def test_preflight_for_a_configured_origin_even_when_reading_needs_a_login(client, app):
    app.config.update(CORS_ORIGINS=[ORIGIN], ANONYMOUS_READ=False)
    asked = {"Origin": ORIGIN, "Access-Control-Request-Method": "GET"}
    preflight = client.options("/api/v1/wijken", headers=asked)
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert preflight.headers["API-Version"] == API_VERSION
    other = client.options(
        "/api/v1/wijken",
        headers={"Origin": "https://elders.voorbeeld.nl", "Access-Control-Request-Method": "GET"},
    )
    assert _cors(other) == {}


def test_the_openapi_document_may_be_read_from_every_origin(client):
    """/core/publish-openapi: 'the CORS policy for this URI MUST allow external domains'."""
    response = client.get("/api/v1/openapi.json", headers={"Origin": "https://elders.nl"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert _cors(client.get("/api/v1/stats", headers={"Origin": "https://elders.nl"})) == {}


# -- the OpenAPI document -------------------------------------------------------------------


def test_the_openapi_document_is_served_at_v1_and_describes_v1(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["API-Version"] == API_VERSION
    served = response.get_json()
    assert served == document()
    assert served["openapi"].startswith("3.")
    assert served["info"]["version"] == API_VERSION
    assert served["paths"] and all(p.startswith("/api/v1/") for p in served["paths"])
    header = served["components"]["headers"]["API-Version"]
    assert header["required"] is True and re.match(header["schema"]["pattern"], API_VERSION)
    for path, item in served["paths"].items():
        for status, answer in item["get"]["responses"].items():
            assert answer["headers"]["API-Version"] == header, (path, status)
            if int(status) >= 400:
                assert set(answer["content"]) == {"application/problem+json"}, (path, status)
                assert answer["content"]["application/problem+json"]["schema"] == {
                    "$ref": "#/components/schemas/Probleem"
                }
    assert "429" in served["paths"]["/api/v1/scenario"]["get"]["responses"]
    assert "400" in served["paths"]["/api/v1/scenario"]["get"]["responses"]


def test_callers_use_the_v1_paths(client):
    """The pages' scripts and templates, and the Gegevens page, name only /api/v1/…."""
    sources = [
        *(ROOT / "web" / "static" / "js").glob("*.js"),
        *(ROOT / "web" / "templates").rglob("*.html"),
    ]
    for source in sources:
        for path in re.findall(r"/api/[\w./-]*", source.read_text(encoding="utf-8")):
            assert path.startswith("/api/v1/"), (source.name, path)
    page = client.get("/gegevens").get_data(as_text=True)
    listed = re.findall(r"<code>(/api/[^<]*)</code>", page)
    assert set(listed) == set(document()["paths"])
    assert f"versie {API_VERSION}" in page
