"""Security of the partner's own form (``/bijdragen/<token>``), on the real app and store.

The invitation token is the partner's only key: it opens that partner's form and
nothing else, refused links say why in Dutch and are never cached or sent on as a
referrer; every POST needs the session's CSRF token; what the form sends cannot touch
another partner's rows, whatever hidden fields say; text is shown escaped everywhere
and neutralised in spreadsheet downloads; and the form is capped in size and rate.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import helpers
import pytest
from helpers import app_on, approve, close_app, csrf_of, login, make_app
from werkzeug.datastructures import MultiDict

from lea_graph import model, tijd, uitnodigingen, voorstellen
from lea_graph.dataset import Dataset
from lea_graph.ingest import load_dataset
from lea_graph.resources import seed_path

SEED = seed_path()
PARTNER = "p-factorium"


def _stranger_partner() -> str:
    """A real (not made-up) partner of the seed that shares no collaboration with PARTNER."""
    with open(SEED / "samenwerkingen.csv", encoding="utf-8", newline="") as fh:
        linked = {
            p for r in csv.DictReader(fh) if PARTNER in (r["partner_a"], r["partner_b"])
            for p in (r["partner_a"], r["partner_b"])
        }  # fmt: skip
    with open(SEED / "partners.csv", encoding="utf-8", newline="") as fh:
        return next(
            r["id"]
            for r in csv.DictReader(fh)
            if r["bron"] != "voorbeeld" and r["id"] not in linked | {PARTNER}
        )


OTHER = _stranger_partner()


def _naam(partner: str) -> str:
    with open(SEED / "partners.csv", encoding="utf-8", newline="") as fh:
        return next(r["naam"] for r in csv.DictReader(fh) if r["id"] == partner)


#: Limits no test of the shared apps reaches (the real ones are tested on their own app).
GENEROUS = {
    "login": (1000, 60),
    "formulier_link": (1000, 3600),
    "formulier_adres": (1000, 3600),
    "link_opzoeken": (1000, 60),
}

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img": '"><img src=x onerror=alert(1)>',
    "hyperlink": '=HYPERLINK("http://evil","x")',
    "cmd": "+cmd|' /C calc'!A0",
    "sum": "@SUM(1+1)",
}
#: The payloads as HTML-escaped text (what Jinja's autoescape must make of them).
ESCAPED = {
    "script": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "img": "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;",
    "hyperlink": "=HYPERLINK(&#34;http://evil&#34;,&#34;x&#34;)",
    "cmd": "+cmd|&#39; /C calc&#39;!A0",
    "sum": "@SUM(1+1)",
}
#: Markup that must never reach a page as markup.
RAW_MARKUP = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
FORMULAS = ("hyperlink", "cmd", "sum")


def _text_of(order: tuple[str, ...]) -> str:
    return " ".join(PAYLOADS[k] for k in order)


# -- the seed, read by the test itself -----------------------------------------------------


def seed_csv(table: str) -> list[dict[str, str]]:
    with open(SEED / f"{table}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def seed_counts(partner: str) -> dict[str, int]:
    """How many rows of each form section the partner has in the seed files."""
    return {
        "act": sum(r["partner"] == partner for r in seed_csv("activiteiten")),
        "inzet": sum(r["partner"] == partner for r in seed_csv("wijkinzet")),
        "sam": sum(partner in (r["partner_a"], r["partner_b"]) for r in seed_csv("samenwerkingen")),
        "hub": sum(r["partner"] == partner for r in seed_csv("hub_leden")),
    }


def described_seed() -> Dataset:
    """The Tilburg seed with a description of its own for every partner (the seed has
    none), so that a form can be shown to hold only its own partner's."""
    seed = load_dataset(SEED)
    rows = {t: list(seed.rows(t)) for t in model.TABLES}
    for r in rows["partners"]:
        r["beschrijving"] = f"Omschrijving {r['id']} voor de test"
    return Dataset.from_rows(rows, {t: seed.extra_columns(t) for t in model.TABLES})


# -- apps -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The explorer on the seed (with descriptions), shared by tests that only read the
    network and write submissions (each test counts its own)."""
    folder = tmp_path_factory.mktemp("formulier")
    with app_on(
        "embedded",
        folder,
        described_seed(),
        "test: seed met beschrijvingen",
        USERS=helpers.test_users(),
        RATE_LIMITS=GENEROUS,
    ) as (shared, _):
        yield shared


@pytest.fixture
def fresh_app(tmp_path):
    """An explorer of the test's own (it approves proposals: the network changes), seeded
    with the Tilburg network on first use of its empty data directory."""
    own = make_app(tmp_path / "data", RATE_LIMITS=GENEROUS)
    yield own
    close_app(own)


@pytest.fixture(scope="module")
def limited_app(tmp_path_factory):
    """Small rate limits; every test uses addresses and links of its own."""
    own = make_app(
        tmp_path_factory.mktemp("limieten"),
        RATE_LIMITS={
            "login": (5, 60),
            "formulier_link": (2, 3600),
            "formulier_adres": (2, 3600),
            "link_opzoeken": (3, 60),
        },
    )
    yield own
    close_app(own)


def data_dir(app) -> Path:
    return Path(app.config["DATA_DIR"])


def invite(app, partner: str = PARTNER, **kw) -> str:
    return uitnodigingen.create(uitnodigingen.invitations_file(data_dir(app)), partner, **kw)


def saved(app) -> list[str]:
    """The submission files in the data directory."""
    return sorted(p.name for p in (data_dir(app) / "voorstellen").glob("*.json"))


def new_submission(app, before: list[str]) -> dict:
    added = sorted(set(saved(app)) - set(before))
    assert len(added) == 1, added
    return json.loads((data_dir(app) / "voorstellen" / added[0]).read_text(encoding="utf-8"))


def network(app) -> Dataset:
    from web import services

    with app.app_context():
        return services.dataset()


def content(rows) -> list[str]:
    """Rows as exact text (every column and value), in a fixed order: approving moves the
    partner's rows to the end of their tables, which changes no row."""
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)


