"""Roles, login, CSRF, cookies and security headers of the explorer."""

from __future__ import annotations

import pytest
from helpers import PASSWORDS, csrf_of, login
from test_web import ROUTES

from lea_graph.errors import LeaGraphError
from web import create_app

#: "houder": not logged in, but holding a partner's invitation link (and having opened it).
ROLES = ("anoniem", "houder", "lezer", "coordinator", "beheerder")
ANONYMOUS = ("anoniem", "houder")
MISSING = "20000101-000000000000-00000000"  # a well-formed proposal id that does not exist
PUBLIC = {
    "static",
    "gegevens.vendor",
    "gegevens.favicon",
    "health.health",
    "over.toegankelijkheid",
    "over.privacy",
    "api.openapi_document",
}

#: (endpoint, method, url) → expected status per role, for the routes beyond reading.
PROTECTED = [
    ("auth.login", "GET", "/login", {"anoniem": 200, "houder": 200, "lezer": 200, "coordinator": 200, "beheerder": 200}),
    ("beheer.upload", "GET", "/beheer/upload", {"anoniem": 302, "houder": 302, "lezer": 403, "coordinator": 200, "beheerder": 200}),
    ("beheer.upload_post", "POST", "/beheer/upload", {"anoniem": 302, "houder": 302, "lezer": 403, "coordinator": 400, "beheerder": 400}),
    ("beheer.confirm", "POST", "/beheer/upload/bevestig", {"anoniem": 302, "houder": 302, "lezer": 403, "coordinator": 400, "beheerder": 400}),
    ("beheer.cancel", "POST", "/beheer/upload/annuleer", {"anoniem": 302, "houder": 302, "lezer": 403, "coordinator": 200, "beheerder": 200}),
    ("beheer.versies", "GET", "/beheer/versies", {"anoniem": 302, "houder": 302, "lezer": 403, "coordinator": 200, "beheerder": 200}),
    ("beheer.versie", "GET", "/beheer/versies/onbekend", {"anoniem": 302, "houder": 302, "lezer": 403, "coordinator": 404, "beheerder": 404}),
    ("beheer.terugzetten", "POST", "/beheer/versies/onbekend", {"anoniem": 302, "houder": 302, "lezer": 403, "coordinator": 404, "beheerder": 404}),
    ("beheer.log", "GET", "/beheer/log", {"anoniem": 302, "houder": 302, "lezer": 403, "coordinator": 403, "beheerder": 200}),
    ("console.index", "GET", "/console", {"anoniem": 302, "houder": 302, "lezer": 403, "coordinator": 403, "beheerder": 200}),
    ("gegevens.template", "GET", "/download/sjabloon.xlsx", {"anoniem": 200, "houder": 200, "lezer": 200, "coordinator": 200, "beheerder": 200}),
    # The partner's own form: the link is the key, whoever holds it (and nothing more).
    ("formulier.form", "GET", "/bijdragen/{token}", {"anoniem": 200, "houder": 200, "lezer": 200, "coordinator": 200, "beheerder": 200}),
    ("formulier.send", "POST", "/bijdragen/{token}", {"anoniem": 409, "houder": 409, "lezer": 409, "coordinator": 409, "beheerder": 409}),
    ("formulier.confirm", "POST", "/bijdragen/{token}/bevestig", {"anoniem": 200, "houder": 200, "lezer": 200, "coordinator": 200, "beheerder": 200}),
    ("voorstellen.queue", "GET", "/beheer/voorstellen", {"anoniem": 302, "houder": 302, "lezer": 403, "coordinator": 200, "beheerder": 200}),
    ("voorstellen.voorstel", "GET", "/beheer/voorstellen/{voorstel}", {"anoniem": 302, "houder": 302, "lezer": 403, "coordinator": 200, "beheerder": 200}),
    ("voorstellen.approve", "POST", f"/beheer/voorstellen/{MISSING}/goedkeuren", {"anoniem": 302, "houder": 302, "lezer": 403, "coordinator": 404, "beheerder": 404}),
    ("voorstellen.reject", "POST", f"/beheer/voorstellen/{MISSING}/afwijzen", {"anoniem": 302, "houder": 302, "lezer": 403, "coordinator": 404, "beheerder": 404}),
    ("voorstellen.invite", "POST", "/beheer/uitnodiging/p-cist", {"anoniem": 302, "houder": 302, "lezer": 403, "coordinator": 200, "beheerder": 200}),
    ("voorstellen.revoke", "POST", "/beheer/uitnodiging/p-cist/intrekken", {"anoniem": 302, "houder": 302, "lezer": 403, "coordinator": 200, "beheerder": 200}),
    ("voorstellen.actualiteit", "GET", "/beheer/actualiteit", {"anoniem": 302, "houder": 302, "lezer": 403, "coordinator": 200, "beheerder": 200}),
    # For monitoring, never behind a login: ready (200) or not yet (503, the analyses are
    # still computed); security.txt is 404 without SECURITY_CONTACT.
    ("health.ready", "GET", "/ready", {"anoniem": {200, 503}, "houder": {200, 503}, "lezer": {200, 503}, "coordinator": {200, 503}, "beheerder": {200, 503}}),
    ("over.security_txt", "GET", "/.well-known/security.txt", {"anoniem": 404, "houder": 404, "lezer": 404, "coordinator": 404, "beheerder": 404}),
    # Published views: for everyone, also when reading needs a login; publishing is the
    # coordinator's; saving a view needs a login (any role).
    ("publiek.bekijk", "GET", "/publiek/{publicatie}", {"anoniem": 200, "houder": 200, "lezer": 200, "coordinator": 200, "beheerder": 200}),
    ("publiceren.index", "GET", "/beheer/publiceren", {"anoniem": 302, "houder": 302, "lezer": 403, "coordinator": 200, "beheerder": 200}),
    ("publiceren.publiceer", "POST", "/beheer/publiceren", {"anoniem": 302, "houder": 302, "lezer": 403, "coordinator": 400, "beheerder": 400}),
    ("publiceren.intrekken", "POST", "/beheer/publiceren/onbekend/intrekken", {"anoniem": 302, "houder": 302, "lezer": 403, "coordinator": 404, "beheerder": 404}),
    ("weergaven.bewaar", "POST", "/weergaven", {"anoniem": 403, "houder": 403, "lezer": 400, "coordinator": 400, "beheerder": 400}),
    ("weergaven.verwijder", "POST", "/weergaven/onbekend/verwijderen", {"anoniem": 403, "houder": 403, "lezer": 400, "coordinator": 400, "beheerder": 400}),
    # The samenwerkingsmonitor: a login for reading even when reading is open to all; the
    # rounds are the coordinator's; a partner answers (and sees its own) through its link.
    # The seed's rounds are closed: closing or reminding again is refused (409).
    ("samenwerking.index", "GET", "/samenwerking", {"anoniem": 302, "houder": 302, "lezer": 200, "coordinator": 200, "beheerder": 200}),
    ("api.api_samenwerking", "GET", "/api/v1/samenwerking", {"anoniem": 401, "houder": 401, "lezer": 200, "coordinator": 200, "beheerder": 200}),
    ("monitor_beheer.rondes", "GET", "/beheer/monitor", {"anoniem": 302, "houder": 302, "lezer": 403, "coordinator": 200, "beheerder": 200}),
    ("monitor_beheer.open_round", "POST", "/beheer/monitor", {"anoniem": 302, "houder": 302, "lezer": 403, "coordinator": 422, "beheerder": 422}),
    ("monitor_beheer.ronde", "GET", "/beheer/monitor/{ronde}", {"anoniem": 302, "houder": 302, "lezer": 403, "coordinator": 200, "beheerder": 200}),
    ("monitor_beheer.close", "POST", "/beheer/monitor/{ronde}/sluiten", {"anoniem": 302, "houder": 302, "lezer": 403, "coordinator": 409, "beheerder": 409}),
    ("monitor_beheer.remind", "POST", "/beheer/monitor/{ronde}/herinner/p-cist", {"anoniem": 302, "houder": 302, "lezer": 403, "coordinator": 409, "beheerder": 409}),
    ("monitor_beheer.delete", "POST", "/beheer/monitor/{ronde}/verwijderen", {"anoniem": 302, "houder": 302, "lezer": 403, "coordinator": 422, "beheerder": 422}),
    ("formulier.samenwerking", "GET", "/bijdragen/{token}/samenwerking", {"anoniem": 200, "houder": 200, "lezer": 200, "coordinator": 200, "beheerder": 200}),
    ("formulier.samenwerking_send", "POST", "/bijdragen/{token}/samenwerking", {"anoniem": 409, "houder": 409, "lezer": 409, "coordinator": 409, "beheerder": 409}),
    # Login with the gemeente's accounts: not configured in this app (tests/test_oidc.py).
    ("auth.oidc_login", "POST", "/login/oidc", {"anoniem": 404, "houder": 404, "lezer": 404, "coordinator": 404, "beheerder": 404}),
    ("auth.oidc_callback", "GET", "/login/oidc/callback", {"anoniem": 404, "houder": 404, "lezer": 404, "coordinator": 404, "beheerder": 404}),
    ("auth.logged_out", "GET", "/uitgelogd", {"anoniem": 200, "houder": 200, "lezer": 200, "coordinator": 200, "beheerder": 200}),
    # Last: it ends the session.
    ("auth.logout", "POST", "/logout", {"anoniem": 302, "houder": 302, "lezer": 302, "coordinator": 302, "beheerder": 302}),
]  # fmt: skip


