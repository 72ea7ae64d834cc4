"""Published views and saved views (issue 29 §2), on the real app and the Tilburg seed.

A coordinator publishes a wijk's "wie doet wat", the map or a hub's reach at
``/publiek/<token>``: readable without login (also when reading needs one), without the
explorer's menu, framed only by ``EMBED_ORIGINS``; unpublishing answers 404 at once.
A logged-in user saves a filter of /netwerk or /kaart by name and shares its link.
"""

from __future__ import annotations

import csv
import multiprocessing
import re
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from helpers import close_app, csrf_of, logged_in, make_app

from lea_graph import publicaties, weergaven
from lea_graph.resources import seed_path

EMBED = ["http://127.0.0.1:8765", "https://www.tilburg.nl"]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = make_app(
        tmp_path_factory.mktemp("publiceren") / "data", ANONYMOUS_READ=False, EMBED_ORIGINS=EMBED
    )
    yield app
    close_app(app)


@pytest.fixture(scope="module")
def coordinator(app):
    return logged_in(app, "coordinator")


def publish(client, **form) -> str:
    """Publish as the client; the path of the new public address."""
    token = csrf_of(client, "/beheer/publiceren")
    response = client.post("/beheer/publiceren", data={"csrf_token": token, **form})
    assert response.status_code == 302, response.get_data(as_text=True)[-800:]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    new = parse_qs(urlsplit(response.headers["Location"]).query)["nieuw"][0]
    assert f'value="http://localhost/publiek/{new}"' in page
    return f"/publiek/{new}"


def unpublish(client, path: str):
    token = csrf_of(client, "/beheer/publiceren")
    return client.post(f"{path.replace('/publiek/', '/beheer/publiceren/')}/intrekken",
                       data={"csrf_token": token})  # fmt: skip


def names_in(html: str) -> list[str]:
    i = html.index('<ul class="who">')
    section = html[i : html.index("</ul>", i)]
    return re.findall(r"<strong>([^<]+)</strong>", section)


