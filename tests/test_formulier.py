"""Partners keep their own data, on both stores: an invitation, the partner's form, the
review queue, approval (a new version with a snapshot and an audit entry), rejection
(a note the partner reads), two proposals touching the same rows, and freshness."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from helpers import STORE_BACKENDS, app_on, approve, csrf_of, logged_in, login
from helpers import test_users as accounts
from test_voorstellen import ROWS

from lea_graph import tijd, uitnodigingen, voorstellen
from lea_graph.dataset import Dataset
from lea_graph.text import MONTHS_NL


def today_nl() -> str:
    day = tijd.today()
    return f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}"


@pytest.fixture(params=STORE_BACKENDS)
def tiny(request, tmp_path):
    """The explorer with accounts on the tiny network of test_voorstellen."""
    with app_on(
        request.param, tmp_path, Dataset.from_rows(ROWS), "klein", SEED_ON_EMPTY=False,
        USERS=accounts(),
    ) as (app, _):  # fmt: skip
        yield app, tmp_path


def invite(client, partner: str) -> str:
    """Make an invitation through the partner page's button; return the link's path."""
    token = csrf_of(client, f"/partner/{partner}")
    response = client.post(
        f"/beheer/uitnodiging/{partner}", data={"csrf_token": token, "dagen": "14"}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    link = re.search(r'readonly value="(http://localhost/bijdragen/[^"]+)"', html)
    assert link, html[:2000]
    assert response.headers["Cache-Control"] == "no-store"
    return link.group(1).removeprefix("http://localhost")


def form_fields(html: str) -> dict:
    """The values a browser would send for the form as shown (inputs, selected options,
    checked boxes, textareas), for the send form."""
    form = html[html.index('class="stacked partner-form"') :]
    fields: dict = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form):
        fields[name] = value
    for m in re.finditer(r"<input ([^>]*)>", form):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', m.group(1)))
        if "name" not in attrs or attrs.get("type") == "hidden":
            continue
        if attrs.get("type") == "checkbox":
            if " checked" in m.group(1):
                fields.setdefault(attrs["name"], []).append(attrs["value"])
        else:
            fields[attrs["name"]] = attrs.get("value", "")
    for name, body in re.findall(r'<select id="[^"]+" name="([^"]+)">(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        fields[name] = chosen.group(1) if chosen else ""
    for name, body in re.findall(
        r'<textarea id="[^"]+" name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S
    ):
        fields[name] = body
    return fields


def send(client, path: str, **changes):
    page = client.get(path)
    assert page.status_code == 200
    fields = form_fields(page.get_data(as_text=True))
    fields.update(changes)
    fields["actie"] = "versturen"
    return client.post(path, data=fields)


def queue_ids(client) -> list[str]:
    html = client.get("/beheer/voorstellen").get_data(as_text=True)
    return re.findall(r'href="/beheer/voorstellen/([0-9a-f-]+)"', html)


def test_invitation_form_approval_on_both_stores(tiny):
    app, data_dir = tiny
    coord = logged_in(app, "coordinator")
    path = invite(coord, "p-museum")
    partner = app.test_client()
    page = partner.get(path)
    html = page.get_data(as_text=True)
    assert "Gegevens van Museum" in html
    # An existing row says what it is; its schooljaar and number can be changed beside it.
    assert '<p class="what">School Anker (Anker), Kunstmenu, Cultuur</p>' in html
    assert 'name="act-0-deelnemers" inputmode="numeric" size="5" value="80"' in html
    version_before = coord.get("/api/v1/stats").get_json()["version"]

    response = send(
        partner, path,
        beschrijving="Lessen over kunst",
        **{"act-0-deelnemers": "95", "act-1-school": "s-b", "act-1-schooljaar": "2026-2027",
           "act-1-deelnemers": "12", "sam-0-weg": "1"},
    )  # fmt: skip
    assert response.status_code == 200, response.get_data(as_text=True)[:3000]
    assert "Dank u wel" in response.get_data(as_text=True)
    # Nothing changes before approval.
    assert coord.get("/api/v1/stats").get_json()["version"] == version_before
    assert "Lessen over kunst" not in coord.get("/partner/p-museum").get_data(as_text=True)

    (ident,) = queue_ids(coord)
    review = coord.get(f"/beheer/voorstellen/{ident}").get_data(as_text=True)
    for text in (
        "School Berg (Berg), 2026-2027, 12 deelnemers",
        "Dansschool (project)",
        "School Anker (Anker), Kunstmenu, Cultuur, 2025-2026, 95 deelnemers",
        "beschrijving: Lessen over kunst",
    ):
        assert text in review, text
    approved = approve(coord, ident)
    assert approved.status_code == 303

    stats = coord.get("/api/v1/stats").get_json()
    assert stats["version"] != version_before
    museum = coord.get("/api/v1/partner/p-museum").get_json()
    rows = museum["tabellen"]["activiteiten"]["rijen"]
    assert sorted((r["school"], r["deelnemers"]) for r in rows) == [("s-a", 95), ("s-b", 12)]
    assert museum["tabellen"]["samenwerkingen"]["rijen"] == []
    page = coord.get("/partner/p-museum").get_data(as_text=True)
    assert "Lessen over kunst" in page
    assert f"<dt>Laatst bevestigd</dt><dd>{today_nl()}</dd>" in page
    # The audit log names the partner and the coordinator; the old network was saved.
    entry = json.loads((data_dir / "audit.log").read_text().splitlines()[-1])
    assert (entry["actie"], entry["gebruiker"], entry["partner"], entry["voorstel"]) == (
        "voorstel goedkeuren", "coordinator", "p-museum", ident,
    )  # fmt: skip
    assert entry["snapshot"] and (data_dir / "snapshots" / entry["snapshot"]).exists()
    # The partner sees that its proposal was processed; the queue is empty again.
    assert "is op" in partner.get(path).get_data(as_text=True)
    assert queue_ids(coord) == []
    # One of the three partners confirmed this schooljaar (Koor's date is in the data).
    overview = coord.get("/").get_data(as_text=True)
    assert "van de 3 partners" in overview


def test_rejection_note_reaches_the_partner_and_changes_nothing(tiny):
    app, _ = tiny
    coord = logged_in(app, "coordinator")
    path = invite(coord, "p-dans")
    partner = app.test_client()
    confirm = partner.post(f"{path}/bevestig", data={"csrf_token": csrf_of(partner, path)})
    assert confirm.status_code == 200 and "nog kloppen" in confirm.get_data(as_text=True)
    (ident,) = queue_ids(coord)
    token = csrf_of(coord, f"/beheer/voorstellen/{ident}")
    empty = coord.post(
        f"/beheer/voorstellen/{ident}/afwijzen", data={"csrf_token": token, "notitie": " "}
    )
    assert empty.status_code == 400
    note = "Bel ons eerst: de lessen in Anker zijn gestopt."
    rejected = coord.post(
        f"/beheer/voorstellen/{ident}/afwijzen", data={"csrf_token": token, "notitie": note}
    )
    assert rejected.status_code == 303
    html = partner.get(path).get_data(as_text=True)
    assert "is niet overgenomen" in html and "lessen in Anker zijn gestopt" in html
    page = coord.get("/partner/p-dans").get_data(as_text=True)
    assert "<dt>Laatst bevestigd</dt><dd>15 maart 2026</dd>" in page  # as in the data
    again = coord.post(f"/beheer/voorstellen/{ident}/goedkeuren", data={"csrf_token": token})
    assert again.status_code == 409


def test_a_second_proposal_on_the_same_rows_is_reviewed_against_the_new_state(tiny):
    app, _ = tiny
    coord = logged_in(app, "coordinator")
    museum_path, dans_path = invite(coord, "p-museum"), invite(coord, "p-dans")
    museum, dans = app.test_client(), app.test_client()
    assert send(dans, dans_path, **{"sam-0-soort": "project en voorstelling"}).status_code == 200
    assert send(museum, museum_path, **{"sam-0-weg": "1"}).status_code == 200
    ids = queue_ids(coord)  # oldest first: Dansschool's
    submissions = [voorstellen.get(tiny[1], i)["partner"] for i in ids]
    assert submissions == ["p-dans", "p-museum"]
    dans_id, museum_id = ids
    assert approve(coord, museum_id).status_code == 303

    review = coord.get(f"/beheer/voorstellen/{dans_id}").get_data(as_text=True)
    assert "Sinds het versturen veranderd" in review
    assert "Sindsdien veranderd" in coord.get("/beheer/voorstellen").get_data(as_text=True)
    assert "ja: opnieuw beoordelen" in coord.get("/beheer/voorstellen").get_data(as_text=True)
    # Against the new state the proposal adds the collaboration again.
    section = review[review.index("Wat het voorstel verandert") :]
    assert "Museum (project en voorstelling)" in section and "nieuw" in section
    refused = approve(coord, dans_id)
    assert refused.status_code == 409
    assert "huidige stand" in refused.get_data(as_text=True)
    done = approve(coord, dans_id, gezien="1")
    assert done.status_code == 303
    rows = coord.get("/api/v1/partner/p-dans").get_json()["tabellen"]["samenwerkingen"]["rijen"]
    assert sorted(r["soort"] for r in rows) == ["project en voorstelling", "voorstelling"]


def test_a_form_from_an_older_version_is_not_applied_to_the_new_one(tiny):
    app, data_dir = tiny
    coord = logged_in(app, "coordinator")
    path = invite(coord, "p-koor")
    partner = app.test_client()
    fields = form_fields(partner.get(path).get_data(as_text=True))
    fields.update({"versie": "een-oude-versie", "beschrijving": "Zingen", "actie": "versturen"})
    response = partner.post(path, data=fields)
    assert response.status_code == 409
    assert "Het netwerk is bijgewerkt" in response.get_data(as_text=True)
    assert voorstellen.list_submissions(data_dir) == []


def test_invitations_from_the_partner_page_and_their_revocation(tiny):
    app, data_dir = tiny
    coord = logged_in(app, "coordinator")
    page = coord.get("/partner/p-koor").get_data(as_text=True)
    assert "Link: <strong>geen</strong>" in page
    path = invite(coord, "p-koor")
    assert "geldig tot" in coord.get("/partner/p-koor").get_data(as_text=True)
    token = csrf_of(coord, "/partner/p-koor")
    revoked = coord.post("/beheer/uitnodiging/p-koor/intrekken", data={"csrf_token": token})
    assert revoked.status_code == 200 and "is ingetrokken" in revoked.get_data(as_text=True)
    assert app.test_client().get(path).status_code == 403
    entries = uitnodigingen.load_invitations(uitnodigingen.invitations_file(data_dir))
    assert entries["p-koor"]["door"] == "coordinator"
    # A reader sees the partner's freshness but no invitation buttons.
    reader = app.test_client()
    login(reader, "lezer")
    html = reader.get("/partner/p-koor").get_data(as_text=True)
    assert "<dt>Laatst bevestigd</dt><dd>1 september 2026</dd>" in html
    assert "Link maken" not in html and "Eigen gegevens bijhouden" not in html
    wrong = coord.post("/beheer/uitnodiging/p-koor", data={"csrf_token": token, "dagen": "999"})
    assert wrong.status_code == 400 and "365 dagen" in wrong.get_data(as_text=True)
    assert (
        coord.post("/beheer/uitnodiging/p-niemand", data={"csrf_token": token}).status_code == 404
    )


def test_the_freshness_list_and_the_partner_table(tiny):
    app, _ = tiny
    coord = logged_in(app, "coordinator")
    html = coord.get("/beheer/actualiteit?maanden=6").get_data(as_text=True)
    table = html[html.index("<tbody>") : html.index("</tbody>")]
    names = re.findall(r'<a href="/partner/[^"]+">([^<]+)</a>', table)
    # Museum never, Dansschool 8 months ago (15 March 2026); Koor only 3 (1 September),
    # as long as the test runs before 1 March 2027.
    if tijd.today() < dt.date(2027, 3, 1):
        assert names == ["Museum", "Dansschool"]
    assert "nooit" in table
    assert coord.get("/beheer/actualiteit?maanden=0").status_code == 404
    csv = coord.get("/partners?download=partners&format=csv").get_data(as_text=True)
    assert "Laatst bevestigd" in csv.splitlines()[0]
    assert "2026-03-15" in csv and "2026-09-01" in csv


def test_the_schooljaar_choices_are_the_lea_period_through_next_year(tiny, monkeypatch):
    """On 6 December 2026 a partner can choose every schooljaar of the LEA period
    (from 2023-2024) up to the current one and the next: the data (only 2025-2026
    here) does not decide which years are offered."""
    from lea_graph import tijd

    monkeypatch.setattr(tijd, "today", lambda: dt.date(2026, 12, 6))
    app, _ = tiny
    path = invite(logged_in(app, "coordinator"), "p-koor")
    html = app.test_client().get(path).get_data(as_text=True)
    new_line = re.search(
        r'<select id="act-1-schooljaar" name="act-1-schooljaar">(.*?)</select>', html, re.S
    )
    assert new_line, html[:3000]
    offered = re.findall(r'<option value="(\d{4}-\d{4})"', new_line.group(1))
    assert offered == ["2023-2024", "2024-2025", "2025-2026", "2026-2027", "2027-2028"]


def test_a_number_of_children_in_words_is_refused_at_its_field_and_kept(tiny):
    """ "ongeveer 40" is not cut to "ongevee" nor read as a number: the server answers at
    the field, in the form's words, naming the school; the count of activities that are
    in the network stays 1 (Museum has one), the new line stays a new line."""
    app, data_dir = tiny
    path = invite(logged_in(app, "coordinator"), "p-museum")
    partner = app.test_client()
    before = partner.get(path).get_data(as_text=True)
    assert "1 activiteit die nu in het netwerk staat" in before
    assert 'maxlength="7"' not in before
    response = send(
        partner, path,
        **{"act-1-school": "s-b", "act-1-schooljaar": "2026-2027",
           "act-1-deelnemers": "ongeveer 40", "sam-0-weg": "1"},
    )  # fmt: skip
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    message = "Vul bij Kinderen een heel getal in, bijvoorbeeld 40."
    # In the list at the top: the section, the school of that line, what was typed.
    assert (
        '<a href="#act-1-deelnemers">Activiteiten, School Berg (u vulde in: '
        f"&#39;ongeveer 40&#39;): {message}</a>"
    ) in html
    assert "veld &#39;deelnemers&#39;" not in html
    # At the field: marked invalid, the message linked to it, the typed text kept.
    assert (
        '<input id="act-1-deelnemers" name="act-1-deelnemers" inputmode="numeric" size="5" '
        'value="ongeveer 40" aria-invalid="true" aria-describedby="act-1-deelnemers-fout">'
    ) in html
    assert f'<p class="field-error" id="act-1-deelnemers-fout">{message}</p>' in html
    assert re.search(
        r'<select id="act-1-school" name="act-1-school"[^>]*>.*?'
        r'<option value="s-b" selected>School Berg</option>',
        html,
        re.S,
    )
    # Counts change only after a successful send; a ticked-away row stays, ticked.
    assert "1 activiteit die nu in het netwerk staat" in html
    assert "2 activiteiten" not in html
    assert '<input type="checkbox" name="sam-0-weg" value="1" checked>' in html
    assert voorstellen.list_submissions(data_dir) == []
    # Sent again as shown, with a number, it is accepted.
    fields = form_fields(html)
    fields.update({"act-1-deelnemers": "40", "actie": "versturen"})
    assert partner.post(path, data=fields).status_code == 200
    (entry,) = voorstellen.list_submissions(data_dir)
    assert entry["voorstel"]["samenwerkingen"] == []
