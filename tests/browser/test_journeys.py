"""The three user journeys in a real browser (Debian's Chromium through Playwright),
the network canvas, XSS in the browser, an accessibility scan with axe-core, and
screenshots (see ``browsing.SCREENSHOTS``)."""

from __future__ import annotations

import csv
import json
import urllib.request

import pytest
from browsing import SCREENSHOTS, axe_violations, click_node, wait_for_network
from helpers import XSS
from playwright.sync_api import expect

from lea_graph.resources import seed_path


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_begeleidingsgroep_follows_a_gap_to_the_wijk(watched, live_url):
    page = watched.page
    page.goto(live_url + "/")
    assert page.locator("h1").inner_text() == "Overzicht van het LEA-netwerk"
    assert page.locator("table.heatmap tbody tr").count() > 30
    assert page.locator(".target").count() == 4
    shot(page, "overzicht")
    # The first (most urgent) gap links to its wijk.
    first_gap = page.locator("#tabel-gaten tbody tr").first
    wijk_name = first_gap.locator("td").nth(1).inner_text()
    first_gap.locator("td").nth(1).locator("a").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith(wijk_name)
    assert page.get_by_role("heading", name=f"Wie doet wat in {wijk_name}").is_visible()
    assert page.locator("#tabel-gaten tbody tr").count() >= 1
    assert wait_for_network(page) > 0
    watched.assert_clean(live_url)


def test_kwartiermaker_sees_candidate_partners_for_a_hub(watched, live_url):
    page = watched.page
    page.goto(live_url + "/hubs")
    page.get_by_role("link", name="Sport en gezondheid").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Hub Sport en gezondheid"
    candidates = page.locator("#tabel-kandidaten tbody tr")
    assert candidates.count() > 0
    assert (
        "lid van hub" in candidates.first.inner_text() or "domein" in candidates.first.inner_text()
    )
    assert page.locator(".tile").count() > 30  # reach per wijk, map-like
    wait_for_network(page)
    shot(page, "hub")
    watched.assert_clean(live_url)


def test_begeleidingsgroep_tries_what_if_a_partner_stops(watched, live_url):
    page = watched.page
    page.goto(live_url + "/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Wat als").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Wat als?"
    # The kwetsbaarheid ranking is there before any choice; its first row is the partner
    # whose leaving costs most.
    first = page.locator("#tabel-kwetsbaarheid tbody tr").first
    name = first.locator("td").nth(1).inner_text()
    page.get_by_label("Kies een of meer partners").select_option(label=name)
    page.get_by_label("Schooljaar").select_option("2024-2025")
    page.get_by_role("button", name="Reken uit").click()
    page.wait_for_load_state()
    consequences = page.locator("section.summary li")
    assert consequences.count() > 0
    assert consequences.first.inner_text().startswith(f"Als {name} stopt, ")
    assert "geen partner meer voor" in consequences.first.inner_text()
    assert page.locator("#tabel-overzicht tbody tr").count() >= 4
    # Keeping the stop and adding a member: the kept choice comes back selected.
    assert page.get_by_label("Kies een of meer partners").evaluate(
        "s => [...s.selectedOptions].map(o => o.textContent)"
    ) == [name]
    watched.assert_clean(live_url)


def test_begeleidingsgroep_compares_two_schooljaren(watched, live_url):
    page = watched.page
    page.goto(live_url + "/veranderingen")
    page.get_by_label("Eerder", exact=True).last.select_option("2023-2024")
    page.get_by_role("button", name="Vergelijk schooljaren").click()
    page.wait_for_load_state()
    assert page.locator("section.summary h2").inner_text() == "2023-2024 → 2024-2025"
    assert page.locator("#tabel-gaten tbody tr").count() > 0
    # One chart per LEA target whose reach can be computed, and one of the network's health.
    targets = json.load(urllib.request.urlopen(live_url + "/api/v1/overzicht"))["doelen"]
    computed = [t for t in targets if t["ondergrens"] is not None]
    assert page.locator("svg.chart").count() == len(computed) + 1
    assert "2023-2024" in page.locator("svg.chart desc").first.text_content()
    watched.assert_clean(live_url)


def test_begeleidingsgroep_downloads_the_report_for_the_meeting(watched, live_url, tmp_path):
    import subprocess

    page = watched.page
    page.goto(live_url + "/?schooljaar=2024-2025")
    with page.expect_download() as download:
        page.get_by_role("link", name="Rapport (pdf)").click()
    assert download.value.suggested_filename == "lea-rapport-2024-2025.pdf"
    pdf = tmp_path / download.value.suggested_filename
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True,
                          text=True).stdout  # fmt: skip
    flat = " ".join(text.split())
    assert "Schooljaar 2024-2025" in flat and "Kwetsbaarste partners" in flat
    assert "Let op: bevat voorbeeldgegevens" in flat
    watched.assert_clean(live_url)


@pytest.mark.parametrize("path", ["/", "/wijk/w-heikant", "/scenario?zonder=p-stadsmuseum",
                                  "/veranderingen?vergelijk=jaren", "/analyses/gaten"])  # fmt: skip
