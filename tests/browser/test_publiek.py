"""Published views in a real browser (issue 29 §2): a page of another site (another
port: another origin) embeds a published wijk view in an iframe. With that origin in
``EMBED_ORIGINS`` the frame shows who does what; from an origin not configured Chromium
refuses to draw it (CSP ``frame-ancestors``). Also: the coordinator's page, the public
view and the saved views pass axe (WCAG 2.1 AA), and a saved view is saved, shared,
opened and deleted."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path

import pytest
from browsing import SCREENSHOTS, axe_violations, log_in, served
from helpers import close_app, make_app
from playwright.sync_api import expect


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # no request lines in the test output
        pass


@contextlib.contextmanager
def other_site(folder: Path):
    """A tiny web site serving ``folder`` on a free localhost port of its own."""
    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """(the explorer's URL, the allowed site's URL and folder, the other site's URL and
    folder): the explorer needs a login to read, and lets only the first site frame."""
    allowed_dir = tmp_path_factory.mktemp("gemeente-site")
    other_dir = tmp_path_factory.mktemp("andere-site")
    with other_site(allowed_dir) as allowed, other_site(other_dir) as other:
        app = make_app(
            tmp_path_factory.mktemp("publiek-browser"),
            ANONYMOUS_READ=False,
            EMBED_ORIGINS=[allowed],
        )
        with app.app_context():
            from web.db import get_store

            get_store()  # seed before the browser arrives
        try:
            with served(app) as url:
                yield url, (allowed, allowed_dir), (other, other_dir)
        finally:
            close_app(app)


def host_page(folder: Path, src: str) -> str:
    """Write the other site's page embedding ``src`` the way the coordinator's snippet
    does; return its file name."""
    (folder / "wijk.html").write_text(
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Gemeente</title>'
        f"</head><body><h1>Website van de gemeente</h1>{src}</body></html>",
        encoding="utf-8",
    )
    return "wijk.html"


def publish_heikant(page, base: str) -> tuple[str, str]:
    """Publish Heikant's who does what as the coordinator; (public address, snippet)."""
    log_in(page, base, "coordinator", "/beheer/publiceren")
    page.get_by_label("Wijk", exact=True).select_option(label="Heikant")
    page.get_by_role("button", name="Publiceer wie doet wat").click()
    expect(page.get_by_role("status").first).to_contain_text("Gepubliceerd")
    item = page.locator("ul.publicaties > li").first
    address = item.get_by_label("Openbaar adres").input_value()
    snippet = item.get_by_label("Code voor de website (iframe)").input_value()
    return address, snippet


def test_an_allowed_site_shows_the_published_wijk_in_its_frame(watched, sites):
    base, (allowed, allowed_dir), (other, other_dir) = sites
    page = watched.page
    address, snippet = publish_heikant(page, base)
    assert address.startswith(base + "/publiek/")
    assert snippet.startswith(f'<iframe src="{address}" title="Wie doet wat in Heikant"')
    assert 'loading="lazy"' in snippet
    violations = axe_violations(page)
    assert violations == [], violations
    page.screenshot(path=str(SCREENSHOTS / "publiceren.png"), full_page=True)

    # A visitor of the gemeente's site, never logged in to the explorer.
    visitor = page.context.browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        host = visitor.new_page()
        host.goto(f"{allowed}/{host_page(allowed_dir, snippet)}")
        frame = host.frame_locator("iframe")
        expect(frame.get_by_role("heading", name="Wie doet wat in Heikant")).to_be_visible()
        expect(frame.locator("ul.who > li").first).to_be_visible()
        assert frame.locator("ul.who > li").count() > 10
        expect(frame.locator(".example").first).to_have_text("(voorbeeld)")
        assert frame.locator("nav").count() == 0
        assert frame.get_by_role("link", name="Inloggen").count() == 0
        host.screenshot(path=str(SCREENSHOTS / "publiek-ingebed.png"))

        # The same snippet on a site that is not configured: Chromium does not draw it.
        errors: list[str] = []
        blocked = visitor.new_page()
        blocked.on("console", lambda m: errors.append(m.text))
        blocked.goto(f"{other}/{host_page(other_dir, snippet)}")
        expect(blocked.get_by_role("heading", name="Website van de gemeente")).to_be_visible()
        blocked.wait_for_timeout(1500)
        inner = [f for f in blocked.frames if f is not blocked.main_frame]
        assert len(inner) == 1
        assert not inner[0].url.startswith(base), inner[0].url  # an error page instead
        assert blocked.frame_locator("iframe").locator("ul.who").count() == 0
        assert any("frame-ancestors" in e for e in errors), errors
        blocked.screenshot(path=str(SCREENSHOTS / "publiek-geweigerd.png"))
    finally:
        visitor.close()


