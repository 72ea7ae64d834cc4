"""The map of the wijken in a real browser (Debian's Chromium through Playwright): the
Tilburg seed with its CBS wijk boundaries as shipped, and the seed with one wijk's boundary
taken away, so that the page lists it. Screenshots (of the seed as shipped):
``kaart-alle-hubs.png``, ``kaart-hub.png`` and ``kaart-doel.png`` in
``browsing.SCREENSHOTS``.
"""

from __future__ import annotations

import json

import pytest
from browsing import SCREENSHOTS, axe_violations, served, wait_for_network
from helpers import app_on
from playwright.sync_api import expect
from test_kaart import without_boundaries

from lea_graph.ingest import load_dataset
from lea_graph.resources import seed_path

#: The wijk the fixture leaves without a boundary.
ZONDER = "w-moerenburg"


def _serve(folder, dataset):
    from web.db import SEED_SOURCE

    with (
        app_on("embedded", folder, dataset, SEED_SOURCE, SEED_ON_EMPTY=False) as (app, _),
        served(app) as url,
    ):
        yield url


@pytest.fixture(scope="module")
def kaart_url(tmp_path_factory):
    """The explorer on the seed as shipped (all 59 wijken have a boundary)."""
    yield from _serve(tmp_path_factory.mktemp("kaart-browser"), load_dataset(seed_path()))


@pytest.fixture(scope="module")
def zonder_url(tmp_path_factory):
    """The explorer on the seed without the boundary of one wijk."""
    dataset = without_boundaries(load_dataset(seed_path()), (ZONDER,))
    yield from _serve(tmp_path_factory.mktemp("kaart-zonder"), dataset)


def shot(page, name: str) -> None:
    """A 1366×768 screenshot with the map's heading at the top of the window."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate(
        "() => window.scrollTo(0, document.querySelector('#kaart-kop').getBoundingClientRect()"
        ".top + window.scrollY - 8)"
    )
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_one_linked_shape_per_wijk_with_a_boundary(watched, kaart_url):
    page = watched.page
    page.goto(kaart_url + "/kaart")
    assert page.locator("h1").inner_text() == "Kaart van de wijken"
    wijken = page.locator("svg.kaart-svg a.kaart-wijk")
    assert wijken.count() == 59  # every wijk of the seed has its CBS boundary
    assert page.locator("svg.kaart-svg a.kaart-wijk > path.kaart-vorm").count() == 59
    assert len(set(wijken.evaluate_all("as => as.map(a => a.dataset.wijk)"))) == 59
    assert page.locator(".kaart-zonder").count() == 0
    expect(page.locator(".kaart-bron")).to_have_text(
        "Bron wijkgrenzen: Kadaster / CBS, 2024 (CC BY 4.0)"
    )
    shot(page, "kaart-alle-hubs")
    watched.assert_clean(kaart_url)


def test_a_wijk_without_a_boundary_is_listed_under_the_map(watched, zonder_url):
    page = watched.page
    page.goto(zonder_url + "/kaart")
    wijken = page.locator("svg.kaart-svg a.kaart-wijk")
    assert wijken.count() == 58
    assert ZONDER not in wijken.evaluate_all("as => as.map(a => a.dataset.wijk)")
    listed = page.locator(".kaart-zonder")
    expect(listed).to_contain_text("Geen wijkgrenzen voor: Moerenburg.")
    assert listed.get_by_role("link", name="Moerenburg").get_attribute("href") == "/wijk/" + ZONDER
    assert page.locator("#tabel-kaart tbody tr").count() == 59  # still in the table
    watched.assert_clean(zonder_url)


def test_clicking_a_wijk_opens_its_page(watched, kaart_url):
    page = watched.page
    page.goto(kaart_url + "/kaart")
    page.locator('a.kaart-wijk[data-wijk="w-heikant"] path').click()
    page.wait_for_load_state()
    assert page.url.endswith("/wijk/w-heikant")
    assert page.locator("h1").inner_text().startswith("Heikant")
    # The wijk page shows where it lies, highlighted, with the credit.
    small = page.locator("figure.kaart-klein")
    expect(small.locator("a.kaart-uitgelicht")).to_have_attribute("data-wijk", "w-heikant")
    expect(small.locator(".kaart-bron")).to_be_visible()
    wait_for_network(page)
    watched.assert_clean(kaart_url)


def test_keyboard_reaches_a_wijk_and_sees_its_figures(watched, kaart_url):
    page = watched.page
    page.goto(kaart_url + "/kaart")
    page.locator("#kleur").focus()
    for _ in range(200):  # Tab through the form into the map
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('kaart-wijk')"):
            break
    focused = page.locator("a.kaart-wijk:focus")
    assert focused.count() == 1
    info = focused.locator(".kaart-info")
    expect(info).to_be_visible()
    name = focused.get_attribute("aria-label").split(":")[0]
    assert info.text_content().startswith(name)
    expect(page.locator(".kaart-hint")).to_be_hidden()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/wijk/" in page.url
    wait_for_network(page)  # let the wijk page finish before the window closes
    watched.assert_clean(kaart_url)


def test_changing_the_colouring_changes_the_legend(watched, kaart_url):
    page = watched.page
    page.goto(kaart_url + "/kaart")
    legend = page.locator(".kaart-groot .kaart-legenda-titel")
    expect(legend).to_have_text("Partners van de hubs")
    before = page.locator(".kaart-groot .kaart-klassen li").all_inner_texts()
    page.get_by_label("Kleur de wijken naar").select_option(label="Partners van één hub")
    page.get_by_label("Hub (bij ‘partners van één hub’)").select_option(label="Cultuur en muziek")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_load_state()
    expect(legend).to_have_text("Partners van één hub: Cultuur en muziek")
    after = page.locator(".kaart-groot .kaart-klassen li").all_inner_texts()
    assert after != before and after[1].startswith("1 partner")
    shot(page, "kaart-hub")
    page.get_by_label("Kleur de wijken naar").select_option(label="Bereik tegenover het LEA-doel")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_load_state()
    expect(legend).to_have_text("Bereik tegenover het LEA-doel")
    items = page.locator(".kaart-groot .kaart-klassen li").all_inner_texts()
    assert items[0].startswith("0–24%") and any("onzeker" in i for i in items)
    # With the pointer on a PacT wijk, its bounds show under the map.
    page.locator('a.kaart-wijk[data-wijk="w-groenewoud"]').focus()
    info = page.locator('a.kaart-wijk[data-wijk="w-groenewoud"] .kaart-info')
    expect(info).to_contain_text("Groenewoud: bereik")
    expect(info).to_contain_text("doel 100%")
    shot(page, "kaart-doel")
    watched.assert_clean(kaart_url)


def test_the_api_answers_the_same(zonder_url):
    import urllib.request

    with urllib.request.urlopen(zonder_url + "/api/v1/kaart?kleur=gaten") as response:
        answer = json.load(response)
    assert answer["wijken_met_wijkgrens"] == 58
    assert answer["zonder_wijkgrens"] == [{"wijk": ZONDER, "naam": "Moerenburg"}]


@pytest.mark.parametrize(
    "url", ["/kaart", "/kaart?kleur=doel", "/kaart?kleur=pact", "/wijk/w-heikant", "/hub/h-cultuur"]
)
def test_accessibility_wcag21_aa(watched, kaart_url, url):
    page = watched.page
    page.goto(kaart_url + url)
    if page.locator(".network[data-url]").count():
        wait_for_network(page, timeout=30_000)
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)
    watched.assert_clean(kaart_url)
