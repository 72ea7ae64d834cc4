"""The Netwerk page reads at a glance (issue 28 §3): the canvas in the first screen at
1366 × 768, a first view of hubs and partners with readable names, the nodes without a
line apart from the rest, and downloads at print size with a title, the filters, the day
and the source."""

from __future__ import annotations

import io
import json
import urllib.request
import xml.etree.ElementTree as ET

from browsing import SCREENSHOTS, wait_for_network

from lea_graph.tijd import MONTHS_NL

SVG = "{http://www.w3.org/2000/svg}"
#: The smallest label on screen, in pixels.
READABLE = 12

#: Every drawn node with its label and the height of that label on screen now.
LABELS = """el => {
  const net = el.leaNetwork, scale = net.getScale();
  return net.body.data.nodes.get().map(n => ({
    id: n.id, kind: n.kind, label: n.label || "",
    px: ((n.font && n.font.size) || 14) * scale,
  }));
}"""


def _data(base: str, query: str = "") -> dict:
    return json.load(urllib.request.urlopen(base + "/netwerk/data.json" + query))


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_the_canvas_is_in_the_first_screen(watched, live_url):
    page = watched.page
    page.goto(live_url + "/netwerk")
    wait_for_network(page, "#netwerk", timeout=30_000)
    box = page.locator("#netwerk").bounding_box()
    assert box["y"] < 250, box
    visible = min(box["y"] + box["height"], 768) - box["y"]
    assert visible >= 400, box
    _shot(page, "netwerk-eerste-scherm")
    watched.assert_clean(live_url)


def test_the_first_view_is_hubs_and_partners_each_with_a_readable_name(watched, live_url):
    page = watched.page
    page.goto(live_url + "/netwerk")
    drawn = wait_for_network(page, "#netwerk", timeout=30_000)
    labels = page.eval_on_selector("#netwerk", LABELS)
    assert len(labels) == drawn > 10
    assert {n["kind"] for n in labels} == {"hub", "partner"}
    assert all(n["label"].strip() for n in labels)
    small = [n for n in labels if n["px"] < READABLE]
    assert small == [], small[:5]
    # The other kinds are a tick away; a link with explicit kinds keeps them.
    checked = page.eval_on_selector_all(
        "input[name=soort]:checked", "els => els.map(e => e.value).sort()"
    )
    assert checked == ["hub", "partner"]
    explicit = _data(live_url, "?soort=school&soort=wijk")
    assert {n["kind"] for n in explicit["nodes"]} == {"school", "wijk"}
    # A link that narrows the view (a wijk) still shows every kind.
    assert "school" in {n["kind"] for n in _data(live_url, "?wijk=w-heikant")["nodes"]}
    _shot(page, "netwerk-standaard")
    # After a search the names around the node found are readable too.
    page.get_by_label("Zoek in het netwerk").fill("Sportbedrijf")
    page.get_by_role("button", name="Ga naar").click()
    page.wait_for_selector("#netwerk[data-highlight]")
    labels = page.eval_on_selector("#netwerk", LABELS)
    small = [n for n in labels if n["px"] < READABLE]
    assert small == [], small[:5]
    _shot(page, "netwerk-zoeken")
    watched.assert_clean(live_url)


def test_nodes_without_a_line_stand_apart(watched, live_url):
    page = watched.page
    query = "?soort=partner&soort=hub&soort=programma"
    data = _data(live_url, query)
    linked = {e["from"] for e in data["edges"]} | {e["to"] for e in data["edges"]}
    alone = [n for n in data["nodes"] if n["id"] not in linked]
    assert alone, "the seed has partners without a line in this view"
    assert any("Zonder verbinding" in a["text"] for a in data["annotations"])
    page.goto(live_url + "/netwerk" + query)
    wait_for_network(page, "#netwerk", timeout=30_000)
    positions = page.eval_on_selector("#netwerk", "el => el.leaNetwork.getPositions()")
    xs = [positions[n]["x"] for n in linked]
    ys = [positions[n]["y"] for n in linked]
    for n in alone:
        p = positions[n["id"]]
        inside = min(xs) <= p["x"] <= max(xs) and min(ys) <= p["y"] <= max(ys)
        assert not inside, (n["id"], p)
    _shot(page, "netwerk-zonder-verbinding")
    watched.assert_clean(live_url)


def test_the_downloads_are_posters_at_print_size(watched, live_url, tmp_path):
    from PIL import Image

    page = watched.page
    page.goto(live_url + "/netwerk")
    drawn = wait_for_network(page, "#netwerk", timeout=30_000)
    facts = page.eval_on_selector("#netwerk", "el => Object.assign({}, el.dataset)")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download als PNG").click()
    png = tmp_path / "netwerk.png"
    download.value.save_as(png)
    image = Image.open(io.BytesIO(png.read_bytes())).convert("RGB")
    assert image.width >= 2400
    assert image.getpixel((2, 2)) == (255, 255, 255)
    image.save(SCREENSHOTS / "netwerk-download.png")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download als SVG").click()
    svg = tmp_path / "netwerk.svg"
    download.value.save_as(svg)
    root = ET.parse(svg).getroot()
    assert float(root.get("width")) >= 2400
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert facts["exportTitle"] in texts
    assert any(facts["exportDate"] in t for t in texts)
    assert facts["exportDate"].split()[1] in MONTHS_NL
    assert facts["exportSource"] in texts and facts["exportSource"].startswith("Bron:")
    assert "Soorten: hubs, partners" in facts["exportFilters"] and facts["exportFilters"] in texts
    assert "Legenda" in texts
    assert len(root.findall(f".//{SVG}g[@class='knoop']")) == drawn
    watched.assert_clean(live_url)