@pytest.fixture(scope="module")
def holder(accounts_app):
    """An invitation link for Factorium and one proposal waiting in the queue."""
    from lea_graph import monitor, publicaties, uitnodigingen, voorstellen
    from web import services

    with accounts_app.app_context():
        data_dir = services.data_dir()
        token = uitnodigingen.create(uitnodigingen.invitations_file(data_dir), "p-factorium")
        basis = voorstellen.partner_rows(services.dataset(), "p-factorium")
        entry = voorstellen.submit(
            data_dir, "p-factorium", soort="bevestiging", versie="", basis=basis
        )
        published = publicaties.publish(
            publicaties.publications_file(data_dir), "wijk", doel="w-heikant"
        )
        ronde = monitor.list_rounds(data_dir)[0]["id"]  # the seed's illustrative rounds
    return {"token": token, "voorstel": entry["id"], "publicatie": published, "ronde": ronde}


def client_as(app, role: str, holder: dict | None = None):
    client = app.test_client()
    if role == "houder":
        assert client.get(f"/bijdragen/{holder['token']}").status_code == 200
    elif role != "anoniem":
        login(client, role)
    return client


def test_every_route_is_in_the_matrix(accounts_app):
    endpoints = {rule.endpoint for rule in accounts_app.url_map.iter_rules()}
    assert endpoints == set(ROUTES) | {e for e, *_ in PROTECTED}


