"""The Netwerk page in a real browser: marking a node and its neighbours, the layouts
computed on the server, the drawing as PNG and SVG, the table that is the canvas's text
alternative (by keyboard), and an accessibility scan; screenshots for the README."""

from __future__ import annotations

import io
import json
import urllib.request
import xml.etree.ElementTree as ET

from browsing import SCREENSHOTS, axe_violations, click_node, wait_for_network
from helpers import XSS
from playwright.sync_api import expect

SVG = "{http://www.w3.org/2000/svg}"
HEIKANT = "/netwerk?wijk=w-heikant"


def _data(base: str, query: str = "") -> dict:
    return json.load(urllib.request.urlopen(base + "/netwerk/data.json" + query))


def _dimmed(page) -> list[str]:
    return page.eval_on_selector(
        "#netwerk",
        "el => el.leaNetwork.body.data.nodes.get().filter(n => n.dimmed).map(n => n.id).sort()",
    )


def _in_view(page) -> None:
    """The tools and the whole canvas in the window (1366 × 768), the mouse off the
    canvas so that no tooltip covers the drawing."""
    page.locator(".network-tools").evaluate("el => el.scrollIntoView()")
    box = page.locator("#netwerk").bounding_box()
    page.mouse.move(box["x"] - 40, box["y"] + 10)
    page.wait_for_timeout(400)  # the zoom to the marked nodes takes 300 ms
    page.evaluate("() => document.querySelectorAll('.vis-tooltip').forEach(t => t.remove())")


def test_clicking_a_node_marks_its_neighbours_until_toon_alles(watched, live_url):
    page = watched.page
    page.goto(live_url + HEIKANT)
    data = _data(live_url, "?wijk=w-heikant")
    assert wait_for_network(page, "#netwerk") == len(data["nodes"])
    reset = page.get_by_role("button", name="Toon alles")
    expect(reset).to_be_hidden()
    assert _dimmed(page) == []
    click_node(page, "p-sportbedrijf", "#netwerk")
    expect(page.locator(".node-panel h2")).to_have_text("Sportbedrijf")  # details still open
    expect(page.locator("#netwerk")).to_have_attribute("data-highlight", "p-sportbedrijf")
    neighbours = {e["to"] for e in data["edges"] if e["from"] == "p-sportbedrijf"}
    neighbours |= {e["from"] for e in data["edges"] if e["to"] == "p-sportbedrijf"}
    kept = neighbours | {"p-sportbedrijf"}
    assert _dimmed(page) == sorted({n["id"] for n in data["nodes"]} - kept)
    assert len(kept) > 3 and len(_dimmed(page)) > 10
    colours = page.eval_on_selector(
        "#netwerk",
        "el => Object.fromEntries(el.leaNetwork.body.data.nodes.get().map(n => [n.id, n.color]))",
    )
    original = {n["id"]: n["color"] for n in data["nodes"]}
    assert all(colours[n] == original[n] for n in kept)
    assert all(colours[n]["background"] == "#eceff1" for n in _dimmed(page))
    # The dimmed ones show no label (it would lie over the marked names); the marked do.
    fonts = page.eval_on_selector(
        "#netwerk",
        "el => Object.fromEntries(el.leaNetwork.body.data.nodes.get()"
        ".map(n => [n.id, (n.font || {}).color || '']))",
    )
    assert all(fonts[n] == "rgba(0,0,0,0)" for n in _dimmed(page))
    assert all(fonts[n] != "rgba(0,0,0,0)" for n in kept)
    # Only lines between kept nodes stay.
    lines = page.eval_on_selector(
        "#netwerk", "el => el.leaNetwork.body.data.edges.get().map(e => [e.from, e.to, e.dimmed])"
    )
    assert all(dimmed == (not (a in kept and b in kept)) for a, b, dimmed in lines)
    expect(page.locator(".network-status")).to_contain_text(
        f"Sportbedrijf en {len(neighbours)} buren gemarkeerd"
    )
    _in_view(page)
    page.screenshot(path=str(SCREENSHOTS / "netwerk-buren.png"))
    expect(reset).to_be_visible()
    reset.click()
    assert _dimmed(page) == []
    expect(page.locator("#netwerk")).not_to_have_attribute("data-highlight", "p-sportbedrijf")
    expect(reset).to_be_hidden()
    restored = page.eval_on_selector(
        "#netwerk",
        "el => Object.fromEntries(el.leaNetwork.body.data.nodes.get().map(n => [n.id, n.color]))",
    )
    assert restored == original
    # Escape does the same.
    click_node(page, "w-heikant", "#netwerk")
    assert len(_dimmed(page)) > 0
    page.keyboard.press("Escape")
    assert _dimmed(page) == []
    watched.assert_clean(live_url)