def test_every_page_prints_without_menus_and_keeps_the_voorbeeld_notice(watched, live_url, path):
    page = watched.page
    page.emulate_media(media="print")
    page.goto(live_url + path)
    assert page.locator("nav[aria-label='Hoofdmenu']").is_hidden()
    assert page.locator("form").first.is_hidden()
    assert page.locator(".banner").is_visible()  # made-up data stay marked on paper
    assert page.locator("h1").is_visible()
    colour = page.locator("body").evaluate("b => getComputedStyle(b).backgroundColor")
    assert colour in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.emulate_media(media="screen")


def test_visitor_searches_a_wijk_and_reads_who_does_what(watched, live_url):
    page = watched.page
    page.goto(live_url + "/")
    page.get_by_label("Zoek een partner, wijk, school of programma").fill("HEIKANT")
    page.get_by_role("button", name="Zoeken").first.click()
    page.wait_for_load_state()
    assert "resultaten voor" in page.get_by_role("status").first.inner_text()
    shot(page, "zoeken")
    page.get_by_role("link", name="Heikant", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Heikant")
    items = page.locator("ul.who li")
    assert items.count() > 0
    # Each line names a location in Heikant (from the seed's own table) or says "in de wijk".
    with open(seed_path() / "scholen.csv", encoding="utf-8", newline="") as fh:
        here = [r["naam"] for r in csv.DictReader(fh) if r["wijk"] == "w-heikant"]
    for line in items.all_inner_texts():
        assert "in de wijk" in line or any(naam in line for naam in here), line
    wait_for_network(page)
    shot(page, "wijk")
    watched.assert_clean(live_url)


def test_network_draws_every_node_and_clicking_opens_details(watched, live_url):
    page = watched.page
    page.goto(live_url + "/netwerk?wijk=w-heikant")
    expected = json.load(urllib.request.urlopen(live_url + "/netwerk/data.json?wijk=w-heikant"))
    drawn = wait_for_network(page)
    assert drawn == len(expected["nodes"]) > 10
    # Click the wijk node itself where the canvas drew it.
    click_node(page, "w-heikant", "#netwerk")
    panel = page.locator(".node-panel")
    panel.wait_for(state="visible")
    expect(panel.locator("h2")).to_have_text("Heikant")
    assert "relaties" in panel.inner_text()
    # Search focuses a node and opens its details too.
    page.get_by_label("Zoek in het netwerk").fill("Sportbedrijf")
    page.get_by_role("button", name="Ga naar").click()
    expect(panel.locator("h2")).to_have_text("Sportbedrijf")
    selected = page.eval_on_selector("#netwerk", "el => el.leaNetwork.getSelectedNodes()")
    assert selected == ["p-sportbedrijf"]
    watched.assert_clean(live_url)


def test_whole_network_page(watched, live_url):
    page = watched.page
    page.goto(live_url + "/netwerk")
    expected = json.load(urllib.request.urlopen(live_url + "/netwerk/data.json"))
    assert wait_for_network(page, timeout=30_000) == len(expected["nodes"])
    shot(page, "netwerk")
    page.goto(live_url + "/netwerk?kleur=gemeenschap&grootte=betweenness")
    wait_for_network(page, timeout=30_000)
    assert page.locator(".network-legend li", has_text="Gemeenschap").count() > 1
    watched.assert_clean(live_url)


def test_xss_payload_stays_text_in_the_browser(watched, xss_url):
    page = watched.page
    page.goto(xss_url + "/partner/p-muziek")
    assert page.locator("h1").inner_text() == XSS
    assert page.locator("img[src='x']").count() == 0
    wait_for_network(page)
    click_node(page, "p-muziek")
    expect(page.locator(".node-panel h2")).to_have_text(XSS)
    page.goto(xss_url + "/wijk/w-noord")
    assert page.locator("h1").inner_text().startswith(XSS)
    page.goto(xss_url + "/school/s-a")
    assert page.locator("h1").inner_text() == "<script>alert('school')</script>"
    assert page.locator("img[src='x']").count() == 0
    watched.assert_clean(xss_url)  # no dialog ever opened


MAIN_PAGES = {
    "overzicht": "/",
    "netwerk": "/netwerk",
    "wijk": "/wijk/w-heikant",
    "hub": "/hub/h-cultuur",
    "partner": "/partner/p-factorium",
    "school": "/school/s-10wh00",
    "programma": "/programma/pr-taal52",
    "wijken": "/wijken",
    "analyses": "/analyses/isolement",
    "zoeken": "/zoeken?q=natuur",
    "gegevens": "/gegevens",
    "veranderingen": "/veranderingen?vergelijk=jaren",
    "scenario": "/scenario?zonder=p-stadsmuseum",
    "toegankelijkheid": "/toegankelijkheid",
    "privacy": "/privacy",
}


@pytest.mark.parametrize("name", sorted(MAIN_PAGES))
def test_accessibility_wcag21_aa(watched, live_url, name):
    page = watched.page
    page.goto(live_url + MAIN_PAGES[name])
    if page.locator(".network[data-url]").count():
        wait_for_network(page, timeout=30_000)
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)
    if name in ("partner", "analyses", "wijken", "gegevens", "veranderingen", "scenario"):
        shot(page, name)
    watched.assert_clean(live_url)
