"""Issue 28: one journey per kind of user, from the home page, in a real browser. Each
asserts that the answer the user came for is on the first screen (without scrolling) and
leaves screenshots ``rol-*.png`` in :data:`browsing.SCREENSHOTS`:

- the begeleidingsgroep (laptop): where is the network thinnest, and who does what there;
- the kwartiermaker (laptop): for a hub's gaps, members who can extend and organisations
  to recruit (never a member among those);
- a resident on a phone: a wijk searched with a typo, then who does what there;
- a coordinator (laptop): a workbook uploaded, the preview row by row, loaded, and the
  earlier version put back in the app;
- a partner on a phone: its form, a number typed in words refused at the field, then sent.
"""

from __future__ import annotations

import csv

import pytest
from browsing import SCREENSHOTS, Watched, axe_violations
from helpers import PASSWORDS
from playwright.sync_api import expect
from test_bijdragen import PHONE, make_invitation

from lea_graph.resources import seed_path

LAPTOP = {"viewport": {"width": 1366, "height": 768}, "locale": "nl-NL"}


def on_first_screen(page, locator, what: str) -> None:
    """Assert that ``locator`` starts on the first screen: its first line is visible
    without scrolling (measured from the top of the document)."""
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    top = box["y"] + page.evaluate("window.scrollY")
    height = page.viewport_size["height"]
    first_line = min(box["height"], 40)
    assert top >= 0 and top + first_line <= height, (
        f"{what} starts {top:.0f} px down, below the first screen of {height} px"
    )


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / f"rol-{name}.png"))


def no_sideways_scroll(page) -> None:
    scroll, inner = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert scroll <= inner, f"the page is {scroll} px wide in a {inner} px window"