def test_the_search_marks_the_node_found_too(watched, live_url):
    page = watched.page
    page.goto(live_url + HEIKANT)
    wait_for_network(page, "#netwerk")
    page.get_by_label("Zoek in het netwerk").fill("Heikant")
    page.get_by_role("button", name="Ga naar").click()
    expect(page.locator("#netwerk")).to_have_attribute("data-highlight", "w-heikant")
    page.keyboard.press("Escape")
    assert _dimmed(page) == []
    watched.assert_clean(live_url)


def test_the_drawing_downloads_as_png_and_svg(watched, live_url, tmp_path):
    from PIL import Image

    page = watched.page
    page.goto(live_url + HEIKANT)
    drawn = wait_for_network(page, "#netwerk")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download als PNG").click()
    assert download.value.suggested_filename == "lea-netwerk.png"
    png = tmp_path / "netwerk.png"
    download.value.save_as(png)
    body = png.read_bytes()
    assert body.startswith(b"\x89PNG\r\n\x1a\n") and len(body) > 20_000
    image = Image.open(io.BytesIO(body)).convert("RGBA")
    box = page.locator("#netwerk canvas").bounding_box()
    assert image.width >= 2400 > 2 * box["width"]  # print size: the whole drawing, not the canvas
    assert image.getpixel((2, 2)) == (255, 255, 255, 255)  # white, not transparent
    assert len(image.getcolors(1 << 20)) > 20  # a drawing, not an empty square
    with page.expect_download() as download:
        page.get_by_role("button", name="Download als SVG").click()
    assert download.value.suggested_filename == "lea-netwerk.svg"
    svg = tmp_path / "netwerk.svg"
    download.value.save_as(svg)
    root = ET.parse(svg).getroot()
    assert root.tag == SVG + "svg"
    nodes = root.findall(f".//{SVG}g[@class='knoop']")
    assert len(nodes) == drawn
    ids = {g.get("data-id") for g in nodes}
    assert ids == {n["id"] for n in _data(live_url, "?wijk=w-heikant")["nodes"]}
    heikant = next(g for g in nodes if g.get("data-id") == "w-heikant")
    assert heikant.find(f"{SVG}text").text == "Heikant" and heikant.find(f"{SVG}rect") is not None
    assert len(root.findall(f".//{SVG}line")) == len(_data(live_url, "?wijk=w-heikant")["edges"])
    watched.assert_clean(live_url)


def test_an_svg_download_keeps_names_as_text(watched, xss_url, tmp_path):
    page = watched.page
    page.goto(xss_url + "/netwerk")
    wait_for_network(page, "#netwerk")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download als SVG").click()
    svg = tmp_path / "xss.svg"
    download.value.save_as(svg)
    root = ET.parse(svg).getroot()  # parses: the payload did not break the markup
    assert not any(el.tag.endswith("img") for el in root.iter())
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert any(XSS in (t or "") for t in titles)
    watched.assert_clean(xss_url)


