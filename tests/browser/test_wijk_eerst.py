"""Issue 28 §1: on a wijk's page "who does what" is the first thing people see, on a
laptop (1366×768) and on a phone (390×844), and a phone never scrolls sideways."""

from __future__ import annotations

import pytest
from browsing import SCREENSHOTS, Watched


@pytest.mark.parametrize(
    ("name", "width", "height"), [("laptop", 1366, 768), ("telefoon", 390, 844)]
)
def test_who_does_what_is_above_the_fold_and_nothing_scrolls_sideways(
    browser, live_url, name, width, height
):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
    try:
        watched = Watched(context.new_page())
        page = watched.page
        page.goto(live_url + "/wijk/w-groenewoud")
        page.wait_for_load_state()
        heading = page.get_by_role("heading", name="Wie doet wat in Groenewoud")
        first = page.locator("ul.who > li").first
        for what, box in (
            ("heading", heading.bounding_box()),
            ("first entry", first.bounding_box()),
        ):
            assert box is not None, what
            assert box["y"] < height, f"{what} starts at {box['y']:.0f} px, below the fold"
        assert first.locator("strong").inner_text().strip()
        # No sideways scroll: not on a phone either (long source URLs wrap).
        scroll, inner = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll <= inner, f"the page is {scroll} px wide in a {inner} px window"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"wijk-eerst-{name}.png"))
        watched.assert_clean(live_url)
    finally:
        context.close()