def rows_content(by_table: dict[str, list[dict[str, str]]]) -> dict[str, list[str]]:
    return {table: content(rows) for table, rows in by_table.items()}


def today() -> str:
    return tijd.today().isoformat()


# -- the form as a browser sends it ----------------------------------------------------------


class _Forms(HTMLParser):
    """The forms of a page with the fields a browser would send (checked boxes, the
    selected or else first option, textarea text), buttons left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None
        self._textarea: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action", ""), "fields": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if not a.get("name") or kind in ("submit", "button", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form["fields"].append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self._select = {"name": a.get("name"), "first": None, "chosen": None}
        elif tag == "option" and self._select is not None:
            value = a.get("value") or ""
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"] = value
        elif tag == "textarea":
            self._textarea = [a.get("name"), ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None and self._form is not None:
            s = self._select
            value = s["chosen"] if s["chosen"] is not None else s["first"]
            if s["name"] and value is not None:
                self._form["fields"].append((s["name"], value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, text = self._textarea
            self._form["fields"].append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "form":
            self._form = None


class Form:
    """One form's fields, to change the way a tampering partner would."""

    def __init__(self, fields):
        self.fields = list(fields)

    def get(self, name: str) -> str | None:
        return next((v for k, v in self.fields if k == name), None)

    def getlist(self, name: str) -> list[str]:
        return [v for k, v in self.fields if k == name]

    def set(self, name: str, value: str) -> Form:
        rest = [(k, v) for k, v in self.fields if k != name]
        self.fields = [*rest, (name, value)]
        return self

    def add(self, name: str, value: str) -> Form:
        self.fields.append((name, value))
        return self

    def drop(self, name: str) -> Form:
        self.fields = [(k, v) for k, v in self.fields if k != name]
        return self

    def data(self, actie: str = "versturen") -> MultiDict:
        return MultiDict([*self.fields, ("actie", actie)])


def forms_of(page: str) -> dict[str, Form]:
    parser = _Forms()
    parser.feed(page)
    return {f["action"]: Form(f["fields"]) for f in parser.forms}


def open_form(client, token: str, **kw):
    """GET the partner's form: the response and its main form as a browser fills it."""
    response = client.get(f"/bijdragen/{token}", **kw)
    assert response.status_code == 200, response.status_code
    return response, forms_of(response.get_data(as_text=True))[f"/bijdragen/{token}"]


def send(client, token: str, form: Form, actie: str = "versturen", **kw):
    return client.post(f"/bijdragen/{token}", data=form.data(actie), **kw)


def lines(form: Form, prefix: str) -> int:
    """How many lines of a section the form shows (existing and empty new ones)."""
    pattern = re.compile(rf"^{prefix}-(\d+)-")
    return len({pattern.match(k).group(1) for k, _ in form.fields if pattern.match(k)})


def text(response) -> str:
    """A page's text: its tags left out, then its entities resolved (to read what it
    says; an escaped payload comes back as typed)."""
    return html.unescape(re.sub(r"<[^>]*>", "", response.get_data(as_text=True)))


def assert_private(response) -> None:
    """A response of the partner's form: never cached, never sent on as a referrer."""
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]


def assert_refused(response, status: int, words: str) -> None:
    """A refusal: the status, a Dutch HTML page saying ``words``, no traceback."""
    assert response.status_code == status
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert words in text(response), text(response)[-600:]
    assert "Traceback" not in page and "Error" not in page
    assert_private(response)


# == 1. the states of a link ================================================================


def test_an_unknown_or_tampered_token_is_404(app):
    token = invite(app)
    client = app.test_client()
    middle = len(token) // 2
    one_changed = [
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        token[:middle] + ("x" if token[middle] != "x" else "y") + token[middle + 1 :],
        ("Q" if token[0] != "Q" else "R") + token[1:],
    ]
    for wrong in [*one_changed, token[:-1], token + "x", "A" * len(token)]:
        response = client.get(f"/bijdragen/{wrong}")
        assert_refused(response, 404, "Deze link is niet bekend")
        assert "Factorium" not in response.get_data(as_text=True)  # nothing of whose it is
    open_form(client, token)  # the link itself still works


