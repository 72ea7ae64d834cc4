"""Logged-in journeys in a real browser: a coordinator uploads a network and confirms it
after the preview, a beheerder asks the console a question and sees a table and a
network. Both pages run under the app's Content-Security-Policy (no inline script)."""

from __future__ import annotations

from browsing import SCREENSHOTS, log_in, wait_for_network
from helpers import zip_folder
from playwright.sync_api import expect


def test_coordinator_uploads_previews_and_loads(watched, accounts_url, seed_copy, tmp_path):
    base, _ = accounts_url
    page = watched.page
    log_in(page, base, "coordinator", "/beheer/upload")
    folder = seed_copy
    partners = folder / "partners.csv"
    partners.write_text(
        partners.read_text(encoding="utf-8")
        + "p-browser,Partner uit de browsertest,cultuur,,,voorbeeld\n",
        encoding="utf-8",
    )
    page.get_by_label("Bestand").set_input_files(str(zip_folder(folder, tmp_path / "nieuw.zip")))
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("status")).to_contain_text("is geldig")
    expect(page.locator("#tabel-wijzigingen")).to_contain_text("+ Partner uit de browsertest")
    page.screenshot(path=str(SCREENSHOTS / "upload-voorbeeld.png"), full_page=True)
    page.get_by_role("button", name="Laden: vervang het netwerk").click()
    expect(page.get_by_role("status")).to_contain_text("is geladen")
    # The new partner is now part of the network every reader sees.
    page.goto(base + "/zoeken?q=browsertest")
    expect(page.get_by_role("link", name="Partner uit de browsertest")).to_be_visible()
    watched.assert_clean(base)


def test_beheerder_console_shows_a_table_and_a_network(watched, accounts_url):
    base, _ = accounts_url
    page = watched.page
    log_in(page, base, "beheerder", "/console")
    page.get_by_label("Cypher-vraag").fill(
        "MATCH (p:Partner)-[r:LID_VAN]->(h:Hub {id: $hub}) RETURN p, r, h"
    )
    page.get_by_label("Parameters (optioneel, een JSON-object)").fill('{"hub": "h-cultuur"}')
    page.get_by_role("button", name="Uitvoeren").click()
    table = page.locator("#console-tabel")
    expect(table).to_be_visible()
    rows = table.locator("tbody tr").count()
    assert rows > 3
    drawn = wait_for_network(page, ".network[data-json]")
    assert drawn == rows + 1  # every partner plus the hub
    page.screenshot(path=str(SCREENSHOTS / "console.png"), full_page=True)
    # A write is refused in the page itself, with a Dutch message.
    page.get_by_label("Cypher-vraag").fill("MATCH (p:Partner) DETACH DELETE p")
    page.get_by_label("Parameters (optioneel, een JSON-object)").fill("")
    with page.expect_response(base + "/console") as refused:
        page.get_by_role("button", name="Uitvoeren").click()
    assert refused.value.status == 400
    expect(page.get_by_role("alert")).to_contain_text("DELETE")
    # Chromium logs the 400 of the page itself; that one is expected.
    watched.console_errors.remove(
        "Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"
    )
    watched.assert_clean(base)
