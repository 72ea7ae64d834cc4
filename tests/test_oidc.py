"""Login with the gemeente's accounts (OpenID Connect) against the project's real Keycloak.

The app runs as the Flask test client; Keycloak's login form is filled in with requests
(as check_login.py does) and the browser's way back to the app's callback is replayed on
the test client. Token checks feed :func:`web.oidc.validate_id_token` (the function the
callback uses) real ID tokens from Keycloak, changed one way at a time.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import secrets
import time
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from helpers import (
    KeycloakAdmin,
    csrf_of,
    keycloak_browser,
    keycloak_form_login,
    login,
    make_app,
    need_keycloak,
    oidc_config,
)

from web import oidc

SESSION_COOKIE = "session"


@pytest.fixture(scope="module")
def kc():
    return need_keycloak()


@pytest.fixture(scope="module")
def discovery(kc):
    answer = requests.get(kc["LEA_OIDC_ISSUER"] + "/.well-known/openid-configuration", timeout=30)
    answer.raise_for_status()
    return answer.json()


@pytest.fixture
def app(kc, tmp_path):
    return make_app(tmp_path / "data", **oidc_config(kc))


def password(kc, user: str) -> str:
    return kc[f"LEA_KEYCLOAK_PASSWORD_{user.upper()}"]


def session_cookie(client) -> str | None:
    cookie = client.get_cookie(SESSION_COOKIE)
    return cookie.value if cookie else None


def start_login(client, volgende: str = "") -> str:
    """Press "Inloggen met uw gemeente-account"; give the address at Keycloak."""
    page = client.get("/login")
    assert "Inloggen met uw gemeente-account" in page.get_data(as_text=True)
    answer = client.post("/login/oidc", data={"csrf_token": csrf_of(client), "volgende": volgende})
    assert answer.status_code == 302, answer.status_code
    return answer.headers["Location"]


def callback_path(location: str) -> str:
    """The path and query of Keycloak's redirect back to the app (http://localhost/...)."""
    parts = urlsplit(location)
    assert parts.path == "/login/oidc/callback", location
    return f"{parts.path}?{parts.query}"


def gemeente_login(client, kc, user: str, volgende: str = ""):
    """The whole login of ``user`` through Keycloak's form; the app's answer to the
    callback."""
    at_keycloak = start_login(client, volgende)
    back = keycloak_form_login(keycloak_browser(), at_keycloak, user, password(kc, user))
    return client.get(callback_path(back))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def part(token: str, index: int) -> dict:
    piece = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(piece + "=" * (-len(piece) % 4)))


# -- the authorization request -------------------------------------------------------------


def test_authorization_request_has_pkce_state_and_nonce(app, kc, discovery):
    client = app.test_client()
    location = start_login(client)
    assert location.startswith(discovery["authorization_endpoint"] + "?")
    query = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    assert query["response_type"] == "code"
    assert query["client_id"] == kc["LEA_OIDC_CLIENT_ID"]
    assert query["code_challenge_method"] == "S256"
    assert "openid" in query["scope"].split()
    assert query["redirect_uri"] == "http://localhost/login/oidc/callback"
    assert len(query["state"]) >= 20 and len(query["nonce"]) >= 20
    # The challenge is S256 of a verifier kept in this session only (never in the URL).
    with client.session_transaction() as s:
        kept = s[f"_state_gemeente_{query['state']}"]["data"]
    assert kept["nonce"] == query["nonce"]
    verifier = kept["code_verifier"]
    assert verifier not in location
    assert b64url(hashlib.sha256(verifier.encode()).digest()) == query["code_challenge"]


# -- each role -------------------------------------------------------------------------------

#: (role, reaches /beheer/upload, reaches /beheer/log)
ROLES = [("lezer", 403, 403), ("coordinator", 200, 403), ("beheerder", 200, 200)]


@pytest.mark.parametrize(("user", "upload", "log"), ROLES)
def test_each_role_logs_in_with_its_role(app, kc, user, upload, log):
    client = app.test_client()
    answer = gemeente_login(client, kc, user, volgende="/zoeken")
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/zoeken"
    with client.session_transaction() as s:
        assert s["rol"] == user and s["bron"] == "oidc"
    page = client.get("/").get_data(as_text=True)
    # The realm's users are "Test <User>": the name claim is shown, with the role.
    assert f"Test {user.capitalize()} ({user})" in page
    assert client.get("/beheer/upload").status_code == upload
    assert client.get("/beheer/log").status_code == log


