"""Real-browser fixtures: the app served by waitress on localhost, Debian's Chromium
driven by Playwright, and a record of every request, console message and dialog."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browsing import CHROMIUM, Watched, served
from helpers import close_app, make_app


@pytest.fixture(scope="session")
def live_app(browser_apps):
    """The seeded explorer the browser visits (the embedded store)."""
    return browser_apps[0]


@pytest.fixture(scope="session")
def live_url(live_app):
    with live_app.app_context():  # open and seed the store before the browser arrives
        from web.db import get_store

        get_store()
    with served(live_app) as url:
        yield url


@pytest.fixture(scope="module")
def accounts_url(tmp_path_factory):
    """A seeded explorer with the test accounts, served for one module that may change its
    network (uploads, approvals): ``(url, app)``."""
    app = make_app(tmp_path_factory.mktemp("accounts-browser"))
    with app.app_context():
        from web.db import get_store

        get_store()  # seed before the browser arrives
    with served(app) as url:
        yield url, app
    close_app(app)


@pytest.fixture(scope="session")
def xss_url(browser_apps):
    with served(browser_apps[1]) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    assert shutil.which("chromium") or Path(CHROMIUM).exists(), (
        "Debian's chromium is needed for the browser tests (scripts/test.sh installs it)"
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nl-NL")
    page = context.new_page()
    yield Watched(page)
    context.close()
