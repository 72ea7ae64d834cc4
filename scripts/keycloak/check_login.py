#!/usr/bin/env python3
"""Check the local Keycloak of scripts/keycloak-local.sh with real logins.

    eval "$(scripts/keycloak-local.sh start)"
    .venv/bin/python scripts/keycloak/check_login.py [USER ...]

For each test user (default: lezer, coordinator, beheerder, zonderrol) this does what the
explorer's browser and server will do: an authorization code login with PKCE (S256) on
the login page (the HTML form is read and posted as a browser would), the redirect to a
loopback redirect_uri with an arbitrary port, the code exchange at the token endpoint
with the client secret and the code_verifier, and RP-initiated logout with id_token_hint
and post_logout_redirect_uri. It checks the ID token's iss, aud, nonce and the role claim
(LEA_OIDC_ROLE_CLAIM): the user's group for lezer, coordinator and beheerder, none for
zonderrol. It also checks that a request without PKCE, a redirect_uri outside loopback and
a wrong password are refused.

Reads LEA_OIDC_ISSUER, LEA_OIDC_CLIENT_ID, LEA_OIDC_CLIENT_SECRET, LEA_OIDC_ROLE_CLAIM
and LEA_KEYCLOAK_PASSWORD_<USER> from the environment. Only the standard library and
requests. Exit status 0 when every check passed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import sys
import time
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import requests

USERS = ("lezer", "coordinator", "beheerder", "zonderrol")
ROLES = {"lezer": ["lezer"], "coordinator": ["coordinator"], "beheerder": ["beheerder"]}


class LoginForm(HTMLParser):
    """The login form of the Keycloak login page: its action and its input fields."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: dict[str, str] = {}
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("id") == "kc-form-login" or self.action is None):
            self.action = a.get("action")
            self._in_form = True
        elif tag == "input" and self._in_form and a.get("name"):
            self.fields[a["name"]] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False


class Browser(requests.Session):
    """A session that sends Secure cookies back to http://127.0.0.1 and http://localhost,
    as browsers do (they count loopback as a secure context): Keycloak marks its login
    cookies Secure, and http.cookiejar would keep them for https only."""

    def send(self, request, **kwargs):
        response = super().send(request, **kwargs)
        for cookie in self.cookies:
            if cookie.domain in ("127.0.0.1", "localhost", "localhost.local", "[::1]"):
                cookie.secure = False
        return response


def browser() -> requests.Session:
    return Browser()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt_payload(token: str) -> dict:
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        sys.exit(f'{name} ontbreekt; eerst: eval "$(scripts/keycloak-local.sh start)"')
    return value


class Check:
    def __init__(self) -> None:
        self.failures = 0

    def __call__(self, ok: bool, what: str) -> bool:
        if not ok:
            self.failures += 1
            print(f"  FOUT: {what}")
        return ok


def login_page(session, config, client_id, redirect_uri, *, pkce=True):
    """Start an authorization request; returns (response, state, nonce, verifier)."""
    verifier = b64url(secrets.token_bytes(32))
    state, nonce = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": "openid",
        "state": state,
        "nonce": nonce,
    }
    if pkce:
        params["code_challenge"] = b64url(hashlib.sha256(verifier.encode()).digest())
        params["code_challenge_method"] = "S256"
    response = session.get(
        config["authorization_endpoint"], params=params, allow_redirects=False, timeout=30
    )
    return response, state, nonce, verifier


def post_login(session, page, username, password):
    form = LoginForm()
    form.feed(page.text)
    if not form.action:
        return None
    fields = dict(form.fields, username=username, password=password)
    fields.pop("rememberMe", None)
    return session.post(form.action, data=fields, allow_redirects=False, timeout=30)


