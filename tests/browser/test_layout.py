"""The page layout in a real browser: the main menu is one row on a 1366 px screen for
every role (the coordinator's and beheerder's pages sit under "Beheer"), the menu folds
on a phone so the page's heading is on the first screen, and the notice about made-up
data is one line with "meer" (the full sentence behind it). Screenshots:
``layout-*.png`` in :data:`browsing.SCREENSHOTS`."""

from __future__ import annotations

import pytest
from browsing import SCREENSHOTS, axe_violations, log_in
from playwright.sync_api import expect

MENU = "nav[aria-label='Hoofdmenu']"


def _tops(page) -> list[float]:
    """The top of every top-level item of the menu (the visible ones)."""
    return page.eval_on_selector(
        MENU,
        """nav => [...nav.querySelectorAll(':scope > ul > li')]
            .filter(el => el.offsetParent !== null)
            .map(el => Math.round(el.getBoundingClientRect().top))""",
    )


@pytest.mark.parametrize("role", [None, "coordinator", "beheerder"])
def test_the_menu_is_one_row_at_1366(watched, accounts_url, role):
    base, _ = accounts_url
    page = watched.page
    assert page.viewport_size == {"width": 1366, "height": 768}
    if role:
        log_in(page, base, role, "/beheer/upload")  # a page that asks to log in
    page.goto(base + "/hubs")
    menu = page.locator(MENU)
    tops = _tops(page)
    # Twelve pages for everyone; logged in also Samenwerking (and Beheer).
    assert len(tops) == (12 if role is None else 14), tops
    assert len(set(tops)) == 1, f"the menu wraps: tops {tops}"
    height = menu.evaluate("n => n.getBoundingClientRect().height")
    assert height < 60, height
    if role:
        # The pages for coordinators and beheerders open from one item, without script.
        beheer = menu.locator("summary", has_text="Beheer")
        expect(beheer).to_be_visible()
        expect(menu.get_by_role("link", name="Voorstellen")).to_be_hidden()
        beheer.click()
        expect(menu.get_by_role("link", name="Voorstellen")).to_be_visible()
        expect(menu.get_by_role("link", name="Console")).to_have_count(
            1 if role == "beheerder" else 0
        )
        assert axe_violations(page) == []
    else:
        expect(menu.locator("summary", has_text="Beheer")).to_have_count(0)
    page.screenshot(path=str(SCREENSHOTS / f"layout-1366-{role or 'bezoeker'}.png"))
    watched.assert_clean(base)


def test_the_menu_opens_with_the_keyboard(watched, accounts_url):
    base, _ = accounts_url
    page = watched.page
    log_in(page, base, "beheerder", "/beheer/upload")
    page.goto(base + "/hubs")
    beheer = page.locator(MENU).locator("summary", has_text="Beheer")
    beheer.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Gegevens laden"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus stays visible


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("path", ["/", "/hub/h-cultuur", "/wijk/w-heikant"])
def test_on_a_phone_the_menu_folds_and_the_heading_is_on_the_first_screen(phone, live_url, path):
    page = phone
    page.goto(live_url + path)
    menu = page.locator(MENU)
    toggle = menu.locator("summary", has_text="Menu")
    expect(toggle).to_be_visible()
    expect(menu.get_by_role("link", name="Wat als")).to_be_hidden()
    h1 = page.locator("h1").bounding_box()
    assert h1["y"] + h1["height"] <= 844, h1
    name = path.strip("/").replace("/", "-") or "overzicht"
    page.screenshot(path=str(SCREENSHOTS / f"layout-telefoon-{name}.png"))
    toggle.click()
    expect(menu.get_by_role("link", name="Wat als")).to_be_visible()
    assert axe_violations(page) == []
    page.screenshot(path=str(SCREENSHOTS / f"layout-telefoon-{name}-menu.png"))


@pytest.mark.parametrize("width", [1366, 390])
def test_the_example_data_notice_is_one_line_with_meer(browser, live_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(live_url + "/hubs")
        notice = page.locator(".banner")
        expect(notice).to_be_visible()
        more = notice.get_by_text("meer", exact=True)
        expect(more).to_be_visible()
        line = notice.evaluate(
            "b => parseFloat(getComputedStyle(b.querySelector('summary')).lineHeight)"
        )
        height = notice.locator("summary").bounding_box()["height"]
        assert height < 1.5 * line, (height, line)  # one line
        full = notice.locator("p")
        expect(full).to_be_hidden()
        more.click()
        expect(full).to_be_visible()
        expect(full).to_contain_text("Voorbeeldgegevens (verzonnen) in dit netwerk")
        page.screenshot(path=str(SCREENSHOTS / f"layout-melding-{width}.png"))
    finally:
        context.close()
