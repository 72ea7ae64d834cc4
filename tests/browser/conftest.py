"""Real-browser fixtures: the app served by waitress on localhost, Debian's Chromium
driven by Playwright, and a record of every request, console message and dialog."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browsing import CHROMIUM, Watched, serve_app


@pytest.fixture(scope="session")
def live_url(web_app):
    with web_app.app_context():  # open and seed the store before the browser arrives
        from web.db import get_store

        get_store()
    server, thread = serve_app(web_app)
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(5)


@pytest.fixture(scope="session")
def xss_url(xss_app):
    server, thread = serve_app(xss_app)
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(5)


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