def test_user_without_role_gets_dutch_page_and_no_session(app, kc):
    client = app.test_client()
    answer = gemeente_login(client, kc, "zonderrol")
    assert answer.status_code == 403
    text = answer.get_data(as_text=True)
    assert "Nog geen toegang" in text
    assert "Vraag de beheerder van LEA Graph bij uw gemeente" in text
    assert "Uitloggen" not in text
    with client.session_transaction() as s:
        assert "naam" not in s and "rol" not in s and "id_token" not in s
    # Not logged in: a coordinator's page sends to the login page.
    again = client.get("/beheer/upload")
    assert again.status_code == 302 and again.headers["Location"].startswith("/login")


def test_session_is_new_at_login(app, kc):
    client = app.test_client()
    client.get("/login")
    with client.session_transaction() as s:
        s["merk"] = "van voor het inloggen"
    before = session_cookie(client)
    at_keycloak = start_login(client)
    during = session_cookie(client)
    back = keycloak_form_login(keycloak_browser(), at_keycloak, "lezer", password(kc, "lezer"))
    assert client.get(callback_path(back)).status_code == 302
    after = session_cookie(client)
    assert after and after not in (before, during)
    with client.session_transaction() as s:
        assert "merk" not in s
        assert not [k for k in s if k.startswith("_state_")]
        assert s["naam"] == "Test Lezer"


def test_role_removed_at_provider_is_gone_at_next_login(app, kc):
    admin = KeycloakAdmin(kc)
    assert admin.user_groups("coordinator") == ["coordinator"]
    first = app.test_client()
    assert gemeente_login(first, kc, "coordinator").status_code == 302
    assert first.get("/beheer/upload").status_code == 200
    admin.set_membership("coordinator", "coordinator", False)
    try:
        second = app.test_client()
        answer = gemeente_login(second, kc, "coordinator")
        assert answer.status_code == 403
        assert "Nog geen toegang" in answer.get_data(as_text=True)
        assert second.get("/beheer/upload").status_code == 302
        # Moved to another group: the next login has that role instead.
        admin.set_membership("coordinator", "lezer", True)
        third = app.test_client()
        assert gemeente_login(third, kc, "coordinator").status_code == 302
        with third.session_transaction() as s:
            assert s["rol"] == "lezer"
        assert third.get("/beheer/upload").status_code == 403
    finally:
        admin.set_membership("coordinator", "lezer", False)
        admin.set_membership("coordinator", "coordinator", True)
    assert admin.user_groups("coordinator") == ["coordinator"]


def test_highest_role_counts_when_in_several_groups(app, kc):
    admin = KeycloakAdmin(kc)
    admin.set_membership("lezer", "beheerder", True)
    try:
        client = app.test_client()
        assert gemeente_login(client, kc, "lezer").status_code == 302
        with client.session_transaction() as s:
            assert s["rol"] == "beheerder"
        assert client.get("/beheer/log").status_code == 200
    finally:
        admin.set_membership("lezer", "beheerder", False)
    assert admin.user_groups("lezer") == ["lezer"]


def test_role_map_translates_provider_groups(kc, tmp_path):
    # The provider's "lezer" group is mapped to coordinator; unmapped values do not count.
    app = make_app(tmp_path / "data", **oidc_config(kc, OIDC_ROLE_MAP={"lezer": "coordinator"}))
    client = app.test_client()
    assert gemeente_login(client, kc, "lezer").status_code == 302
    with client.session_transaction() as s:
        assert s["rol"] == "coordinator"
    other = app.test_client()
    assert gemeente_login(other, kc, "beheerder").status_code == 403


# -- refused callbacks -------------------------------------------------------------------------


def assert_refused(answer, status: int, words: str, client) -> None:
    assert answer.status_code == status
    text = answer.get_data(as_text=True)
    assert words in text
    assert "Traceback" not in text and "Error" not in text
    with client.session_transaction() as s:
        assert "naam" not in s and "rol" not in s