def test_an_expired_link_is_410(app):
    path = uitnodigingen.invitations_file(data_dir(app))
    now = dt.datetime.now(dt.UTC)
    expired = uitnodigingen.create(path, PARTNER, days=1, now=now - dt.timedelta(days=2))
    response = app.test_client().get(f"/bijdragen/{expired}")
    assert_refused(response, 410, "Deze link is verlopen")
    assert "Factorium" not in response.get_data(as_text=True)
    # Made 23 hours ago for one day: still valid for an hour.
    fresh = uitnodigingen.create(path, PARTNER, days=1, now=now - dt.timedelta(hours=23))
    open_form(app.test_client(), fresh)


def test_a_revoked_link_is_403(app):
    token = invite(app)
    open_form(app.test_client(), token)
    assert uitnodigingen.revoke(uitnodigingen.invitations_file(data_dir(app)), PARTNER)
    response = app.test_client().get(f"/bijdragen/{token}")
    assert_refused(response, 403, "Deze link is ingetrokken")


def test_a_replaced_link_is_410_and_the_new_one_works(app):
    old = invite(app)
    new = invite(app)
    assert_refused(app.test_client().get(f"/bijdragen/{old}"), 410, "nieuwere link")
    open_form(app.test_client(), new)


def test_a_link_of_a_node_that_is_no_partner_is_410(app):
    for holder in ("p-bestaat-niet", "s-10wh00", "h-cultuur"):
        token = invite(app, holder)
        assert_refused(
            app.test_client().get(f"/bijdragen/{token}"), 410, "staat niet meer in het netwerk"
        )


@pytest.mark.parametrize("how", ["ingetrokken", "vervangen", "verlopen"])
def test_a_dead_link_is_refused_on_post_too_and_nothing_is_saved(app, how):
    path = uitnodigingen.invitations_file(data_dir(app))
    token = invite(app)
    client = app.test_client()
    _, form = open_form(client, token)  # opened while the link worked
    if how == "ingetrokken":
        assert uitnodigingen.revoke(path, PARTNER)
        status, words = 403, "Deze link is ingetrokken"
    elif how == "vervangen":
        invite(app)
        status, words = 410, "nieuwere link"
    else:  # the form is sent to a link that expired yesterday
        past = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
        token = uitnodigingen.create(path, PARTNER, days=1, now=past)
        status, words = 410, "Deze link is verlopen"
    before = saved(app)
    assert_refused(send(client, token, form), status, words)
    csrf = {"csrf_token": form.get("csrf_token")}
    assert_refused(client.post(f"/bijdragen/{token}/bevestig", data=csrf), status, words)
    assert saved(app) == before


# == 2. the link opens that partner's form and nothing else ====================================


def test_the_link_shows_only_its_own_partners_data(app):
    token = invite(app)
    response, form = open_form(app.test_client(), token)
    assert_private(response)
    page = response.get_data(as_text=True)
    assert "<h1>Gegevens van Factorium</h1>" in page
    # Its own description and website, no other partner's.
    assert re.findall(r"Omschrijving (p-[\w-]+) voor de test", page) == [PARTNER]
    assert form.get("beschrijving") == f"Omschrijving {PARTNER} voor de test"
    assert form.get("website") == "https://www.factorium.nl/"
    assert "cist.nl" not in page  # CiST's website (it is in the list of partners by name)
    # One hidden line per row of Factorium in the seed, and only those.
    counts = seed_counts(PARTNER)
    for prefix in ("act", "inzet", "sam"):
        existing = [k for k, _ in form.fields if re.match(rf"^{prefix}-\d+-bestaand$", k)]
        assert len(existing) == counts[prefix], prefix
    assert page.count('<p class="what">') == counts["act"] + counts["inzet"] + counts["sam"]
    assert form.getlist("hub") == ["h-cultuur"]  # Factorium's one hub in hub_leden.csv
    # Another partner's link shows that partner.
    other = open_form(app.test_client(), invite(app, OTHER))[0].get_data(as_text=True)
    assert f"<h1>Gegevens van {_naam(OTHER)}</h1>" in other
    assert re.findall(r"Omschrijving (p-[\w-]+) voor de test", other) == [OTHER]


