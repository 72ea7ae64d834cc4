"""The JSON API against its own description (web/openapi.py, /api/v1/openapi.json): every
endpoint described, every real answer as described, and schemathesis fuzzing the real
app on the embedded store: no server error for any input it makes up."""

from __future__ import annotations

import jsonschema
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.core.failures import FailureGroup
from test_web import ROUTES

from web.openapi import document


@pytest.fixture(scope="module")
def api_app(tmp_path_factory):
    from helpers import app_on

    with app_on("embedded", tmp_path_factory.mktemp("openapi")) as (app, _):
        app.test_client().get("/api/v1/overzicht")  # seed and analyse before the fuzzing starts
        yield app


def _template(path: str) -> str:
    return path.replace("<node_id>", "{node_id}").replace("<slug>", "{slug}")


def test_every_api_route_is_described_and_nothing_else(api_app):
    routes = {
        _template(rule.rule)
        for rule in api_app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
    }
    assert routes == set(document()["paths"])
    assert all(path.startswith("/api/v1/") for path in routes)
    # Every /api route is registered by the API module (web/views/api.py), none elsewhere.
    elsewhere = {
        rule.rule: rule.endpoint
        for rule in api_app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and not rule.endpoint.startswith("api.")
    }
    assert not elsewhere, f"/api routes outside web/views/api.py: {elsewhere}"
    served = api_app.test_client().get("/api/v1/openapi.json").get_json()
    assert served == document() and served["openapi"] == "3.1.0"


def _matches(template: str, path: str) -> bool:
    """``/api/v1/wijk/{node_id}`` matches ``/api/v1/wijk/w-heikant``."""
    a, b = template.split("/"), path.split("/")
    return len(a) == len(b) and all(x == y or x.startswith("{") for x, y in zip(a, b, strict=True))


def test_real_answers_match_their_description(api_app):
    paths = document()["paths"]
    client = api_app.test_client()
    for endpoint, url in ROUTES.items():
        if not endpoint.startswith("api."):
            continue
        path = url.split("?")[0]
        template = next(t for t in paths if _matches(t, path))
        response = client.get(url)
        assert response.status_code == 200, url
        schema = paths[template]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        jsonschema.validate(response.get_json(), schema, cls=jsonschema.Draft202012Validator)
    missing = client.get("/api/v1/wijk/bestaat-niet")
    error = paths["/api/v1/wijk/{node_id}"]["get"]["responses"]["404"]["content"]
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    problem = error["application/problem+json"]["schema"]
    assert problem == {"$ref": "#/components/schemas/Probleem"}
    jsonschema.validate(missing.get_json(), document()["components"]["schemas"]["Probleem"])


def test_the_check_catches_a_wrong_answer():
    """The comparison above can fail: an answer without its tables is refused."""
    schema = document()["paths"]["/api/v1/wijken"]["get"]["responses"]["200"]
    schema = schema["content"]["application/json"]["schema"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"schooljaar": None}, schema)


def test_fuzzed_requests_never_give_a_server_error(api_app):
    """schemathesis makes up requests for every operation from the description (ids,
    schooljaren, filters, search texts) and sends them to the real app: no 5xx, no
    traceback, and every answer as described: its status, its content type (errors as
    application/problem+json), its body and its API-Version header."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    # schemathesis leaves out the document's own path.
    assert {o.path for o in operations} == set(document()["paths"]) - {"/api/v1/openapi.json"}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def check(case):
            response = case.call()
            assert response.status_code < 500, (case.path, case.query, response.text[:300])
            assert "Traceback" not in response.text
            case.validate_response(response)

        check()


def test_the_fuzzing_catches_a_missing_version_header(api_app):
    """The fuzzing's check of an answer can fail: without its API-Version header (here
    taken off on the way out), an answer is refused."""
    inner = api_app.wsgi_app

    def without_version(environ, start_response):
        def start(status, headers, *rest):
            kept = [(k, v) for k, v in headers if k.lower() != "api-version"]
            return start_response(status, kept, *rest)

        return inner(environ, start)

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app)
    stats = next(r.ok() for r in schema.get_all_operations() if r.ok().path == "/api/v1/stats")
    case = stats.Case()
    assert case.call().status_code == 200
    case.validate_response(case.call())
    api_app.wsgi_app = without_version
    try:
        with pytest.raises(FailureGroup) as refused:
            case.validate_response(case.call())
        assert [type(f).__name__ for f in refused.value.exceptions] == ["MissingHeaders"]
        assert "API-Version" in str(refused.value.exceptions[0])
    finally:
        api_app.wsgi_app = inner