def seed_rows(table: str) -> list[dict]:
    with (seed_path() / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def laptop(browser):
    context = browser.new_context(**LAPTOP)
    yield Watched(context.new_page())
    context.close()


@pytest.fixture
def telefoon(browser):
    context = browser.new_context(**PHONE)
    yield Watched(context.new_page())
    context.close()


def test_begeleidingsgroep_finds_where_the_network_is_thinnest(laptop, live_url):
    page = laptop.page
    page.goto(live_url + "/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Wijken").click()
    ranking = page.get_by_role("heading", name="Waar is het netwerk het dunst?")
    on_first_screen(page, ranking, "the ranking")
    first = page.locator("section.dunst tbody tr").first
    on_first_screen(page, first, "the thinnest wijk")
    wijk = first.locator("td").nth(1).inner_text().strip()
    # Children are shown as what the data prove: a range, not one invented number.
    assert "–" in first.locator("td").nth(2).inner_text()
    # The rule is in words, behind "Hoe berekend?".
    page.locator("section.dunst details.explain summary").click()
    expect(page.locator("section.dunst details.explain")).to_contain_text("Partners van de hubs")
    shot(page, "begeleidingsgroep-1-dunst")
    first.get_by_role("link", name=wijk).click()
    expect(page.locator("h1")).to_contain_text(wijk)
    on_first_screen(page, page.get_by_role("heading", name=f"Wie doet wat in {wijk}"), "who")
    entry = page.locator("ul.who > li").first
    if entry.count():
        on_first_screen(page, entry, "the first organisation")
    else:
        on_first_screen(page, page.locator(".who-empty, p.empty").first, "'nobody yet'")
    shot(page, "begeleidingsgroep-2-wijk")
    assert axe_violations(page) == []
    laptop.assert_clean(live_url)


def test_kwartiermaker_sees_whom_a_hub_can_extend_and_whom_to_recruit(laptop, live_url):
    page = laptop.page
    page.goto(live_url + "/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Hubs").click()
    page.get_by_role("link", name="Cultuur en muziek").first.click()
    expect(page.locator("h1")).to_have_text("Hub Cultuur en muziek")
    on_first_screen(page, page.get_by_role("heading", name="Partners om te werven"), "werven")
    card = page.locator("section.gap-card").first
    extend = card.get_by_role("heading", name="kunnen bereiken")
    recruit = card.get_by_role("heading", name="Organisaties om te werven")
    on_first_screen(page, extend, "members who can extend")
    on_first_screen(page, recruit, "organisations to recruit")
    shot(page, "kwartiermaker-hub")
    # Never a member of the hub under "werven" (members from the seed's own file).
    partner_naam = {r["id"]: r["naam"] for r in seed_rows("partners")}
    members = {
        partner_naam[r["partner"]] for r in seed_rows("hub_leden") if r["hub"] == "h-cultuur"
    }
    recruits = page.locator("section.gap-card .list-werven li > a").all_inner_texts()
    assert recruits, "no organisation to recruit is listed"
    assert not set(map(str.strip, recruits)) & members
    assert axe_violations(page) == []
    laptop.assert_clean(live_url)


def test_resident_on_a_phone_searches_a_wijk_with_a_typo(telefoon, live_url):
    page = telefoon.page
    page.goto(live_url + "/")
    search = page.get_by_role("search").get_by_role("searchbox").first
    search.fill("groenwoud")
    search.press("Enter")
    suggestion = page.get_by_text("Bedoelde u")
    on_first_screen(page, suggestion, "the suggestion")
    shot(page, "bewoner-1-zoeken")
    page.locator("p.suggestion").get_by_role("link", name="Groenewoud", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Groenewoud")
    on_first_screen(page, page.get_by_role("heading", name="Wie doet wat in Groenewoud"), "who")
    on_first_screen(page, page.locator("ul.who > li").first, "the first organisation")
    no_sideways_scroll(page)
    shot(page, "bewoner-2-wijk")
    assert axe_violations(page) == []
    telefoon.assert_clean(live_url)


def test_coordinator_loads_a_workbook_and_puts_the_earlier_version_back(
    laptop, accounts_url, tmp_path
):
    from lea_graph.export import write_xlsx
    from lea_graph.ingest import load_dataset

    base, _ = accounts_url
    page = laptop.page
    page.goto(base + "/")
    page.get_by_role("link", name="Inloggen").click()
    page.get_by_label("Gebruikersnaam").fill("coordinator")
    page.get_by_label("Wachtwoord").fill(PASSWORDS["coordinator"])
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    menu.get_by_text("Beheer").click()
    menu.get_by_role("link", name="Gegevens laden").click()
    expect(page.locator("h1")).to_have_text("Gegevens laden")

    # The workbook as people get it (names beside ids), with one partner renamed.
    dataset = load_dataset(seed_path())
    frame = dataset.tables["partners"]
    frame.loc[frame["id"] == "p-factorium", "naam"] = "Factorium Podiumkunsten"
    workbook = write_xlsx(dataset, tmp_path / "Netwerk december.xlsx")
    page.get_by_label("Bestand").set_input_files(str(workbook))
    page.get_by_role("button", name="Controleren").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("Netwerk december.xlsx")
    expect(status).to_contain_text("is geldig")
    on_first_screen(page, status, "the verdict")
    changed = page.locator("#tabel-gewijzigde_rijen")
    expect(changed).to_contain_text("Factorium")
    expect(changed).to_contain_text("Factorium Podiumkunsten")
    # Only the tables that change are counted, so the row itself is on the first screen.
    expect(page.locator("#tabel-wijzigingen tbody tr")).to_have_count(1)
    on_first_screen(page, changed.locator("tbody tr").first, "the changed row")
    shot(page, "coordinator-1-voorbeeld")
    page.get_by_role("button", name="Laden: vervang het netwerk").click()
    loaded = page.get_by_role("status")
    expect(loaded).to_contain_text("is geladen")
    on_first_screen(page, loaded, "'is geladen'")
    assert "lea_v" not in loaded.inner_text() and ".zip" not in loaded.inner_text()

    # Put the earlier version back: a button, not a command.
    loaded.get_by_role("link", name="Eerdere versies").click()
    expect(page.locator("h1")).to_have_text("Eerdere versies van het netwerk")
    newest = page.get_by_role("link", name="Bekijken en terugzetten").first
    on_first_screen(page, newest, "the newest earlier version")
    shot(page, "coordinator-2-versies")
    newest.click()
    expect(page.locator("#tabel-gewijzigde_rijen")).to_contain_text("Factorium Podiumkunsten")
    button = page.get_by_role("button", name="Terugzetten: vervang het netwerk door deze versie")
    button.click()
    done = page.get_by_role("status")
    expect(done).to_contain_text("is teruggezet")
    on_first_screen(page, done, "'is teruggezet'")
    shot(page, "coordinator-3-teruggezet")
    page.goto(base + "/partner/p-factorium")
    expect(page.locator("h1")).to_have_text("Factorium")
    assert axe_violations(page) == []
    laptop.assert_clean(base)


def test_partner_on_a_phone_is_told_at_the_field_and_sends(laptop, telefoon, accounts_url):
    base, _ = accounts_url
    link = make_invitation(laptop.page, base, "p-cist", "CiST")
    page = telefoon.page
    page.goto(link)
    heading = page.get_by_role("heading", name="Gegevens van CiST", level=1)
    on_first_screen(page, heading, "the form's heading")
    shot(page, "partner-1-formulier")
    activities = page.get_by_role("group", name="Activiteiten op scholen en opvanglocaties")
    line = activities.locator(".line.new").first
    line.get_by_label("Nieuwe activiteit: school").select_option(index=1)
    line.get_by_label("Schooljaar").select_option("2026-2027")
    children = line.get_by_label("Kinderen")
    children.fill("ongeveer 40")
    assert children.input_value() == "ongeveer 40"  # not cut short
    page.get_by_role("button", name="Versturen").click()
    problems = page.locator("#fouten")
    on_first_screen(page, problems, "the list of problems")
    expect(problems).to_contain_text("Vul bij Kinderen een heel getal in")
    shot(page, "partner-2-fout")
    problems.get_by_role("link").first.click()
    field = page.locator("[aria-invalid='true']").first
    expect(field).to_be_focused()
    expect(field).to_have_value("ongeveer 40")
    field.fill("40")
    page.get_by_role("button", name="Versturen").click()
    thanks = page.get_by_role("heading", name="Dank u wel")
    on_first_screen(page, thanks, "'Dank u wel'")
    no_sideways_scroll(page)
    shot(page, "partner-3-verstuurd")
    assert axe_violations(page) == []
    # The refused form is answered with 422 on purpose; Chromium logs that status.
    telefoon.console_errors = [e for e in telefoon.console_errors if "status of 422" not in e]
    telefoon.assert_clean(base)