def test_the_public_view_passes_axe_and_unpublishing_ends_it(watched, sites):
    base, _, _ = sites
    page = watched.page
    address, _ = publish_heikant(page, base)
    visitor = page.context.browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        public = visitor.new_page()
        public.goto(address)
        expect(public.get_by_role("heading", name="Wie doet wat in Heikant")).to_be_visible()
        violations = axe_violations(public)
        assert violations == [], violations
        # The coordinator unpublishes it: the next visit finds nothing.
        item = page.locator("ul.publicaties > li").filter(
            has=page.locator(f'input[value="{address}"]')
        )
        item.get_by_role("button", name="Intrekken").click()
        expect(page.get_by_role("status").first).to_contain_text("ingetrokken")
        response = public.goto(address)
        assert response.status == 404
        expect(public.get_by_role("heading", name="Niet gevonden")).to_be_visible()
    finally:
        visitor.close()
    watched.assert_clean(base)


def test_a_saved_map_is_shared_opened_and_deleted(watched, sites):
    base, _, _ = sites
    page = watched.page
    log_in(page, base, "lezer", "/kaart?kleur=hub&hub=h-sport")
    page.get_by_label("Bewaar deze keuze als").fill("Sport per wijk")
    page.get_by_role("button", name="Bewaren").click()
    saved = page.locator("#bewaarde-weergaven")
    link = saved.get_by_role("link", name="Sport per wijk")
    expect(link).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], violations
    shared = saved.get_by_label("Link naar Sport per wijk").input_value()
    assert shared == base + "/kaart?kleur=hub&hub=h-sport"
    page.goto(base + "/kaart")
    page.locator("#bewaarde-weergaven").get_by_role("link", name="Sport per wijk").click()
    expect(page.get_by_label("Hub (bij ‘partners van één hub’)")).to_have_value("h-sport")
    expect(page.get_by_label("Kleur de wijken naar")).to_have_value("hub")
    page.locator("#bewaarde-weergaven").get_by_role("button", name="Verwijderen").click()
    expect(page.locator("#bewaarde-weergaven")).to_contain_text("Nog geen bewaarde weergaven")
    watched.assert_clean(base)


@pytest.mark.parametrize(
    "form, button, title",
    [
        ({"Kleur de wijken naar": "doel"}, "Publiceer de kaart", "Kaart van de wijken"),
        ({"Hub": "Cultuur en muziek"}, "Publiceer het bereik van de hub",
         "Bereik van de hub Cultuur en muziek per wijk"),
    ],
)  # fmt: skip
def test_a_published_map_and_hub_pass_axe(watched, sites, form, button, title):
    base, _, _ = sites
    page = watched.page
    log_in(page, base, "coordinator", "/beheer/publiceren")
    for label, value in form.items():
        field = page.get_by_label(label, exact=True)
        if label == "Hub":
            field.select_option(label=value)
        else:
            field.select_option(value)
    page.get_by_role("button", name=button).click()
    address = page.locator("ul.publicaties > li").first.get_by_label("Openbaar adres").input_value()
    visitor = page.context.browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        public = visitor.new_page()
        public.goto(address)
        expect(public.get_by_role("heading", name=title, exact=True)).to_be_visible()
        # A wijk on the map leads to its figures on the same page.
        public.locator("a.kaart-wijk").first.click()
        assert "#wijk-" in public.url and public.url.startswith(address)
        violations = axe_violations(public)
        assert violations == [], violations
    finally:
        visitor.close()