@pytest.mark.parametrize("anonymous_read", [True, False])
@pytest.mark.parametrize("role", ROLES)
def test_role_route_matrix(accounts_app, holder, role, anonymous_read):
    accounts_app.config["ANONYMOUS_READ"] = anonymous_read
    accounts_app.extensions.pop("lea_rate_limits", None)
    try:
        client = client_as(accounts_app, role, holder)
        for endpoint, url in ROUTES.items():
            with client.get(url) as response:
                if role in ANONYMOUS and not anonymous_read and endpoint not in PUBLIC:
                    expected = 401 if url.startswith("/api/v1/") else 302
                else:
                    expected = 200
                assert response.status_code == expected, (role, anonymous_read, url)
                if expected == 302:
                    assert "/login" in response.headers["Location"]
        for endpoint, method, url, by_role in PROTECTED:
            url = url.format(**holder)
            if method == "GET":
                response = client.get(url)
            else:
                response = client.post(url, data={"csrf_token": csrf_of(client, "/login")})
            expected = by_role[role]
            if role in ANONYMOUS and not anonymous_read and endpoint == "gegevens.template":
                expected = 302
            if role in ANONYMOUS and not anonymous_read and endpoint == "auth.logout":
                expected = 302
            if role in ANONYMOUS and not anonymous_read and endpoint.startswith("weergaven."):
                expected = 302  # to the login page first
            allowed = expected if isinstance(expected, set) else {expected}
            assert response.status_code in allowed, (role, anonymous_read, endpoint)
    finally:
        accounts_app.config["ANONYMOUS_READ"] = True


def test_post_without_or_with_a_wrong_csrf_token_is_refused(accounts_app):
    client = client_as(accounts_app, "coordinator")
    assert client.post("/beheer/upload/annuleer").status_code == 400
    assert client.post("/beheer/upload/annuleer", data={"csrf_token": "vals"}).status_code == 400
    other = accounts_app.test_client()
    token_of_other_session = csrf_of(other, "/login")
    assert (
        client.post(
            "/beheer/upload/annuleer", data={"csrf_token": token_of_other_session}
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/beheer/upload/annuleer", data={"csrf_token": csrf_of(client, "/login")}
        ).status_code
        == 200
    )
    # Login itself needs the token too.
    fresh = accounts_app.test_client()
    response = fresh.post("/login", data={"naam": "lezer", "wachtwoord": PASSWORDS["lezer"]})
    assert response.status_code == 400


def test_login_wrong_password_and_logout(accounts_app):
    client = accounts_app.test_client()
    token = csrf_of(client)
    bad = client.post("/login", data={"naam": "lezer", "wachtwoord": "fout", "csrf_token": token})
    assert bad.status_code == 401
    assert "Onbekende naam of onjuist wachtwoord" in bad.get_data(as_text=True)
    login(client, "beheerder")
    assert "beheerder (beheerder)" in client.get("/").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_of(client, "/")})
    assert client.get("/console").status_code == 302