def check_user(user, config, issuer, client_id, client_secret, role_claim, check) -> None:
    password = env(f"LEA_KEYCLOAK_PASSWORD_{user.upper()}")
    port = 20000 + secrets.randbelow(40000)
    redirect_uri = f"http://127.0.0.1:{port}/auth/callback"
    session = browser()
    started = time.monotonic()

    page, state, nonce, verifier = login_page(session, config, client_id, redirect_uri)
    if not check(
        page.status_code == 200 and "kc-form-login" in page.text,
        f"{user}: geen inlogpagina (HTTP {page.status_code})",
    ):
        return
    answer = post_login(session, page, user, password)
    if not check(
        answer is not None and answer.status_code in (302, 303),
        f"{user}: inloggen leidde niet tot een redirect "
        f"(HTTP {getattr(answer, 'status_code', None)})",
    ):
        return
    location = answer.headers["Location"]
    target = urlsplit(location)
    query = {k: v[0] for k, v in parse_qs(target.query).items()}
    check(location.startswith(redirect_uri + "?"), f"{user}: redirect naar {location!r}")
    check(query.get("state") == state, f"{user}: state klopt niet")
    check(query.get("iss") in (None, issuer), f"{user}: iss in de redirect is {query.get('iss')!r}")
    if not check("code" in query, f"{user}: geen code in de redirect ({query.get('error')!r})"):
        return

    tokens = requests.post(
        config["token_endpoint"],
        auth=(client_id, client_secret),
        data={
            "grant_type": "authorization_code",
            "code": query["code"],
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
        },
        timeout=30,
    )
    if not check(
        tokens.status_code == 200,
        f"{user}: token endpoint HTTP {tokens.status_code}: {tokens.text[:200]}",
    ):
        return
    id_token = tokens.json()["id_token"]
    claims = jwt_payload(id_token)
    check(claims.get("iss") == issuer, f"{user}: iss is {claims.get('iss')!r}")
    check(claims.get("aud") in (client_id, [client_id]), f"{user}: aud is {claims.get('aud')!r}")
    check(claims.get("nonce") == nonce, f"{user}: nonce klopt niet")
    check(
        claims.get("preferred_username") == user,
        f"{user}: preferred_username is {claims.get('preferred_username')!r}",
    )
    roles = claims.get(role_claim)
    if user in ROLES:
        check(roles == ROLES[user], f"{user}: {role_claim} is {roles!r}, verwacht {ROLES[user]!r}")
    else:
        check(not roles, f"{user}: {role_claim} is {roles!r}, verwacht leeg of afwezig")
    seconds = time.monotonic() - started
    print(
        f"{user}: ingelogd via redirect_uri poort {port} ({seconds:.2f} s); "
        f"{role_claim}={roles!r} sub={claims.get('sub')} email={claims.get('email')}"
    )

    # RP-initiated logout: straight back to the post_logout_redirect_uri, without a page.
    after = f"http://127.0.0.1:{port}/afgemeld"
    logout = session.get(
        config["end_session_endpoint"],
        params={"id_token_hint": id_token, "post_logout_redirect_uri": after, "state": "x1"},
        allow_redirects=False,
        timeout=30,
    )
    check(
        logout.status_code in (302, 303)
        and logout.headers.get("Location", "").startswith(after + "?"),
        f"{user}: uitloggen gaf HTTP {logout.status_code} naar {logout.headers.get('Location')!r}",
    )
    again, *_ = login_page(session, config, client_id, redirect_uri)
    check(
        again.status_code == 200 and "kc-form-login" in again.text,
        f"{user}: na uitloggen niet opnieuw de inlogpagina (HTTP {again.status_code})",
    )


def check_refusals(config, client_id, check) -> None:
    redirect_uri = f"http://127.0.0.1:{20000 + secrets.randbelow(40000)}/auth/callback"
    # Without PKCE: Keycloak sends the browser back with an error.
    response, *_ = login_page(browser(), config, client_id, redirect_uri, pkce=False)
    location = response.headers.get("Location", "")
    check(
        response.status_code in (302, 303) and "error=" in location and "code=" not in location,
        f"zonder PKCE niet geweigerd: HTTP {response.status_code} {location!r}",
    )
    # A redirect_uri that is not loopback.
    response, *_ = login_page(
        browser(), config, client_id, "http://127.0.0.1.example.org/auth/callback"
    )
    check(
        response.status_code == 400,
        f"redirect_uri 127.0.0.1.example.org niet geweigerd (HTTP {response.status_code})",
    )
    # A wrong password: the login page again, no redirect.
    session = browser()
    page, *_ = login_page(session, config, client_id, redirect_uri)
    answer = post_login(session, page, "lezer", "fout-wachtwoord")
    check(
        answer is not None and answer.status_code == 200 and "kc-form-login" in answer.text,
        f"fout wachtwoord niet geweigerd (HTTP {getattr(answer, 'status_code', None)})",
    )
    print("geweigerd: zonder PKCE, redirect_uri buiten loopback, fout wachtwoord")


def main(argv: list[str]) -> int:
    issuer = env("LEA_OIDC_ISSUER").rstrip("/")
    client_id = env("LEA_OIDC_CLIENT_ID")
    client_secret = env("LEA_OIDC_CLIENT_SECRET")
    role_claim = os.environ.get("LEA_OIDC_ROLE_CLAIM", "groups")
    users = argv or list(USERS)
    check = Check()
    config = requests.get(issuer + "/.well-known/openid-configuration", timeout=30).json()
    check(config.get("issuer") == issuer, f"discovery: issuer is {config.get('issuer')!r}")
    check("S256" in config.get("code_challenge_methods_supported", []), "discovery: geen S256")
    print(f"discovery: {issuer} (token {config['token_endpoint']})")
    for user in users:
        check_user(user, config, issuer, client_id, client_secret, role_claim, check)
    check_refusals(config, client_id, check)
    print("alles goed" if not check.failures else f"{check.failures} fout(en)")
    return 1 if check.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
