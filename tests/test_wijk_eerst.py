"""Issue 28 §1, "the wijk first": where the network is thinnest on /wijken, who does
what at the top of a wijk's page, and a search that forgives typos and accents."""

from __future__ import annotations

import re
from pathlib import Path


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


def _section(page: str, start: str) -> str:
    i = page.index(start)
    return page[i : page.index("</section>", i)]


def test_wijk_page_answers_who_does_what_first_one_entry_per_organisation(client):
    page = client.get("/wijk/w-groenewoud").get_data(as_text=True)
    # The answer comes before the figures, the reach card, the map and the sources.
    wdw = page.index('<h2 id="wdw">Wie doet wat in Groenewoud</h2>')
    for later in ('<h2 id="partners">', '<dl class="facts">', 'id="bereik"', "<summary>Bronnen"):
        assert wdw < page.index(later), later
    assert wdw < page.index('<h2 id="ligging">')
    section = _section(page, '<h2 id="wdw">')
    entries = section.split("<li>")[1:]
    names = [re.search(r"<strong>([^<]+)</strong>", e).group(1) for e in entries]
    assert len(names) == len(set(names)), "an organisation is listed twice"
    # Artfact worked at Groenewoud's schools in two schooljaren: once, with both years.
    assert names.count("Artfact") == 1
    # The GGD does the Gezonde School here: its programme and the programme's description.
    ggd = _text(next(e for e in entries if "GGD Hart voor Brabant" in e))
    assert "Gezonde School" in ggd and "Gezonde school- en kinderopvangaanpak" in ggd
    assert "in 2023-2024 en 2024-2025" in ggd and "deelnemers" in ggd
    assert 'rel="noopener noreferrer">website</a>' in next(e for e in entries if "GGD" in e)
    # Every activity and wijkinzet of the seed is made up (bron=voorbeeld): each entry
    # says so, whatever the organisation itself is.
    assert all("(voorbeeld)</span>" in e.split('<p class="waar">', 1)[1] for e in entries)


def test_wijk_sources_are_folded_and_wrap(client):
    page = client.get("/wijk/w-groenewoud").get_data(as_text=True)
    assert '<details class="bronnen"><summary>Bronnen</summary>' in page
    css = (Path(__file__).parent.parent / "web" / "static" / "css" / "app.css").read_text()
    assert re.search(r"details\.bronnen[^{]*\{[^}]*overflow-wrap:\s*anywhere", css)


def test_close_names_forgives_a_missing_letter_and_an_accent():
    from lea_graph.text import close_names

    names = ["Groenewoud", "Groeseind", "De Reit", "Basisschool Don Sarto"]
    assert close_names("groenwoud", names) == ["Groenewoud"]
    assert close_names("Groenewóud", names) == ["Groenewoud"]
    assert close_names("GROENEWOUT", names) == ["Groenewoud"]
    assert close_names("zzz", names) == []


def test_search_with_a_typo_suggests_what_was_meant_and_shows_its_results(client):
    page = client.get("/zoeken?q=groenwoud").get_data(as_text=True)
    # The suggestion names exactly one page, so it links straight to that wijk.
    assert 'Bedoelde u <a href="/wijk/w-groenewoud">Groenewoud</a>' in page
    assert "Resultaten voor “Groenewoud”" in page
    assert 'href="/wijk/w-groenewoud"' in page
    answer = client.get("/api/v1/zoeken?q=groenwoud").get_json()
    assert answer["resultaten"] == [] and answer["suggesties"][0] == "Groenewoud"
    assert "w-groenewoud" in [h["id"] for h in answer["resultaten_suggestie"]]


def test_search_folds_case_and_accents(client):
    page = client.get("/zoeken?q=GROENEWÓUD").get_data(as_text=True)
    assert 'href="/wijk/w-groenewoud"' in page and "Bedoelde u" not in page
