"""Issue 28 §1, "the wijk first": where the network is thinnest on /wijken, who does
what at the top of a wijk's page, and a search that forgives typos and accents."""

from __future__ import annotations

import re


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_wijken_ranks_where_the_network_is_thinnest(client):
    page = client.get("/wijken").get_data(as_text=True)
    assert '<h2 id="dunst">Waar is het netwerk het dunst?</h2>' in page
    section = page[page.index('id="dunst"') : page.index("</section>", page.index('id="dunst"'))]
    assert "Hoe berekend?" in section and "Bedrijventerreinen" in section
    ranked = re.findall(r'href="/wijk/([^"?]+)"', section)
    assert 1 <= len(ranked) <= 10
    # Buitengebied and Bosscheweg hold (almost) no children: never the thinnest.
    assert not [w for w in ranked if w.startswith("w-buitengebied") or w == "w-bosscheweg"]
    # Wandelbos Noord: a PacT wijk with low SES, ~1.081 children and 4 hub partners:
    # 1081 ÷ 5 × 1,5 × 1,5 = 486 is the highest score of the seed.
    assert ranked[0] == "w-wandelbos-noord"


def test_the_overview_links_to_the_ranking(client):
    assert 'href="/wijken#dunst"' in client.get("/").get_data(as_text=True)