def test_the_hubs_layout_draws_the_server_positions(watched, live_url):
    page = watched.page
    page.goto(live_url + "/netwerk")
    wait_for_network(page, "#netwerk", timeout=30_000)
    page.get_by_label("Indeling", exact=True).select_option("hubs")
    page.get_by_role("button", name="Toon", exact=True).click()
    page.wait_for_url("**indeling=hubs*")
    wait_for_network(page, "#netwerk", timeout=30_000)
    expected = _data(live_url, "?indeling=hubs")
    assert expected["indeling"] == "hubs"
    drawn = page.eval_on_selector("#netwerk", "el => el.leaNetwork.getPositions()")
    assert len(drawn) == len(expected["nodes"])
    for n in expected["nodes"]:  # vis-network gives whole numbers
        assert abs(drawn[n["id"]]["x"] - n["x"]) < 1 and abs(drawn[n["id"]]["y"] - n["y"]) < 1
    # The first view shows the hubs and their members, large enough to read.
    scale = page.eval_on_selector("#netwerk", "el => el.leaNetwork.getScale()")
    assert scale > 0.45
    expect(page.locator(".network-status")).to_contain_text("De hubs en hun leden staan in beeld")
    _in_view(page)
    page.screenshot(path=str(SCREENSHOTS / "netwerk-hubs.png"))
    watched.assert_clean(live_url)


def test_the_table_has_the_same_nodes_and_is_reached_by_keyboard(watched, live_url):
    page = watched.page
    page.goto(live_url + HEIKANT)
    drawn = wait_for_network(page, "#netwerk")
    canvas = page.locator("#netwerk")
    assert "Het netwerk als tabel" in canvas.get_attribute("aria-label")
    assert page.locator("#tabel-knopen tbody tr").count() == drawn
    # From the top of the page, Tab reaches the table's summary; Enter opens it; Tab goes
    # on to the links of the nodes, and Enter on one opens that node's page.
    summary = page.locator("#netwerk-tabel > summary")
    for _ in range(120):
        page.keyboard.press("Tab")
        if summary.evaluate("s => s === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached 'Toon als tabel'")
    page.keyboard.press("Enter")
    expect(page.locator("#tabel-knopen")).to_be_visible()
    for _ in range(60):
        page.keyboard.press("Tab")
        href = page.evaluate(
            "() => document.activeElement.closest('#tabel-knopen tbody') && document.activeElement.getAttribute('href')"
        )
        if href:
            break
    else:
        raise AssertionError("Tab never reached a node in the table")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + href)
    assert page.locator("h1").count() == 1
    watched.assert_clean(live_url)


def test_the_link_to_the_table_opens_it(watched, live_url):
    page = watched.page
    page.goto(live_url + HEIKANT)
    wait_for_network(page, "#netwerk")
    expect(page.locator("#tabel-knopen")).to_be_hidden()
    page.locator(".network-tools").get_by_role("link", name="Toon als tabel").click()
    expect(page.locator("#tabel-knopen")).to_be_visible()
    # Sorting by number of connections, as in every table.
    page.locator("#tabel-knopen thead").get_by_role("button", name="Verbindingen").click()
    counts = page.locator("#tabel-knopen tbody td.num").all_inner_texts()
    assert [int(c) for c in counts] == sorted(int(c) for c in counts)
    watched.assert_clean(live_url)


def test_accessibility_of_the_marked_view_and_the_open_table(watched, live_url):
    page = watched.page
    for query in ("", "?indeling=hubs", "?indeling=wijken"):
        page.goto(live_url + "/netwerk" + query)
        wait_for_network(page, "#netwerk", timeout=30_000)
        assert axe_violations(page) == [], query
    page.goto(live_url + HEIKANT)
    wait_for_network(page, "#netwerk")
    click_node(page, "w-heikant", "#netwerk")
    page.locator(".network-tools").get_by_role("link", name="Toon als tabel").click()
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)
    watched.assert_clean(live_url)