def test_the_link_opens_no_coordinator_route(app):
    token = invite(app)
    client = app.test_client()
    _, form = open_form(client, token)
    before = saved(app)
    assert send(client, token, form).status_code == 200
    ident = new_submission(app, before)["id"]
    csrf = form.get("csrf_token")
    for url in (
        "/beheer/voorstellen",
        f"/beheer/voorstellen?token={token}",
        f"/beheer/voorstellen/{ident}",
        "/beheer/actualiteit",
        "/beheer/upload",
    ):
        response = client.get(url, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/login"), url
    invitations = uitnodigingen.load_invitations(uitnodigingen.invitations_file(data_dir(app)))
    for url in (
        f"/beheer/voorstellen/{ident}/goedkeuren",
        f"/beheer/voorstellen/{ident}/afwijzen",
        f"/beheer/uitnodiging/{OTHER}",
        f"/beheer/uitnodiging/{PARTNER}/intrekken",
    ):
        response = client.post(url, data={"csrf_token": csrf, "notitie": "weg", "token": token})
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/login"), url
    assert voorstellen.get(data_dir(app), ident)["status"] == "open"
    after = uitnodigingen.load_invitations(uitnodigingen.invitations_file(data_dir(app)))
    assert after == invitations  # no link made for CiST, Factorium's not revoked


# == 3. CSRF ==================================================================================


def test_a_post_without_the_sessions_csrf_token_is_refused(app):
    token = invite(app)
    client = app.test_client()
    _, form = open_form(client, token)
    other_session = csrf_of(app.test_client(), f"/bijdragen/{token}")
    before = saved(app)
    for csrf in (None, "", "vals", other_session):
        tampered = Form(form.fields).drop("csrf_token")
        if csrf is not None:
            tampered.set("csrf_token", csrf)
        response = send(client, token, tampered)
        assert_refused(response, 400, "Dit formulier is verlopen of ongeldig")
        data = {"csrf_token": csrf} if csrf is not None else {}
        response = client.post(f"/bijdragen/{token}/bevestig", data=data)
        assert_refused(response, 400, "Dit formulier is verlopen of ongeldig")
    assert saved(app) == before
    # A session without a form never got a token: its posts are refused as well.
    fresh = app.test_client()
    assert fresh.post(f"/bijdragen/{token}/bevestig", data={"csrf_token": ""}).status_code == 400
    assert saved(app) == before
    # The form as it was given is accepted.
    assert send(client, token, form).status_code == 200
    assert len(saved(app)) == len(before) + 1


# == 4. hidden fields and ids ===================================================================


def test_tampered_fields_change_nothing_of_another_partner_or_school(app):
    token = invite(app)
    client = app.test_client()
    _, form = open_form(client, token)
    basis = voorstellen.partner_rows(network(app), PARTNER)
    own_schools = {r["school"] for r in basis["activiteiten"]}
    stranger = next(r["id"] for r in seed_csv("scholen") if r["id"] not in own_schools)
    own_wijken = {r["wijk"] for r in basis["wijkinzet"]}
    far_wijk = next(r["id"] for r in seed_csv("wijken") if r["id"] not in own_wijken)
    assert form.get("act-0-bestaand") == "0" and form.get("sam-0-bestaand") == "0"
    form.add("partner", OTHER).add("partner_id", OTHER)
    form.add("act-0-school", stranger).add("act-0-partner", OTHER).add("act-0-bron", "vervalst")
    form.add("act-0-hub", "h-sport").add("act-0-programma", "pr-vervalst")
    form.add("inzet-0-wijk", far_wijk).add("inzet-0-partner", OTHER)
    form.add("sam-0-partner", OTHER).add("sam-0-partner_a", OTHER).add("sam-0-partner_b", OTHER)
    before = saved(app)
    assert send(client, token, form).status_code == 200
    entry = new_submission(app, before)
    assert entry["partner"] == PARTNER
    assert entry["basis"] == basis
    proposal = entry["voorstel"]
    assert "partner" not in proposal
    dumped = json.dumps(proposal)
    for foreign in (OTHER, "vervalst", stranger, far_wijk, "h-sport"):
        assert foreign not in dumped, foreign
    # The existing rows keep what the network says of them.
    first = basis["activiteiten"][0]
    assert proposal["activiteiten"][0] == {
        "school": first["school"],
        "schooljaar": first["schooljaar"],
        "deelnemers": first["deelnemers"],
        "bestaand": 0,
    }
    assert proposal["wijkinzet"][0]["wijk"] == basis["wijkinzet"][0]["wijk"]
    sam = basis["samenwerkingen"][0]
    other_side = sam["partner_b"] if sam["partner_a"] == PARTNER else sam["partner_a"]
    assert proposal["samenwerkingen"][0] == {
        "partner": other_side,
        "soort": sam["soort"],
        "bestaand": 0,
    }
    # Nothing changes before a coordinator approves.
    assert voorstellen.partner_rows(network(app), PARTNER) == basis


def test_after_approval_other_partners_rows_are_identical(fresh_app):
    token = invite(fresh_app)
    client = fresh_app.test_client()
    _, form = open_form(client, token)
    before_net = network(fresh_app)
    basis = voorstellen.partner_rows(before_net, PARTNER)
    others = [p for p in before_net.ids("partners") if p != PARTNER]
    before_rows = {p: rows_content(voorstellen.partner_rows(before_net, p)) for p in others}
    own_schools = {r["school"] for r in basis["activiteiten"]}
    stranger = next(r["id"] for r in seed_csv("scholen") if r["id"] not in own_schools)
    first = basis["activiteiten"][0]
    new_count = str(int(first["deelnemers"] or 0) + 7)
    form.set("act-0-deelnemers", new_count)  # the one real change
    form.add("partner", OTHER).add("act-0-school", stranger).add("act-0-partner", OTHER)
    form.add("act-0-bron", "vervalst").add("sam-0-partner", OTHER).add("inzet-0-wijk", "w-reeshof")
    before = saved(fresh_app)
    assert send(client, token, form).status_code == 200
    ident = new_submission(fresh_app, before)["id"]
    coordinator = fresh_app.test_client()
    login(coordinator, "coordinator")
    response = approve(coordinator, ident)
    assert response.status_code == 303
    after_net = network(fresh_app)
    for p in others:
        assert rows_content(voorstellen.partner_rows(after_net, p)) == before_rows[p], p
    for table in model.TABLES:
        if table not in voorstellen.FORM_TABLES and table != "partners":
            assert content(after_net.rows(table)) == content(before_net.rows(table)), table
    mine = voorstellen.partner_rows(after_net, PARTNER)
    assert mine["partners"][0]["laatst_bevestigd"] == today()
    changed = [
        r for r in mine["activiteiten"]
        if r["school"] == first["school"] and r["schooljaar"] == first["schooljaar"]
        and r["deelnemers"] == new_count
    ]  # fmt: skip
    assert len(changed) == 1
    assert changed[0]["hub"] == first["hub"] and changed[0]["programma"] == first["programma"]
    assert changed[0]["bron"] == f"{voorstellen.BRON_PARTNER} {today()}"
    assert stranger not in {r["school"] for r in mine["activiteiten"]}
    assert len(mine["activiteiten"]) == len(basis["activiteiten"])
    for table in ("wijkinzet", "samenwerkingen", "hub_leden"):
        assert content(mine[table]) == content(basis[table]), table


@pytest.mark.parametrize("index", ["999", "-1", "0", "1e3", "0x1", "abc"])
def test_an_existing_line_index_out_of_range_never_reaches_a_row(app, index):
    """A ``bestaand`` that is no unused row index of the partner makes the line a new one:
    without a school it is refused with its section and line."""
    token = invite(app)
    client = app.test_client()
    _, form = open_form(client, token)
    basis = voorstellen.partner_rows(network(app), PARTNER)
    n = len(basis["activiteiten"])  # the first empty line; "0" is taken by line 0
    form.set(f"act-{n}-bestaand", index).set(f"act-{n}-schooljaar", "2024-2025")
    form.set(f"act-{n}-deelnemers", "7")
    before = saved(app)
    response = send(client, token, form)
    assert response.status_code == 422
    page = text(response)
    assert f"Activiteiten, regel {n + 1}, School" in page
    assert "Er is nog niets verstuurd" in page
    assert saved(app) == before
    assert_private(response)


def test_a_collaboration_line_index_out_of_range_is_refused(app):
    token = invite(app)
    client = app.test_client()
    _, form = open_form(client, token)
    n = seed_counts(PARTNER)["sam"]
    form.set(f"sam-{n}-bestaand", "4096").set(f"sam-{n}-soort", "kennisdeling")
    before = saved(app)
    response = send(client, token, form)
    assert response.status_code == 422
    assert f"Samenwerkingen, regel {n + 1}, Partner" in text(response)
    assert saved(app) == before


def test_a_unicode_digit_as_index_is_no_server_error(app):
    token = invite(app)
    client = app.test_client()
    _, form = open_form(client, token)
    n = seed_counts(PARTNER)["act"]
    form.set(f"act-{n}-bestaand", "²").set(f"act-{n}-deelnemers", "7")
    before = saved(app)
    response = send(client, token, form)
    assert response.status_code == 422
    assert f"Activiteiten, regel {n + 1}, School" in text(response)
    assert saved(app) == before


@pytest.mark.parametrize(
    "section, fields, line, words",
    [
        ("sam", {"partner": PARTNER, "soort": "met zichzelf"}, "Samenwerkingen",
         "Een partner kan niet met zichzelf samenwerken"),
        ("sam", {"partner": "p-bestaat-niet", "soort": "kennisdeling"}, "Samenwerkingen",
         "p-bestaat-niet"),
        ("sam", {"partner": "s-10wh00", "soort": "kennisdeling"}, "Samenwerkingen", "s-10wh00"),
        ("act", {"school": "s-bestaat-niet", "schooljaar": "2024-2025"}, "Activiteiten",
         "s-bestaat-niet"),
        ("act", {"school": OTHER, "schooljaar": "2024-2025"}, "Activiteiten", OTHER),
        ("inzet", {"wijk": "w-bestaat-niet", "schooljaar": "2024-2025"}, "Inzet in wijken",
         "w-bestaat-niet"),
    ],
)  # fmt: skip
def test_a_new_line_with_an_invalid_id_is_refused(app, section, fields, line, words):
    token = invite(app)
    client = app.test_client()
    _, form = open_form(client, token)
    n = seed_counts(PARTNER)[section]  # the first empty line, after the existing rows
    for field, value in fields.items():
        form.set(f"{section}-{n}-{field}", value)
    before = saved(app)
    response = send(client, token, form)
    assert response.status_code == 422
    page = text(response)
    choice = next(iter(fields))
    label = {"school": "School", "partner": "Partner", "wijk": "Wijk"}[choice]
    # A line is named by what it is about when that is in the network, else by number.
    about = "Factorium" if fields[choice] == PARTNER else f"regel {n + 1}"
    assert f"{line}, {about}, {label}" in page
    assert words in page
    assert saved(app) == before


@pytest.mark.parametrize("hub", ["h-bestaat-niet", OTHER, "s-10wh00"])
def test_a_hub_that_does_not_exist_is_refused(app, hub):
    token = invite(app)
    client = app.test_client()
    _, form = open_form(client, token)
    assert form.getlist("hub") == ["h-cultuur"]
    form.add("hub", hub)
    before = saved(app)
    response = send(client, token, form)
    assert response.status_code == 422
    page = text(response)
    assert f"Hubs, regel 2, Hub (u vulde in: '{hub}')" in page  # after h-cultuur
    assert saved(app) == before


def test_a_tampered_version_is_answered_with_the_current_form(app):
    token = invite(app)
    client = app.test_client()
    _, form = open_form(client, token)
    form.set("versie", "lea_v0").set("beschrijving", "Nieuwe tekst")
    before = saved(app)
    response = send(client, token, form)
    assert response.status_code == 409
    assert "Het netwerk is bijgewerkt terwijl u het formulier invulde" in text(response)
    assert saved(app) == before


def test_a_tampered_number_of_new_lines_is_no_server_error(app):
    token = invite(app)
    client = app.test_client()
    _, form = open_form(client, token)
    response = send(client, token, form.set("nieuw", "veel"), actie="meer")
    assert response.status_code == 200
    assert "<h1>Gegevens van Factorium</h1>" in response.get_data(as_text=True)


def test_more_lines_are_capped(app):
    token = invite(app)
    client = app.test_client()
    _, form = open_form(client, token)
    shown = lines(form, "act")
    response = send(client, token, form.set("nieuw", "100000"), actie="meer")
    assert response.status_code == 200
    again = forms_of(response.get_data(as_text=True))[f"/bijdragen/{token}"]
    # At most 30 + 3 empty lines, whatever the hidden field says.
    assert lines(again, "act") == seed_counts(PARTNER)["act"] + 33
    assert shown == seed_counts(PARTNER)["act"] + 3


# == 5. XSS and formulas in every text field ===================================================


def assert_escaped(response, *keys: str) -> str:
    assert response.status_code == 200, response.status_code
    page = response.get_data(as_text=True)
    for raw in RAW_MARKUP:
        assert raw not in page, raw
    for key in keys:
        assert ESCAPED[key] in page, key
    return page


def csv_cells(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment")
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize("payload", [*PAYLOADS, "javascript"])
def test_a_website_that_is_no_url_is_refused(app, payload):
    value = PAYLOADS.get(payload, "javascript:alert(1)")
    token = invite(app)
    client = app.test_client()
    _, form = open_form(client, token)
    before = saved(app)
    response = send(client, token, form.set("website", value))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for raw in RAW_MARKUP:
        assert raw not in page
    assert "Een website moet beginnen met https:// of http://" in text(response)
    assert "Over uw organisatie, Website" in text(response)
    # The value is given back escaped, in the field and in the message.
    again = forms_of(page)[f"/bijdragen/{token}"]
    assert again.get("website") == value
    assert saved(app) == before


def test_payloads_are_escaped_on_every_page_and_neutralised_in_downloads(fresh_app):
    app = fresh_app
    token = invite(app)
    partner = app.test_client()
    _, form = open_form(partner, token)
    basis = voorstellen.partner_rows(network(app), PARTNER)
    keys = tuple(PAYLOADS)
    beschrijving = _text_of(keys)  # starts with <script>
    ontbrekend = _text_of(keys[2:] + keys[:2])  # starts with =HYPERLINK
    opmerking = _text_of(keys[3:] + keys[:3])  # starts with +cmd
    notitie = _text_of(keys[4:] + keys[:4])  # starts with @SUM
    website = 'https://voorbeeld.nl/?q="><script>alert(1)</script>'  # a URL: accepted
    form.set("beschrijving", beschrijving).set("website", website)
    form.set("ontbrekend", ontbrekend).set("opmerking", opmerking)
    soort = {}  # the other partner of each collaboration, and its new soort
    for i, key in enumerate(keys):
        row = basis["samenwerkingen"][i]
        other = row["partner_b"] if row["partner_a"] == PARTNER else row["partner_a"]
        soort[other] = PAYLOADS[key]
        form.set(f"sam-{i}-soort", PAYLOADS[key])

    def submit() -> str:
        before = saved(app)
        response = send(partner, token, form)
        assert response.status_code == 200
        entry = new_submission(app, before)
        assert entry["voorstel"]["beschrijving"] == beschrijving  # stored as typed
        return entry["id"]

    coordinator = app.test_client()
    login(coordinator, "coordinator")

    # The coordinator reviews it: every field escaped.
    first = submit()
    review = coordinator.get(f"/beheer/voorstellen/{first}")
    assert_escaped(review, *keys)
    page = text(review)
    assert f"Opmerking van de partner: {opmerking}" in page
    assert f"niet in de lijst vond: {ontbrekend}" in page
    assert beschrijving in page and soort[next(iter(soort))] in page
    assert_escaped(coordinator.get("/beheer/voorstellen"))

    # Rejected with a note full of payloads: escaped for the coordinator and the partner.
    response = coordinator.post(
        f"/beheer/voorstellen/{first}/afwijzen",
        data={
            "csrf_token": csrf_of(coordinator, f"/beheer/voorstellen/{first}"),
            "notitie": notitie,
        },
    )
    assert response.status_code == 303
    assert f"Notitie bij het besluit: {notitie}" in text(
        coordinator.get(f"/beheer/voorstellen/{first}")
    )
    assert_escaped(coordinator.get(f"/beheer/voorstellen/{first}"), *keys)
    assert_escaped(coordinator.get("/beheer/voorstellen"), *keys)
    reopened = partner.get(f"/bijdragen/{token}")
    assert_escaped(reopened, *keys)
    assert "niet overgenomen" in text(reopened) and notitie in text(reopened)
    # The form shows the network again, not the rejected proposal.
    assert (
        forms_of(reopened.get_data(as_text=True))[f"/bijdragen/{token}"].get("beschrijving")
        == basis["partners"][0]["beschrijving"]
    )

    # Sent again and approved: escaped on the partner's pages and its form.
    _, form_again = open_form(partner, token)
    form.set("csrf_token", form_again.get("csrf_token")).set("versie", form_again.get("versie"))
    second = submit()
    response = approve(coordinator, second)
    assert response.status_code == 303
    page = assert_escaped(coordinator.get(f"/partner/{PARTNER}"), *keys)
    assert 'href="https://voorbeeld.nl/?q=&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page
    assert beschrijving in text(coordinator.get(f"/partner/{PARTNER}"))
    anonymous = app.test_client()
    assert_escaped(anonymous.get(f"/partner/{PARTNER}"), *keys)
    for other, value in soort.items():
        key = next(k for k, v in PAYLOADS.items() if v == value)
        assert_escaped(anonymous.get(f"/partner/{other}"), key)
    response, after = open_form(partner, token)
    assert_escaped(response, *keys)
    assert after.get("beschrijving") == beschrijving and after.get("website") == website
    assert {after.get(f"sam-{i}-soort") for i in range(len(basis["samenwerkingen"]))} >= set(
        PAYLOADS.values()
    )

    # Downloads: the partners table (no free text of the partner in it) and Factorium's
    # collaborations, where the soort is: formulas get a leading apostrophe.
    rows = csv_cells(anonymous.get("/partners?download=partners&format=csv"))
    header = rows[0]
    factorium = next(r for r in rows[1:] if r[header.index("Partner")] == "Factorium")
    assert factorium[header.index("Laatst bevestigd")] == today()
    cells = [c for r in rows for c in r]
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    rows = csv_cells(anonymous.get(f"/partner/{PARTNER}?download=samenwerkingen&format=csv"))
    cells = [c for r in rows for c in r]
    for key in FORMULAS:
        assert "'" + PAYLOADS[key] in cells, key
        assert PAYLOADS[key] not in cells, key
    assert PAYLOADS["script"] in cells  # no formula: as typed (a CSV is no page)
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    import openpyxl

    xlsx = anonymous.get(f"/partner/{PARTNER}?download=samenwerkingen&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    values = {c.value: c.data_type for row in sheet.iter_rows() for c in row if c.value}
    for key in FORMULAS:
        assert values.get("'" + PAYLOADS[key]) == "s", key
    assert all(t != "f" for t in values.values())


# == 6. size =================================================================================


def test_a_description_over_the_limit_is_refused(app):
    limit = voorstellen.LIMITS["beschrijving"]
    token = invite(app)
    client = app.test_client()
    _, form = open_form(client, token)
    page = client.get(f"/bijdragen/{token}").get_data(as_text=True)
    assert f'name="beschrijving" rows="4" maxlength="{limit}"' in page  # the browser's cap
    before = saved(app)
    response = send(client, token, Form(form.fields).set("beschrijving", "a" * (limit + 1)))
    assert response.status_code == 422
    assert "Over uw organisatie, Wat doet uw organisatie" in text(response)
    assert f"hooguit {limit} tekens hebben; nu zijn het er {limit + 1}" in text(response)
    assert saved(app) == before
    # Exactly the limit is fine.
    assert (
        send(client, token, Form(form.fields).set("beschrijving", "a" * limit)).status_code == 200
    )
    assert len(saved(app)) == len(before) + 1


def test_a_collaboration_kind_over_the_limit_is_refused(app):
    limit = voorstellen.LIMITS["tekst"]
    token = invite(app)
    client = app.test_client()
    _, form = open_form(client, token)
    before = saved(app)
    response = send(client, token, form.set("sam-0-soort", "k" * (limit + 1)))
    assert response.status_code == 422
    page = text(response)
    sam0 = voorstellen.partner_rows(network(app), PARTNER)["samenwerkingen"][0]
    other = sam0["partner_b"] if sam0["partner_a"] == PARTNER else sam0["partner_a"]
    other_name = next(r["naam"] for r in network(app).rows("partners") if r["id"] == other)
    assert f"Samenwerkingen, {other_name}, Soort samenwerking" in page
    assert f"Hooguit {limit} tekens" in page
    assert saved(app) == before


def _new_activity_lines(count: int) -> list[tuple[str, str]]:
    """``count`` new activity lines, each at another (school, schooljaar)."""
    schools = [r["id"] for r in seed_csv("scholen")]
    years = ["2023-2024", "2024-2025", "2025-2026"]
    assert count <= len(schools) * len(years)
    out = []
    for i in range(count):
        out += [
            (f"act-{i}-school", schools[i % len(schools)]),
            (f"act-{i}-schooljaar", years[i // len(schools)]),
        ]
    return out


def test_more_rows_than_the_limit_are_refused(app):
    limit = voorstellen.LIMITS["rijen"]
    token = invite(app)
    client = app.test_client()
    _, form = open_form(client, token)
    base = [(k, v) for k, v in form.fields if not k.startswith("act-")]  # drop its activities
    before = saved(app)
    response = send(client, token, Form([*base, *_new_activity_lines(limit + 1)]))
    assert response.status_code == 422
    page = text(response)
    assert f"Activiteiten (u vulde in: '{limit + 1}')" in page
    assert f"hooguit {limit} regels per onderdeel" in page
    assert saved(app) == before
    # The limit itself is fine.
    response = send(client, token, Form([*base, *_new_activity_lines(limit)]))
    assert response.status_code == 200
    entry = new_submission(app, before)
    assert len(entry["voorstel"]["activiteiten"]) == limit


def _big_post(client, token: str, form: Form, size: int):
    body = form.data().copy()
    body.add("opvulling", "a" * size)
    return client.post(f"/bijdragen/{token}", data=body)


def test_a_body_over_the_apps_content_limit_is_refused_with_413(app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    token = invite(app)
    client = app.test_client()
    _, form = open_form(client, token)
    before = saved(app)
    response = _big_post(client, token, form, limit + 1)
    assert response.status_code == 413
    assert "Bestand te groot" in text(response) and "Traceback" not in text(response)
    assert_private(response)
    assert saved(app) == before


def test_a_body_far_over_any_real_form_is_refused(app):
    token = invite(app)
    client = app.test_client()
    _, form = open_form(client, token)
    before = saved(app)
    response = _big_post(client, token, form, 2 * 1024 * 1024)
    assert response.status_code == 413
    assert saved(app) == before


def test_the_413_page_is_dutch(app):
    token = invite(app)
    client = app.test_client()
    _, form = open_form(client, token)
    response = _big_post(client, token, form, app.config["MAX_CONTENT_LENGTH"] + 1)
    assert response.status_code == 413
    assert "exceeds the capacity limit" not in text(response)


# == 7. rate limits ==========================================================================


def _addr(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def test_the_third_send_from_one_link_is_429(limited_app):
    app = limited_app
    token = invite(app)
    client = app.test_client()
    _, form = open_form(client, token, **_addr("10.0.1.1"))
    before = saved(app)
    # Each from another address: the limit is the link's (2 per hour).
    assert send(client, token, form, **_addr("10.0.1.2")).status_code == 200
    confirm = client.post(
        f"/bijdragen/{token}/bevestig",
        data={"csrf_token": form.get("csrf_token")},
        **_addr("10.0.1.3"),
    )
    assert confirm.status_code == 200
    assert len(saved(app)) == len(before) + 2
    third = send(client, token, form, **_addr("10.0.1.4"))
    assert_refused(third, 429, "U hebt dit formulier vaak verstuurd")
    again = client.post(
        f"/bijdragen/{token}/bevestig",
        data={"csrf_token": form.get("csrf_token")},
        **_addr("10.0.1.5"),
    )
    assert_refused(again, 429, "U hebt dit formulier vaak verstuurd")
    assert len(saved(app)) == len(before) + 2
    # The form can still be read, and another partner's link still sends.
    open_form(client, token, **_addr("10.0.1.6"))
    other = invite(app, OTHER)
    ok = client.post(
        f"/bijdragen/{other}/bevestig",
        data={"csrf_token": form.get("csrf_token")},
        **_addr("10.0.1.7"),
    )
    assert ok.status_code == 200


def test_the_third_send_from_one_address_is_429(limited_app):
    app = limited_app
    client = app.test_client()
    csrf = csrf_of(client, "/login")
    tokens = [invite(app, p) for p in ("p-artfact", "p-sportbedrijf", "p-vb-02")]
    before = saved(app)
    statuses = [
        client.post(f"/bijdragen/{t}/bevestig", data={"csrf_token": csrf}, **_addr("10.0.2.1"))
        for t in tokens
    ]
    assert [r.status_code for r in statuses[:2]] == [200, 200]
    assert_refused(statuses[2], 429, "U hebt dit formulier vaak verstuurd")
    assert len(saved(app)) == len(before) + 2
    ok = client.post(
        f"/bijdragen/{tokens[2]}/bevestig", data={"csrf_token": csrf}, **_addr("10.0.2.2")
    )
    assert ok.status_code == 200


def test_the_fourth_lookup_from_one_address_is_429(limited_app):
    app = limited_app
    token = invite(app, "p-vb-05")
    client = app.test_client()
    for _ in range(3):
        assert client.get(f"/bijdragen/{token}", **_addr("10.0.3.1")).status_code == 200
    assert_refused(client.get(f"/bijdragen/{token}", **_addr("10.0.3.1")), 429, "Te veel verzoeken")
    assert client.get(f"/bijdragen/{token}", **_addr("10.0.3.2")).status_code == 200


def test_guessing_links_is_slowed_down(limited_app):
    app = limited_app
    token = invite(app, "p-vb-06")
    client = app.test_client()
    for guess in ("a" * 43, "b" * 43, token[:-1]):
        assert client.get(f"/bijdragen/{guess}", **_addr("10.0.4.1")).status_code == 404
    # The fourth lookup is refused before the token is looked at, even the right one.
    assert_refused(client.get(f"/bijdragen/{token}", **_addr("10.0.4.1")), 429, "Te veel verzoeken")
    csrf = csrf_of(client, "/login")
    before = saved(app)
    posted = client.post(
        f"/bijdragen/{token}/bevestig", data={"csrf_token": csrf}, **_addr("10.0.4.1")
    )
    assert_refused(posted, 429, "Te veel verzoeken")
    assert saved(app) == before
