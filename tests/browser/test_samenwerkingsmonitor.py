"""Issue 30, the samenwerkingsmonitor's journey in a real browser: a coordinator opens a
round, three partners of hub Techniek answer on a phone through their own links, the
coordinator closes the round, and the begeleidingsgroep sees the hub's trust and the
wijk map. Screenshots ``monitor-*.png`` land in :data:`browsing.SCREENSHOTS`.

Every partner rates the other two the same way: value 4, 3, 2 (mean 3) and trust 3, 4
and "weet ik niet" (mean 3.5); so the hub's mean value is 3 and its mean trust 3.5, on
three raters, and so is Stokhasselt's, where all three work in 2024-2025.
"""

from __future__ import annotations

import re

import pytest
from browsing import SCREENSHOTS, Watched, axe_violations, log_in
from playwright.sync_api import expect
from test_bijdragen import PHONE, make_invitation

LAPTOP = {"viewport": {"width": 1366, "height": 768}, "locale": "nl-NL"}
TRIO = {
    "p-ontdekstation013": "Ontdekstation013",
    "p-vb-21": "Programmeerclub Reeshof (voorbeeld)",
    "p-vb-22": "Technieklab Noord (voorbeeld)",
}
YEAR = "2024-2025"


def shot(page, name: str, full: bool = False) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if not full:
        page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / f"monitor-{name}.png"), full_page=full)


@pytest.fixture
def laptop(browser):
    context = browser.new_context(**LAPTOP)
    yield Watched(context.new_page())
    context.close()


def answer_on_a_phone(browser, link: str, me: str, base: str, n: int) -> None:
    context = browser.new_context(**PHONE)
    watched = Watched(context.new_page())
    page = watched.page
    page.goto(link)
    banner = page.get_by_role("status").filter(has_text="hoe gaat de samenwerking?")
    expect(banner).to_be_visible()
    banner.get_by_role("link", name="Naar de vragen over samenwerking").click()
    expect(page.get_by_role("heading", name="Hoe gaat de samenwerking?", level=1)).to_be_visible()
    for other, name in TRIO.items():
        if other == me:
            continue
        block = page.locator("details.collab").filter(
            has=page.locator("summary", has_text=re.compile("^" + re.escape(name)))
        )
        if block.get_attribute("open") is None:  # a long list starts folded
            block.locator("summary").click()
        block.get_by_label("Hoe vaak werkt u samen?").select_option(label="ongeveer elke maand")
        block.get_by_role("radio", name="samen plannen").check()
        for question, point in (("Invloed", "4"), ("Middelen", "3"), ("Betrokkenheid", "2"),
                                ("Betrouwbaarheid", "3"), ("Gedeelde missie", "4"),
                                ("Openheid", "weet ik niet")):  # fmt: skip
            group = block.locator("fieldset.scale").filter(has_text=question)
            group.get_by_role("radio", name=re.compile("^" + point)).check()
        if n == 0:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            block.screenshot(path=str(SCREENSHOTS / f"monitor-2-partner-vragen-{other}.png"))
    if n == 0:
        shot(page, "2-partner-telefoon")
        assert axe_violations(page) == []
    no_sideways_scroll(page)
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("heading", name="Dank u wel")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("2 samenwerkingen")
    if n == 0:
        shot(page, "3-partner-verstuurd")
    watched.assert_clean(base)
    context.close()


def no_sideways_scroll(page) -> None:
    scroll, inner = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert scroll <= inner, f"the page is {scroll} px wide in a {inner} px window"


def test_a_round_from_opening_to_the_begeleidingsgroep(browser, laptop, accounts_url):
    base, _ = accounts_url
    page = laptop.page
    links = {}
    for partner, name in TRIO.items():
        if not links:  # logs the coordinator in on the way
            links[partner] = make_invitation(page, base, partner, name)
            continue
        page.goto(base + f"/partner/{partner}")
        section = page.get_by_role("region", name="Eigen gegevens bijhouden")
        section.get_by_role("button", name="Link maken").click()
        links[partner] = page.get_by_label(f"Link voor {name}").input_value()
    # The coordinator opens a round about the last schooljaar of the example network.
    page.goto(base + "/")
    page.get_by_role("navigation", name="Hoofdmenu").locator(".menu-wide").get_by_text(
        "Beheer"
    ).click()
    page.get_by_role("link", name="Samenwerkingsmonitor").first.click()
    expect(page.get_by_role("heading", name="Samenwerkingsmonitor", level=1)).to_be_visible()
    page.get_by_label("Naam van de ronde").fill("Monitor browsertest")
    page.get_by_label("Over welk schooljaar?").select_option(YEAR)
    page.get_by_role("button", name="Ronde openen").click()
    expect(page.get_by_role("status").first).to_contain_text("De ronde is geopend")
    shot(page, "1-ronde-geopend")
    round_url = page.url.split("?")[0]
    # Three partners answer on a phone.
    for n, (partner, link) in enumerate(links.items()):
        answer_on_a_phone(browser, link, partner, base, n)
    # The coordinator follows the response and closes the round.
    page.goto(round_url)
    expect(page.locator("dl.counts")).to_contain_text("3 van de 71 partners vulden in")
    answers = page.locator("#tabel-antwoorden tbody tr")
    expect(answers).to_have_count(6)
    page.get_by_role("button", name="Ronde sluiten").click()
    expect(page.get_by_role("status").first).to_contain_text("De ronde is gesloten")
    shot(page, "4-ronde-gesloten")
    assert axe_violations(page) == []
    page.goto(base + "/beheer/monitor")
    assert axe_violations(page) == []
    laptop.assert_clean(base)
    # The begeleidingsgroep: the hub's trust and the map, on the first screen and below.
    reader_context = browser.new_context(**LAPTOP)
    reader = Watched(reader_context.new_page())
    rp = reader.page
    log_in(rp, base, "lezer", "/samenwerking")
    expect(rp.get_by_role("heading", name="Samenwerking tussen partners")).to_be_visible()
    expect(rp.locator("p.lead")).to_contain_text("Monitor browsertest")
    expect(rp.locator("p.lead")).to_contain_text("3 van de 71 partners vulden in")
    shot(rp, "5-begeleidingsgroep")
    row = rp.locator("#tabel-hubs tbody tr").filter(has_text="Techniek")
    cells = row.locator("td")
    # Hub, partners, vulden in, respons, genoemd, dichtheid, wederzijds, waarde, vertrouwen, beoordelaars.
    expect(cells.nth(2)).to_have_text("3")
    expect(cells.nth(5)).to_have_text("100%")
    expect(cells.nth(6)).to_have_text("100%")
    expect(cells.nth(7)).to_have_text("3,00")
    expect(cells.nth(8)).to_have_text("3,50")
    expect(cells.nth(9)).to_have_text("3")
    other = rp.locator("#tabel-hubs tbody tr").filter(has_text="Cultuur en muziek").locator("td")
    expect(other.nth(8)).to_have_text("")  # nobody of that hub answered: no figure
    expect(other.nth(9)).to_have_text("0")
    wijk = rp.locator('#kaart-vertrouwen a[aria-label^="Stokhasselt:"]')
    expect(wijk).to_have_attribute(
        "aria-label", re.compile(r"vertrouwen 3,50 van 4 \(3 beoordelaars\)")
    )
    expect(wijk).to_have_attribute("data-klasse", "v4")  # the top step: 3,5 or higher
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    rp.locator("#kaart-vertrouwen").screenshot(path=str(SCREENSHOTS / "monitor-6-kaart.png"))
    assert axe_violations(rp) == []
    reader.assert_clean(base)
    reader_context.close()
