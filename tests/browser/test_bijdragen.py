"""A partner keeps its own data in a real browser: the coordinator makes an invitation
link on the partner page, the partner (another person, not logged in, on a phone) opens
it, changes its data or says all is still right, and the coordinator approves or rejects
it in the queue. What the partner sent is only in the network after approval; a rejected
proposal shows the partner the coordinator's note when it opens its link again."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from browsing import SCREENSHOTS, Watched, log_in
from playwright.sync_api import expect

#: The months in Dutch, written out here so that the test does not lean on the app's
#: own date formatter.
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")  # fmt: skip

#: Pages show days and times in Dutch time, whatever the server's clock zone.
TILBURG = ZoneInfo("Europe/Amsterdam")

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "nl-NL",
}

#: A school of the seed where Factorium has no activity (so the new row is new).
NEW_SCHOOL = "Basisschool Berkeloo"
NEW_YEAR = "2024-2025"
NEW_CHILDREN = "137"
NEW_DESCRIPTION = "Factorium geeft muzieklessen in de klas aan kinderen uit de browsertest."
REJECTION_NOTE = "De gegevens van CiST zijn in december al via de hub nagekeken (browsertest)."


def dutch_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@pytest.fixture
def phone(browser):
    """A second person on a phone: a browser context of its own, not logged in."""
    context = browser.new_context(**PHONE)
    yield Watched(context.new_page())
    context.close()


def last_confirmed(page):
    """The value of 'Laatst bevestigd' in the facts of a partner page."""
    return (
        page.locator("dl.facts > div")
        .filter(has=page.locator("dt", has_text=re.compile(r"^Laatst bevestigd$")))
        .locator("dd")
    )


def make_invitation(page, base: str, partner_id: str, name: str, days: str = "14") -> str:
    """On the partner page, make a link valid for ``days`` days; return the link."""
    section = page.get_by_role("region", name="Eigen gegevens bijhouden")
    page.goto(base + f"/partner/{partner_id}")  # a reader without an account sees no link
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
    expect(section).to_have_count(0)
    log_in(page, base, "coordinator", "/beheer/voorstellen")
    page.goto(base + f"/partner/{partner_id}")
    expect(section).to_contain_text("Link: geen")
    section.get_by_label("Geldig (dagen)").fill(days)
    section.get_by_role("button", name="Link maken").click()
    expect(page.get_by_role("heading", name=f"Uitnodiging voor {name}")).to_be_visible()
    until = (dt.datetime.now(TILBURG) + dt.timedelta(days=int(days))).date()  # Dutch time
    expect(page.get_by_role("status")).to_contain_text(f"geldig tot {dutch_date(until)}")
    field = page.get_by_label(f"Link voor {name}")
    expect(field).to_have_attribute("readonly", "")
    link = field.input_value()
    assert re.fullmatch(re.escape(base) + r"/bijdragen/[A-Za-z0-9_-]{20,}", link), link
    # A button copies the link and says so (the link stays selectable without it).
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page.get_by_role("button", name="Link kopiëren").click()
    expect(page.locator("#link-status")).to_have_text("Gekopieerd")
    assert page.evaluate("navigator.clipboard.readText()") == link
    # The partner page now says the partner has a link that works.
    page.goto(base + f"/partner/{partner_id}")
    expect(section).to_contain_text(f"Link: geldig tot {dutch_date(until)}")
    return link


def test_invitation_form_submission_queue_approve(watched, phone, accounts_url):
    base, _ = accounts_url
    page = watched.page
    today = dt.datetime.now(TILBURG).date()

    link = make_invitation(page, base, "p-factorium", "Factorium")
    expect(last_confirmed(page)).to_have_text("nog nooit")
    expect(page.locator("#tabel-activiteiten")).not_to_contain_text(NEW_SCHOOL)
    expect(page.locator("dl.facts")).not_to_contain_text(NEW_DESCRIPTION)

    # The partner, on its phone, opens the link: no log-in, its own data prefilled.
    form = phone.page
    form.goto(link)
    expect(form.get_by_role("heading", name="Gegevens van Factorium", level=1)).to_be_visible()
    expect(form.get_by_role("link", name="Inloggen")).to_have_count(0)
    form.get_by_label("Wat doet uw organisatie voor kinderen en jongeren?").fill(NEW_DESCRIPTION)
    activities = form.get_by_role("group", name="Activiteiten op scholen en opvanglocaties")
    # Factorium's many activities are folded away under a summary; opened, each is shown
    # as text (not as a school to pick) with its schooljaar and number beside it.
    summary = activities.locator("details.existing > summary")
    expect(summary).to_contain_text("activiteiten die nu in het netwerk staan")
    expect(activities.locator("p.what").first).to_be_hidden()
    summary.click()
    expect(activities.locator("p.what").first).to_be_visible()
    line = activities.locator(".line.new").first
    line.get_by_label("Nieuwe activiteit: school").select_option(label=NEW_SCHOOL)
    line.get_by_label("Schooljaar").select_option(NEW_YEAR)
    line.get_by_label("Kinderen").fill(NEW_CHILDREN)
    # On the phone nothing sticks out sideways: the page scrolls only down.
    width = form.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["viewport"]["width"], f"the form is {width}px wide on a phone"
    form.screenshot(path=str(SCREENSHOTS / "partnerformulier-telefoon.png"), full_page=True)
    form.get_by_role("button", name="Versturen").click()
    expect(form.get_by_role("heading", name="Dank u wel")).to_be_visible()
    expect(form.get_by_role("status")).to_contain_text(
        "Uw wijzigingen voor Factorium zijn verstuurd"
    )

    # Nothing in the network changed yet.
    page.reload()
    expect(page.locator("dl.facts")).not_to_contain_text(NEW_DESCRIPTION)

    # The coordinator finds it in the queue and reviews what it changes.
    page.goto(base + "/beheer/voorstellen")
    waiting = page.locator("#tabel-open")
    expect(waiting.get_by_role("row").filter(has_text="Factorium")).to_contain_text("wijzigingen")
    waiting.get_by_role("link", name="Factorium").click()
    expect(page.get_by_role("heading", name="Voorstel van Factorium")).to_be_visible()
    changes = page.locator("#tabel-wijzigingen")
    expect(changes).to_contain_text(NEW_DESCRIPTION)
    new_row = changes.get_by_role("row").filter(has_text=NEW_SCHOOL)
    expect(new_row).to_contain_text("nieuw")
    expect(new_row).to_contain_text(f"{NEW_YEAR}, {NEW_CHILDREN} deelnemers")
    expect(page.get_by_role("region", name="Controle")).to_contain_text("Geen fouten.")
    page.screenshot(path=str(SCREENSHOTS / "voorstel-beoordelen.png"), full_page=True)
    page.get_by_role("button", name="Goedkeuren: nieuwe versie van het netwerk").click()
    expect(page.get_by_role("heading", name="Voorstellen van partners")).to_be_visible(
        timeout=60_000
    )
    expect(page.get_by_role("status")).to_contain_text("Het voorstel is goedgekeurd")
    expect(page.locator("#tabel-open")).to_have_count(0)  # nothing waits any more
    decided = page.locator("#tabel-besluiten").get_by_role("row").filter(has_text="Factorium")
    expect(decided).to_contain_text("goedgekeurd")
    expect(decided).to_contain_text("coordinator")

    # The network now holds what the partner sent, confirmed today.
    page.goto(base + "/partner/p-factorium")
    expect(page.locator("dl.facts")).to_contain_text(NEW_DESCRIPTION)
    expect(last_confirmed(page)).to_have_text(dutch_date(today))
    added = page.locator("#tabel-activiteiten").get_by_role("row").filter(has_text=NEW_SCHOOL)
    expect(added).to_have_count(1)
    expect(added).to_contain_text(NEW_YEAR)
    expect(added).to_contain_text(NEW_CHILDREN)
    watched.assert_clean(base)

    # The partner, opening its link again, reads that its proposal was processed.
    form.goto(link)
    # (today's date as the form writes it now, ISO, or in Dutch words)
    expect(form.get_by_role("status")).to_contain_text(
        re.compile(rf"is op ({today.isoformat()}|{dutch_date(today)}) verwerkt")
    )
    expect(form.get_by_label("Wat doet uw organisatie voor kinderen en jongeren?")).to_have_value(
        NEW_DESCRIPTION
    )
    phone.assert_clean(base)


def test_rejected_proposal_shows_the_note_to_the_partner(watched, phone, accounts_url):
    base, _ = accounts_url
    page = watched.page
    link = make_invitation(page, base, "p-cist", "CiST", days="30")

    form = phone.page
    form.goto(link)
    expect(form.get_by_role("heading", name="Gegevens van CiST", level=1)).to_be_visible()
    form.get_by_role("button", name="Alles klopt nog").click()
    expect(form.get_by_role("heading", name="Dank u wel")).to_be_visible()
    expect(form.get_by_role("status")).to_contain_text("nog kloppen")
    # Opened again before a decision: the form says the coordinator still has to look.
    form.goto(link)
    expect(form.get_by_role("status")).to_contain_text("De coördinator kijkt daar nog naar")

    page.goto(base + "/beheer/voorstellen")
    waiting = page.locator("#tabel-open")
    expect(waiting.get_by_role("row").filter(has_text="CiST")).to_contain_text("alles klopt nog")
    waiting.get_by_role("link", name="CiST").click()
    expect(page.get_by_role("heading", name="Voorstel van CiST")).to_be_visible()
    page.get_by_label("Notitie voor de partner (verplicht bij afwijzen)").fill(REJECTION_NOTE)
    page.get_by_role("button", name="Afwijzen").click()
    expect(page.get_by_role("status")).to_contain_text("Het voorstel is afgewezen")
    decided = page.locator("#tabel-besluiten").get_by_role("row").filter(has_text="CiST")
    expect(decided).to_contain_text("afgewezen")
    expect(decided).to_contain_text(REJECTION_NOTE)

    # Rejecting changes nothing in the network: CiST never confirmed its data.
    page.goto(base + "/partner/p-cist")
    expect(last_confirmed(page)).to_have_text("nog nooit")
    watched.assert_clean(base)

    # The partner reopens its link and reads why.
    form.goto(link)
    told = form.get_by_role("status").filter(has_text="is niet overgenomen")
    expect(told).to_be_visible()
    expect(told).to_contain_text(REJECTION_NOTE)
    phone.assert_clean(base)
