"""A network larger than the node cap in a real browser: gemeenten as nodes, a click
opens a gemeente's summary, and zooming in goes to its wijken, then to one wijk."""

from __future__ import annotations

import pytest
from browsing import SCREENSHOTS, click_node, served, wait_for_network
from helpers import close_app, make_app
from playwright.sync_api import expect

from lea_graph import model


@pytest.fixture(scope="module")
def country_url(tmp_path_factory):
    from lea_graph.generate import generate_synthetic

    app = make_app(tmp_path_factory.mktemp("country-browser"), SEED_ON_EMPTY=False, NODE_CAP=100)
    with app.app_context():
        from web.db import get_store

        get_store().load(generate_synthetic(3, seed=2))
    with served(app) as url:
        yield url
    close_app(app)


def test_zoom_from_gemeenten_to_a_wijk(watched, country_url):
    page = watched.page
    # Every kind of node (the first view shows only hubs and partners): above the cap.
    every = "&".join(f"soort={nk.kind}" for nk in model.NODE_KINDS)
    page.goto(country_url + "/netwerk?" + every)
    assert wait_for_network(page) == 3
    expect(page.get_by_role("status").first).to_contain_text("elke gemeente als één knoop")
    click_node(page, "groep:gemeente:Voorbeeldgemeente 1")
    panel = page.locator(".node-panel")
    expect(panel.locator("h2")).to_have_text("Voorbeeldgemeente 1")
    expect(panel).to_contain_text("partners")
    # click_node zoomed in on the node; show the whole view as a user first sees it.
    page.eval_on_selector("#netwerk", "el => el.leaNetwork.fit({animation: false})")
    page.screenshot(path=str(SCREENSHOTS / "netwerk-samengevoegd.png"))
    panel.get_by_role("link", name="Inzoomen op Voorbeeldgemeente 1").click()
    page.wait_for_url("**gemeente=Voorbeeldgemeente*")
    wijken = wait_for_network(page)
    assert 30 < wijken <= 100
    expect(page.get_by_label("Gemeente")).to_have_value("Voorbeeldgemeente 1")
    first = page.eval_on_selector(
        "#netwerk", "el => el.leaNetwork.body.data.nodes.getIds().sort()[0]"
    )
    click_node(page, first)
    panel.get_by_role("link", name="Inzoomen op").click()
    page.wait_for_url("**wijk=g1-w-*")
    drawn = wait_for_network(page)
    kinds = page.eval_on_selector(
        "#netwerk", "el => [...new Set(el.leaNetwork.body.data.nodes.get().map(n => n.kind))]"
    )
    assert drawn <= 100 and {"wijk", "school", "partner"} <= set(kinds)
    watched.assert_clean(country_url)