def test_login_redirects_only_inside_the_site(accounts_app):
    client = accounts_app.test_client()
    for target, expected in [
        ("/hubs", "/hubs"),
        ("https://evil.example/", "/"),
        ("//evil.example", "/"),
    ]:
        token = csrf_of(client)
        response = client.post(
            "/login",
            data={
                "naam": "lezer",
                "wachtwoord": PASSWORDS["lezer"],
                "csrf_token": token,
                "volgende": target,
            },
        )
        assert response.headers["Location"] == expected, target


def test_too_many_failed_logins_are_slowed_down(accounts_app):
    client = accounts_app.test_client()
    statuses = []
    for _ in range(7):
        token = csrf_of(client)
        statuses.append(
            client.post(
                "/login",
                data={"naam": "beheerder", "wachtwoord": "geraden", "csrf_token": token},
                environ_base={"REMOTE_ADDR": "10.9.9.9"},
            ).status_code
        )
    assert statuses[:5] == [401] * 5 and statuses[-1] == 429


def test_security_headers_on_every_response(accounts_app):
    client = accounts_app.test_client()
    for url in ("/", "/api/v1/stats", "/wijk/bestaat-niet", "/login", "/vendor/vis-network.min.js"):
        with client.get(url) as response:
            csp = response.headers["Content-Security-Policy"]
            assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
            assert "frame-ancestors 'none'" in csp
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert response.headers["Referrer-Policy"] == "same-origin"


def test_no_inline_script_or_style_in_pages(accounts_app):
    client = client_as(accounts_app, "beheerder")
    for url in (
        "/",
        "/netwerk",
        "/wijk/w-heikant",
        "/hub/h-cultuur",
        "/beheer/upload",
        "/console",
        "/login",
    ):
        html = client.get(url).get_data(as_text=True)
        assert "<script>" not in html and " onclick=" not in html and " style=" not in html, url
        for chunk in html.split("<script")[1:]:
            tag = chunk.split(">")[0]
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)


@pytest.mark.parametrize("development", [False, True])
def test_session_cookie_flags(tmp_path, development):
    from helpers import test_users

    app = create_app(
        {
            "DATA_DIR": str(tmp_path),
            "SECRET_KEY": "test-geheim-" * 4,
            "DEVELOPMENT": development,
            "USERS": test_users(),
            "SEED_ON_EMPTY": False,
        }
    )
    client = app.test_client()
    base = "http://localhost" if development else "https://localhost"
    html = client.get("/login", base_url=base).get_data(as_text=True)
    token = html.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post(
        "/login",
        data={"naam": "lezer", "wachtwoord": PASSWORDS["lezer"], "csrf_token": token},
        base_url=base,
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert ("Secure" in cookie) is (not development)
    assert app.debug is False
    store = app.extensions.get("lea_store")
    if store is not None:
        store.close()


def test_secret_key_is_required_outside_development(monkeypatch):
    monkeypatch.delenv("LEA_SECRET_KEY", raising=False)
    with pytest.raises(LeaGraphError, match="LEA_SECRET_KEY"):
        create_app({"DEVELOPMENT": False, "TESTING": False})


def test_serve_refuses_a_public_host_without_secret_key(runner, monkeypatch):
    from lea_graph.cli import cli

    monkeypatch.delenv("LEA_SECRET_KEY", raising=False)
    monkeypatch.delenv("LEA_DEVELOPMENT", raising=False)
    result = runner.invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code != 0 and "LEA_SECRET_KEY" in result.output


def test_users_cli(runner, tmp_path):
    from lea_graph.cli import cli
    from lea_graph.users import load_users, verify

    env = {"LEA_DATA_DIR": str(tmp_path)}
    result = runner.invoke(
        cli,
        ["users", "add", "anna", "--rol", "beheerder"],
        input="lang-wachtwoord-1\nlang-wachtwoord-1\n",
        env=env,
    )
    assert result.exit_code == 0, result.output
    path = tmp_path / "gebruikers.json"
    assert oct(path.stat().st_mode)[-3:] == "600"
    assert "lang-wachtwoord-1" not in path.read_text()
    assert verify(load_users(path), "anna", "lang-wachtwoord-1") == "beheerder"
    assert "anna\tbeheerder" in runner.invoke(cli, ["users", "list"], env=env).output
    short = runner.invoke(
        cli, ["users", "add", "bob", "--rol", "lezer"], input="kort\nkort\n", env=env
    )
    assert short.exit_code != 0 and "minstens" in short.output
    assert runner.invoke(cli, ["users", "remove", "anna"], env=env).exit_code == 0
    assert runner.invoke(cli, ["users", "remove", "anna"], env=env).exit_code != 0