def test_mismatched_state_is_refused(app, kc):
    client = app.test_client()
    at_keycloak = start_login(client)
    back = keycloak_form_login(
        keycloak_browser(), at_keycloak, "beheerder", password(kc, "beheerder")
    )
    path = callback_path(back)
    query = parse_qs(urlsplit(path).query)
    forged = path.replace("state=" + query["state"][0], "state=" + secrets.token_urlsafe(20))
    assert forged != path
    assert_refused(client.get(forged), 400, "hoort niet bij deze browser", client)
    # Without any state.
    assert_refused(
        client.get("/login/oidc/callback?code=" + query["code"][0]), 400, "Deze inlogpoging", client
    )


def test_callback_of_another_browser_is_refused(app, kc):
    victim, attacker = app.test_client(), app.test_client()
    at_keycloak = start_login(attacker)
    back = keycloak_form_login(
        keycloak_browser(), at_keycloak, "beheerder", password(kc, "beheerder")
    )
    victim.get("/login")
    assert_refused(victim.get(callback_path(back)), 400, "hoort niet bij deze browser", victim)


def test_replayed_callback_is_refused(app, kc):
    client = app.test_client()
    at_keycloak = start_login(client)
    back = callback_path(
        keycloak_form_login(keycloak_browser(), at_keycloak, "lezer", password(kc, "lezer"))
    )
    cookie_before = session_cookie(client)
    assert client.get(back).status_code == 302
    # The same callback again in the same browser: its state is used up.
    again = client.get(back)
    assert again.status_code == 400
    assert "hoort niet bij deze browser" in again.get_data(as_text=True)
    # ... and with a copy of the session cookie from before the callback (state and nonce
    # still in it): the nonce was used.
    copy = app.test_client()
    copy.set_cookie(SESSION_COOKIE, cookie_before, domain="localhost")
    assert_refused(copy.get(back), 400, "Deze inlogpoging is al gebruikt", copy)


def test_provider_error_is_refused(app, kc):
    client = app.test_client()
    location = start_login(client)
    state = parse_qs(urlsplit(location).query)["state"][0]
    assert_refused(
        client.get(f"/login/oidc/callback?error=access_denied&state={state}"),
        403,
        "U heeft het inloggen afgebroken",
        client,
    )
    assert_refused(
        client.get(
            "/login/oidc/callback?error=server_error&error_description=%3Cscript%3E&state=x"
        ),
        400,
        "De inlogdienst van de gemeente meldde een fout",
        client,
    )


def test_forged_code_is_refused(app, kc):
    client = app.test_client()
    location = start_login(client)
    state = parse_qs(urlsplit(location).query)["state"][0]
    assert_refused(
        client.get(f"/login/oidc/callback?code=verzonnen&state={state}"),
        400,
        "nam de inlogcode niet aan",
        client,
    )


def test_callback_refuses_token_of_another_issuer(kc, tmp_path):
    # The same Keycloak reached by another name: its tokens carry the issuer it is set
    # up with (127.0.0.1), not the one this app expects, so the callback refuses them.
    issuer = kc["LEA_OIDC_ISSUER"]
    assert issuer.startswith("http://127.0.0.1:")
    other_name = issuer.replace("http://127.0.0.1:", "http://localhost:")
    app = make_app(tmp_path / "data", **oidc_config(kc, OIDC_ISSUER=other_name))
    client = app.test_client()
    answer = gemeente_login(client, kc, "beheerder")
    assert_refused(answer, 400, "Het bewijs van inloggen van de gemeente klopt niet", client)


# -- the ID token ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_token(kc, discovery):
    """A real ID token from Keycloak for the lezer, with the nonce this test chose."""
    browser = keycloak_browser()
    verifier = b64url(secrets.token_bytes(32))
    nonce, state = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    redirect_uri = "http://127.0.0.1:38123/login/oidc/callback"
    request = requests.Request(
        "GET",
        discovery["authorization_endpoint"],
        params={
            "response_type": "code",
            "client_id": kc["LEA_OIDC_CLIENT_ID"],
            "redirect_uri": redirect_uri,
            "scope": "openid profile",
            "state": state,
            "nonce": nonce,
            "code_challenge": b64url(hashlib.sha256(verifier.encode()).digest()),
            "code_challenge_method": "S256",
        },
    ).prepare()
    back = keycloak_form_login(browser, request.url, "lezer", password(kc, "lezer"))
    code = parse_qs(urlsplit(back).query)["code"][0]
    tokens = requests.post(
        discovery["token_endpoint"],
        auth=(kc["LEA_OIDC_CLIENT_ID"], kc["LEA_OIDC_CLIENT_SECRET"]),
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
        },
        timeout=30,
    )
    tokens.raise_for_status()
    jwks = requests.get(discovery["jwks_uri"], timeout=30).json()
    return {
        "id_token": tokens.json()["id_token"],
        "access_token": tokens.json()["access_token"],
        "jwks": jwks,
        "issuer": kc["LEA_OIDC_ISSUER"],
        "client_id": kc["LEA_OIDC_CLIENT_ID"],
        "nonce": nonce,
    }


