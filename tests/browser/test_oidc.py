"""Login with the gemeente's accounts in a real browser: Chromium, the explorer served by
waitress and the project's real Keycloak (scripts/keycloak-local.sh), its own login form
filled in as a person would."""

from __future__ import annotations

import re

import pytest
from browsing import axe_violations, served
from helpers import KeycloakAdmin, close_app, make_app, need_keycloak, oidc_config
from playwright.sync_api import expect

LAPTOP = {"viewport": {"width": 1366, "height": 768}, "locale": "nl-NL"}


@pytest.fixture(scope="module")
def kc():
    return need_keycloak()


@pytest.fixture(scope="module")
def site(kc, tmp_path_factory):
    """The explorer with gemeente login, served on 127.0.0.1: ``(url, app)``."""
    app = make_app(tmp_path_factory.mktemp("oidc-browser"), **oidc_config(kc))
    with app.app_context():
        from web.db import get_store

        get_store()  # seed before the browser arrives
    with served(app) as url:
        yield url, app
    close_app(app)


@pytest.fixture
def page(browser):
    context = browser.new_context(**LAPTOP)
    yield context.new_page()
    context.close()


def session_cookie(page, url: str) -> str | None:
    found = [c["value"] for c in page.context.cookies(url) if c["name"] == "session"]
    return found[0] if found else None


def keycloak_login(page, kc, user: str) -> None:
    """On Keycloak's login page: fill in the user's name and password and log in."""
    expect(page.locator("#kc-form-login")).to_be_visible()
    assert page.url.startswith(kc["LEA_OIDC_ISSUER"] + "/protocol/openid-connect/auth")
    page.fill("#username", user)
    page.fill("#password", kc[f"LEA_KEYCLOAK_PASSWORD_{user.upper()}"])
    page.click("#kc-login")


def gemeente_login(page, url: str, kc, user: str, start: str = "/login") -> None:
    page.goto(url + start)
    page.get_by_role("button", name="Inloggen met uw gemeente-account").click()
    keycloak_login(page, kc, user)
    page.wait_for_url(re.compile("^" + re.escape(url)))


#: (user, status of /beheer/upload, status of /beheer/log)
ROLES = [("lezer", 403, 403), ("coordinator", 200, 403), ("beheerder", 200, 200)]


@pytest.mark.parametrize(("user", "upload", "log"), ROLES)
def test_each_role_logs_in_through_keycloak(page, site, kc, user, upload, log):
    url, _ = site
    page.goto(url + "/login")
    before = session_cookie(page, url)
    gemeente_login(page, url, kc, user, start="/login?volgende=/zoeken")
    assert page.url == url + "/zoeken"
    after = session_cookie(page, url)
    assert after and after != before  # a new session at login
    expect(page.locator(".account")).to_contain_text(f"Test {user.capitalize()} ({user})")
    assert page.goto(url + "/beheer/upload").status == upload
    assert page.goto(url + "/beheer/log").status == log
    if upload == 403:
        expect(page.locator("h1")).to_have_text("Geen toegang")


def test_user_without_role_gets_dutch_page(page, site, kc):
    url, _ = site
    gemeente_login(page, url, kc, "zonderrol")
    assert page.url.startswith(url + "/login/oidc/callback")
    expect(page.locator("h1")).to_have_text("Nog geen toegang")
    expect(page.locator("main")).to_contain_text("Vraag de beheerder van LEA Graph bij uw gemeente")
    expect(page.locator(".account")).to_contain_text("Inloggen")
    assert axe_violations(page) == []
    # No session: a coordinator's page sends to the login page.
    page.goto(url + "/beheer/upload")
    assert page.url.startswith(url + "/login")


def test_role_removed_at_keycloak_is_gone_at_next_login(page, site, kc):
    url, _ = site
    admin = KeycloakAdmin(kc)
    gemeente_login(page, url, kc, "coordinator")
    assert page.goto(url + "/beheer/upload").status == 200
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(url + "/uitgelogd*")
    admin.set_membership("coordinator", "coordinator", False)
    try:
        gemeente_login(page, url, kc, "coordinator")
        expect(page.locator("h1")).to_have_text("Nog geen toegang")
        page.goto(url + "/beheer/upload")
        assert page.url.startswith(url + "/login")
    finally:
        admin.set_membership("coordinator", "coordinator", True)
    assert admin.user_groups("coordinator") == ["coordinator"]


def test_logout_goes_to_keycloak_and_back(page, site, kc):
    url, _ = site
    gemeente_login(page, url, kc, "beheerder")
    visited: list[str] = []
    page.on("request", lambda r: r.is_navigation_request() and visited.append(r.url))
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(url + "/uitgelogd*")
    expect(page.locator("h1")).to_have_text("U bent uitgelogd")
    end_session = kc["LEA_OIDC_ISSUER"] + "/protocol/openid-connect/logout"
    assert any(u.startswith(end_session + "?") and "id_token_hint=" in u for u in visited), visited
    assert page.goto(url + "/beheer/log").url.startswith(url + "/login")
    # Keycloak asks for the password again.
    page.goto(url + "/login")
    page.get_by_role("button", name="Inloggen met uw gemeente-account").click()
    expect(page.locator("#kc-form-login")).to_be_visible()
    expect(page.locator("#password")).to_be_visible()


def test_login_page_with_gemeente_button_is_accessible(page, site):
    url, _ = site
    page.goto(url + "/login")
    expect(page.get_by_role("button", name="Inloggen met uw gemeente-account")).to_be_visible()
    expect(page.get_by_label("Wachtwoord")).to_be_visible()
    assert axe_violations(page) == []


def test_only_gemeente_button_when_local_login_off(page, kc, tmp_path):
    app = make_app(tmp_path / "data", **oidc_config(kc, LOCAL_LOGIN=False))
    with served(app) as url:
        page.goto(url + "/login")
        expect(page.get_by_role("button", name="Inloggen met uw gemeente-account")).to_be_visible()
        expect(page.get_by_label("Wachtwoord")).to_have_count(0)
        gemeente_login(page, url, kc, "lezer")
        expect(page.locator(".account")).to_contain_text("Test Lezer (lezer)")
    close_app(app)