def heikant_partners_from_the_seed() -> set[str]:
    """Partner names with wijkinzet in Heikant or an activity at a school the seed places
    in Heikant itself (its ``wijk`` column): counted from the CSV files."""
    folder = seed_path()

    def rows(name):
        with open(folder / name, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    schools = {r["id"] for r in rows("scholen.csv") if r["wijk"] == "w-heikant"}
    ids = {r["partner"] for r in rows("activiteiten.csv") if r["school"] in schools}
    ids |= {r["partner"] for r in rows("wijkinzet.csv") if r["wijk"] == "w-heikant"}
    names = {r["id"]: r["naam"] for r in rows("partners.csv")}
    return {names[i] for i in ids}


def test_a_published_wijk_is_read_without_login_and_without_the_menu(app, coordinator):
    path = publish(coordinator, soort="wijk", wijk="w-heikant", schooljaar="")
    visitor = app.test_client()
    # Reading needs a login here: the wijk's own page sends the visitor to log in ...
    assert visitor.get("/wijk/w-heikant").status_code == 302
    # ... its published view does not.
    response = visitor.get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<title>Wie doet wat in Heikant · LEA Graph Tilburg</title>" in html
    shown = names_in(html)
    expected = heikant_partners_from_the_seed()
    assert len(expected) > 10 and expected <= set(shown)
    # The same organisations as on the wijk's page in the explorer.
    page = logged_in(app, "lezer").get("/wijk/w-heikant").get_data(as_text=True)
    assert shown == names_in(page)
    # No menu, no search, no login, no link into the explorer; only the partners' own
    # websites, the style sheet and the icon.
    assert "<nav" not in html and 'role="search"' not in html and "Inloggen" not in html
    for href in re.findall(r'href="([^"]+)"', html):
        assert href.startswith(("http://", "https://", "/static/")), href
    # Every activity of the seed is made up: every entry keeps its mark, and the footer
    # says so beside the source and the version.
    entries = html[html.index('<ul class="who">') :].split("<li>")[1 : len(shown) + 1]
    assert all('<span class="example" title="Verzonnen voorbeeldgegevens">(voorbeeld)</span>' in e
               for e in entries)  # fmt: skip
    footer = html[html.index("<footer") :]
    assert "Bron: LEA Graph Tilburg, versie geladen op" in footer
    assert "deels verzonnen gegevens" in footer and "(voorbeeld)" in footer
    assert "<form" not in html  # read-only
    assert "Set-Cookie" not in response.headers


def test_a_published_map_and_hub_lead_nowhere_into_the_explorer(app, coordinator):
    visitor = app.test_client()
    for form, title in (
        ({"soort": "kaart", "kleur": "hub", "kaart_hub": "h-cultuur"}, "Kaart van de wijken"),
        ({"soort": "hub", "hub": "h-cultuur", "schooljaar": "2024-2025"},
         "Bereik van de hub Cultuur en muziek per wijk"),
    ):  # fmt: skip
        html = visitor.get(publish(coordinator, **form)).get_data(as_text=True)
        assert f"<h1>{title}</h1>" in html
        wijk_links = re.findall(r'<a class="kaart-wijk[^"]*" href="([^"]+)"', html)
        assert len(wijk_links) > 20
        # Each wijk on the map leads to its own figures on this page.
        for href in wijk_links:
            assert href.startswith("#wijk-") and f'id="{href[1:]}"' in html
        assert "/wijk/" not in html and "/kaart?" not in html and "<nav" not in html
        assert "klik voor de wijkpagina" not in html


def test_unpublishing_answers_404_at_once_and_drops_the_kept_page(app, coordinator):
    path = publish(coordinator, soort="wijk", wijk="w-groenewoud")
    visitor = app.test_client()
    assert visitor.get(path).status_code == 200
    token = path.rsplit("/", 1)[1]
    file = publicaties.publications_file(app.config["DATA_DIR"])
    entry = publicaties.find(file, token)
    key = ("publiek", token, entry["aangemaakt"])
    from web import services

    with app.test_request_context():
        assert services.is_cached(key)
    assert unpublish(coordinator, path).status_code == 302
    response = visitor.get(path)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Deze weergave is niet (meer) openbaar" in html and "<nav" not in html
    with app.test_request_context():
        assert not services.is_cached(key)
    assert publicaties.find(file, token) is None
    # An address that never existed answers the same.
    assert visitor.get("/publiek/verzonnen-adres").status_code == 404
    # Unpublishing twice: the second finds nothing.
    assert unpublish(coordinator, path).status_code == 404


def test_only_a_coordinator_publishes(app, coordinator):
    lezer = logged_in(app, "lezer")
    assert lezer.get("/beheer/publiceren").status_code == 403
    token = csrf_of(lezer, "/kaart")
    refused = lezer.post(
        "/beheer/publiceren", data={"csrf_token": token, "soort": "wijk", "wijk": "w-heikant"}
    )
    assert refused.status_code == 403
    assert "Geen toegang" in refused.get_data(as_text=True)
    path = publish(coordinator, soort="wijk", wijk="w-heikant")
    gone = lezer.post(f"{path.replace('/publiek/', '/beheer/publiceren/')}/intrekken",
                      data={"csrf_token": token})  # fmt: skip
    assert gone.status_code == 403
    assert app.test_client().get(path).status_code == 200  # still published
    anonymous = app.test_client().get("/beheer/publiceren")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    # The menu shows it to the coordinator under Beheer, not to the reader.
    assert 'href="/beheer/publiceren"' in coordinator.get("/").get_data(as_text=True)
    assert 'href="/beheer/publiceren"' not in lezer.get("/").get_data(as_text=True)


def test_publishing_something_not_in_the_network_is_refused(coordinator):
    token = csrf_of(coordinator, "/beheer/publiceren")
    for form in (
        {"soort": "wijk", "wijk": "w-bestaat-niet"},
        {"soort": "hub", "hub": ""},
        {"soort": "kaart", "kleur": "regenboog"},
        {"soort": "wijk", "wijk": "w-heikant", "schooljaar": "1999-2000"},
        {"soort": "alles"},
    ):
        response = coordinator.post("/beheer/publiceren", data={"csrf_token": token, **form})
        assert response.status_code == 400, form
        assert 'role="alert"' in response.get_data(as_text=True)


def frame_ancestors(response) -> str:
    csp = response.headers["Content-Security-Policy"]
    return re.search(r"frame-ancestors ([^;]+)", csp).group(1).strip()


def test_only_published_views_may_be_framed_and_only_by_the_configured_sites(
    app, coordinator, tmp_path
):
    path = publish(coordinator, soort="wijk", wijk="w-heikant")
    public = app.test_client().get(path)
    assert frame_ancestors(public) == " ".join(EMBED)
    assert "X-Frame-Options" not in public.headers
    # Still no inline script: the rest of the policy is the same as elsewhere.
    assert "script-src 'self';" in public.headers["Content-Security-Policy"]
    missing = app.test_client().get("/publiek/weg")
    assert frame_ancestors(missing) == " ".join(EMBED)
    for other in ("/login", "/beheer/publiceren", "/wijk/w-heikant", "/api/v1/stats"):
        response = coordinator.get(other)
        assert frame_ancestors(response) == "'none'", other
        assert response.headers["X-Frame-Options"] == "DENY", other
    # Without the setting, no site may frame even a published view.
    plain = make_app(tmp_path / "data", ANONYMOUS_READ=False)
    try:
        path = publish(logged_in(plain, "coordinator"), soort="kaart")
        response = plain.test_client().get(path)
        assert response.status_code == 200 and frame_ancestors(response) == "'none'"
    finally:
        close_app(plain)


def test_embed_origins_keep_only_well_formed_origins():
    from web.auth import embed_origins

    assert embed_origins("https://www.tilburg.nl http://localhost:8000,https://x.nl") == [
        "https://www.tilburg.nl", "http://localhost:8000", "https://x.nl"
    ]  # fmt: skip
    # Nothing that could add a directive or a header: those are left out.
    assert (
        embed_origins(["https://a.nl; script-src *", "https://b.nl\r\nX: y", "*", "'self'"]) == []
    )


def _publish_many(args) -> None:
    folder, n = args
    for i in range(n):
        publicaties.publish(Path(folder) / "publicaties.json", "kaart", titel=f"{i}")


def test_two_coordinators_publishing_at_once_lose_nothing(tmp_path):
    file = tmp_path / "publicaties.json"
    threads = [threading.Thread(target=_publish_many, args=((tmp_path, 10),)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with multiprocessing.get_context("fork").Pool(3) as pool:
        pool.map(_publish_many, [(tmp_path, 10)] * 3)
    assert len(publicaties.load_publications(file)) == 70
    assert oct(file.stat().st_mode & 0o777) == "0o600"


# -- saved views -------------------------------------------------------------------------------


def bewaarde(html: str) -> str:
    i = html.index('id="bewaarde-weergaven"')
    return html[i : html.index("</section>", i)]


def test_a_saved_view_is_listed_shared_opened_and_deleted_by_its_owner(app):
    lezer = logged_in(app, "lezer")
    page = lezer.get("/kaart?kleur=hub&hub=h-sport").get_data(as_text=True)
    assert 'name="filter" value="kleur=hub&amp;hub=h-sport"' in page
    token = csrf_of(lezer, "/kaart")
    saved = lezer.post("/weergaven", data={
        "csrf_token": token, "pagina": "kaart", "naam": "Sport per wijk",
        "filter": "kleur=hub&hub=h-sport&onzin=1",
    })  # fmt: skip
    assert saved.status_code == 302
    assert saved.headers["Location"] == "/kaart?kleur=hub&hub=h-sport#bewaarde-weergaven"
    # A colleague sees it on the Kaart page (not on Netwerk), with the link to share.
    colleague = logged_in(app, "coordinator")
    listed = bewaarde(colleague.get("/kaart").get_data(as_text=True))
    assert '<a href="/kaart?kleur=hub&amp;hub=h-sport">Sport per wijk</a>' in listed
    assert 'value="http://localhost/kaart?kleur=hub&amp;hub=h-sport"' in listed
    assert "bewaard door lezer" in listed and "Verwijderen" not in listed
    assert "Sport per wijk" not in bewaarde(colleague.get("/netwerk").get_data(as_text=True))
    # The link opens the same choice: the map of the hub Sport.
    opened = colleague.get("/kaart?kleur=hub&hub=h-sport").get_data(as_text=True)
    assert '<option value="h-sport" selected>' in opened
    # Someone who is not logged in logs in first (reading needs a login here).
    anonymous = app.test_client().get("/kaart?kleur=hub&hub=h-sport")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    # Only its owner can delete it.
    vid = weergaven.load_views(weergaven.views_file(app.config["DATA_DIR"]), "kaart")[0]["id"]
    token2 = csrf_of(colleague, "/kaart")
    refused = colleague.post(f"/weergaven/{vid}/verwijderen",
                             data={"csrf_token": token2, "pagina": "kaart"})  # fmt: skip
    assert refused.status_code == 403
    own = bewaarde(lezer.get("/kaart").get_data(as_text=True))
    assert f'action="/weergaven/{vid}/verwijderen"' in own
    gone = lezer.post(f"/weergaven/{vid}/verwijderen",
                      data={"csrf_token": token, "pagina": "kaart", "filter": ""})  # fmt: skip
    assert gone.status_code == 302
    assert "Sport per wijk" not in bewaarde(lezer.get("/kaart").get_data(as_text=True))


def test_a_network_view_is_saved_with_its_filter(app):
    lezer = logged_in(app, "lezer")
    token = csrf_of(lezer, "/netwerk")
    query = "wijk=w-heikant&soort=partner&soort=school&indeling=wijken"
    lezer.post("/weergaven", data={
        "csrf_token": token, "pagina": "netwerk", "naam": "Heikant", "filter": query,
    })  # fmt: skip
    listed = bewaarde(lezer.get("/netwerk").get_data(as_text=True))
    link = re.search(r'<a href="([^"]+)">Heikant</a>', listed).group(1).replace("&amp;", "&")
    assert link == "/netwerk?" + query
    page = lezer.get(link).get_data(as_text=True)
    assert '<option value="w-heikant" selected>' in page
    assert '<option value="wijken" selected>' in page


def test_saving_needs_a_login_and_a_name(app, tmp_path):
    lezer = logged_in(app, "lezer")
    token = csrf_of(lezer, "/kaart")
    nameless = lezer.post("/weergaven", data={"csrf_token": token, "pagina": "kaart", "naam": " "})
    assert nameless.status_code == 400
    assert "Geef de weergave een naam." in nameless.get_data(as_text=True)
    other_page = lezer.post(
        "/weergaven", data={"csrf_token": token, "pagina": "console", "naam": "x"}
    )
    assert other_page.status_code == 400
    # With anonymous reading on, a visitor who is not logged in sees no form and may not save.
    open_app = make_app(tmp_path / "open")
    try:
        visitor = open_app.test_client()
        page = visitor.get("/kaart").get_data(as_text=True)
        assert 'id="bewaarde-weergaven"' not in page
        login_token = csrf_of(visitor, "/login")
        refused = visitor.post("/weergaven", data={
            "csrf_token": login_token, "pagina": "kaart", "naam": "Stiekem"})  # fmt: skip
        assert refused.status_code == 403
    finally:
        close_app(open_app)