def check(token: dict, **changes):
    args = {**token, **changes}
    return oidc.validate_id_token(
        args["id_token"],
        jwks=args["jwks"],
        issuer=args["issuer"],
        client_id=args["client_id"],
        nonce=args["nonce"],
        access_token=args["access_token"],
        now=args.get("now"),
    )


def test_real_token_is_accepted(real_token):
    claims = check(real_token)
    assert claims["preferred_username"] == "lezer"
    assert claims["groups"] == ["lezer"]
    assert oidc.role_from_claims(claims) == "lezer"


def test_tampered_signature_is_refused(real_token):
    header, payload, signature = real_token["id_token"].split(".")
    raw = bytearray(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)))
    raw[len(raw) // 2] ^= 0x01
    tampered = ".".join([header, payload, b64url(bytes(raw))])
    with pytest.raises(oidc.IdTokenRefused):
        check(real_token, id_token=tampered)


def test_tampered_claims_are_refused(real_token):
    header, _, signature = real_token["id_token"].split(".")
    claims = part(real_token["id_token"], 1)
    claims["groups"] = ["beheerder"]
    forged = ".".join([header, b64url(json.dumps(claims).encode()), signature])
    with pytest.raises(oidc.IdTokenRefused):
        check(real_token, id_token=forged)


def test_token_signed_with_client_secret_is_refused(real_token, kc):
    # Someone holding the client secret makes an HS256 token with every claim right.
    from joserfc import jwt
    from joserfc.jwk import OctKey

    claims = part(real_token["id_token"], 1)
    key = OctKey.import_key(kc["LEA_OIDC_CLIENT_SECRET"])
    forged = jwt.encode({"alg": "HS256"}, claims, key)
    with pytest.raises(oidc.IdTokenRefused):
        check(real_token, id_token=forged)


def test_unsigned_token_is_refused(real_token):
    claims = part(real_token["id_token"], 1)
    unsigned = ".".join([b64url(b'{"alg":"none"}'), b64url(json.dumps(claims).encode()), ""])
    with pytest.raises(oidc.IdTokenRefused):
        check(real_token, id_token=unsigned)


def test_expired_token_is_refused(real_token):
    # Keycloak's ID tokens live minutes: a day later it is long expired.
    with pytest.raises(oidc.IdTokenRefused, match="exp"):
        check(real_token, now=int(time.time()) + 24 * 3600)


def test_wrong_issuer_is_refused(real_token, kc):
    master = kc["LEA_KEYCLOAK_URL"].rstrip("/") + "/realms/master"
    with pytest.raises(oidc.IdTokenRefused, match="iss"):
        check(real_token, issuer=master)


def test_wrong_audience_is_refused(real_token):
    with pytest.raises(oidc.IdTokenRefused, match="aud"):
        check(real_token, client_id="een-andere-app")


def test_other_nonce_is_refused(real_token):
    with pytest.raises(oidc.IdTokenRefused, match="nonce"):
        check(real_token, nonce=secrets.token_urlsafe(16))


def test_keys_of_another_realm_are_refused(real_token, kc):
    other = requests.get(
        kc["LEA_KEYCLOAK_URL"].rstrip("/") + "/realms/master/protocol/openid-connect/certs",
        timeout=30,
    ).json()
    with pytest.raises(oidc.IdTokenRefused):
        check(real_token, jwks=other)


# -- logout --------------------------------------------------------------------------------------


def test_logout_ends_session_here_and_at_keycloak(app, kc, discovery):
    client = app.test_client()
    browser = keycloak_browser()
    at_keycloak = start_login(client)
    back = keycloak_form_login(browser, at_keycloak, "beheerder", password(kc, "beheerder"))
    assert client.get(callback_path(back)).status_code == 302
    logged_in_cookie = session_cookie(client)
    with client.session_transaction() as s:
        id_token = s["id_token"]

    answer = client.post("/logout", data={"csrf_token": csrf_of(client, "/")})
    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert location.startswith(discovery["end_session_endpoint"] + "?")
    query = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    assert query["id_token_hint"] == id_token
    assert query["post_logout_redirect_uri"] == "http://localhost/uitgelogd"
    with client.session_transaction() as s:
        assert "naam" not in s

    # Keycloak ends its session and sends the browser back to the app.
    ended = browser.get(location, allow_redirects=False, timeout=30)
    assert ended.status_code in (302, 303)
    home = urlsplit(ended.headers["Location"])
    assert home.path == "/uitgelogd"
    page = client.get(f"{home.path}?{home.query}")
    assert page.status_code == 200
    assert "U bent uitgelogd" in page.get_data(as_text=True)

    # Keycloak asks for the password again (no single sign-on left) ...
    again = browser.get(start_login(client), allow_redirects=False, timeout=30)
    assert again.status_code == 200 and "kc-form-login" in again.text
    # ... and the old session cookie no longer logs in here.
    copy = app.test_client()
    copy.set_cookie(SESSION_COOKIE, logged_in_cookie, domain="localhost")
    assert copy.get("/beheer/log").status_code == 302


def test_keycloak_keeps_single_sign_on_without_logout(app, kc):
    # The counterpart of the test above: without logging out, Keycloak's session lets the
    # next login through without the form (so "asks again" above is the logout's doing).
    client = app.test_client()
    browser = keycloak_browser()
    back = keycloak_form_login(browser, start_login(client), "lezer", password(kc, "lezer"))
    assert client.get(callback_path(back)).status_code == 302
    other = app.test_client()
    answer = browser.get(start_login(other), allow_redirects=False, timeout=30)
    assert answer.status_code in (302, 303)
    assert other.get(callback_path(answer.headers["Location"])).status_code == 302
    with other.session_transaction() as s:
        assert s["rol"] == "lezer"


# -- the login page and local accounts ------------------------------------------------------------


def test_local_accounts_remain_by_default(app):
    page = app.test_client().get("/login").get_data(as_text=True)
    assert "Inloggen met uw gemeente-account" in page
    assert 'name="wachtwoord"' in page
    client = app.test_client()
    login(client, "coordinator")
    assert client.get("/beheer/upload").status_code == 200


def test_local_login_can_be_switched_off(kc, tmp_path):
    app = make_app(tmp_path / "data", **oidc_config(kc, LOCAL_LOGIN=False))
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    assert "Inloggen met uw gemeente-account" in page
    assert 'name="wachtwoord"' not in page
    from helpers import PASSWORDS

    answer = client.post(
        "/login",
        data={
            "csrf_token": csrf_of(client),
            "naam": "coordinator",
            "wachtwoord": PASSWORDS["coordinator"],
        },
    )
    assert answer.status_code == 403
    assert "staat uit" in answer.get_data(as_text=True)
    with client.session_transaction() as s:
        assert "naam" not in s
    # The gemeente's accounts still log in.
    assert gemeente_login(client, kc, "coordinator").status_code == 302
    assert client.get("/beheer/upload").status_code == 200


def test_without_oidc_only_local_login(tmp_path):
    # LOCAL_LOGIN off without a gemeente login would lock everyone out: it is ignored.
    app = make_app(tmp_path / "data", LOCAL_LOGIN=False)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    assert "gemeente-account" not in page
    assert 'name="wachtwoord"' in page
    assert client.post("/login/oidc", data={"csrf_token": csrf_of(client)}).status_code == 404


def test_gemeente_login_needs_csrf_token(app):
    client = app.test_client()
    client.get("/login")
    answer = client.post("/login/oidc", data={"csrf_token": "fout"})
    assert answer.status_code == 400
    assert "formulier is verlopen" in answer.get_data(as_text=True)


def test_forms_may_lead_to_the_provider_only(app, kc):
    csp = app.test_client().get("/login").headers["Content-Security-Policy"]
    origin = kc["LEA_KEYCLOAK_URL"].rstrip("/")
    assert f"form-action 'self' {origin};" in csp
    assert "frame-ancestors 'none'" in csp


def test_provider_unreachable_gives_dutch_page(tmp_path):
    app = make_app(
        tmp_path / "data",
        OIDC_ISSUER="http://127.0.0.1:9/realms/weg",
        OIDC_CLIENT_ID="lea-graph",
        OIDC_CLIENT_SECRET="x",
        OIDC_TIMEOUT_S=2,
    )
    client = app.test_client()
    client.get("/login")
    answer = client.post("/login/oidc", data={"csrf_token": csrf_of(client)})
    assert answer.status_code == 503
    assert "inlogdienst van de gemeente is nu niet bereikbaar" in answer.get_data(as_text=True)


# -- the role claim ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claims", "claim", "role_map", "expected"),
    [
        ({"groups": ["lezer"]}, "groups", None, "lezer"),
        ({"groups": "coordinator"}, "groups", None, "coordinator"),
        ({"groups": ["/beheerder"]}, "groups", None, "beheerder"),
        ({"groups": ["lezer", "beheerder", "coordinator"]}, "groups", None, "beheerder"),
        ({"groups": ["andere-groep"]}, "groups", None, None),
        ({}, "groups", None, None),
        ({"groups": 3}, "groups", None, None),
        (
            {"roles": ["LEA.Coordinator"]},
            "roles",
            {"LEA.Coordinator": "coordinator"},
            "coordinator",
        ),
        # With a map, a value that is not in it does not count, even a role's own name.
        ({"roles": ["beheerder"]}, "roles", {"LEA.Lezer": "lezer"}, None),
        ({"roles": ["LEA.Lezer", "beheerder"]}, "roles", {"LEA.Lezer": "lezer"}, "lezer"),
    ],
)
def test_role_from_claims(claims, claim, role_map, expected):
    assert oidc.role_from_claims(claims, claim, role_map) == expected


def test_new_pages_are_plain_dutch(app, kc):
    from test_taal import problems, visible

    client = app.test_client()
    pages = {"/login": client.get("/login")}
    pages["geen rol"] = gemeente_login(client, kc, "zonderrol")
    pages["/uitgelogd"] = client.get("/uitgelogd")
    start_login(client)
    pages["state"] = client.get("/login/oidc/callback?code=x&state=y")
    pages["access_denied"] = client.get("/login/oidc/callback?error=access_denied")
    for name, answer in pages.items():
        text, _ = visible(answer.get_data(as_text=True), False)
        assert problems(text, set()) == [], (name, text)


def test_logout_without_kept_id_token_names_the_client(app, kc, discovery):
    # A token too large for the session cookie is not kept: the logout names the client.
    client = app.test_client()
    browser = keycloak_browser()
    back = keycloak_form_login(browser, start_login(client), "lezer", password(kc, "lezer"))
    assert client.get(callback_path(back)).status_code == 302
    with client.session_transaction() as s:
        s["id_token"] = None
    answer = client.post("/logout", data={"csrf_token": csrf_of(client, "/")})
    location = answer.headers["Location"]
    query = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    assert "id_token_hint" not in query
    assert query["client_id"] == kc["LEA_OIDC_CLIENT_ID"]
    # Without the token Keycloak asks the user to confirm (its own page), then ends its
    # session and sends the browser back.
    confirm = browser.get(location, allow_redirects=False, timeout=30)
    assert confirm.status_code == 200 and 'id="kc-logout"' in confirm.text
    action = re.search(r'<form[^>]+action="([^"]*logout-confirm[^"]*)"', confirm.text)
    code = re.search(r'name="session_code" value="([^"]+)"', confirm.text)
    ended = browser.post(
        urljoin(location, html.unescape(action.group(1))),
        data={"session_code": code.group(1), "confirmLogout": "Uitloggen"},
        allow_redirects=False,
        timeout=30,
    )
    assert ended.status_code in (302, 303)
    assert urlsplit(ended.headers["Location"]).path == "/uitgelogd"
    again = browser.get(start_login(client), allow_redirects=False, timeout=30)
    assert again.status_code == 200 and "kc-form-login" in again.text
