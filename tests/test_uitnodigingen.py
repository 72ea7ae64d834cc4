"""Invitations for partners: tokens stored hashed, valid for one partner until they
expire, are revoked or are replaced."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import stat
from pathlib import Path

import pytest

from lea_graph.errors import LeaGraphError
from lea_graph.uitnodigingen import (
    DEFAULT_DAYS,
    MAX_DAYS,
    check,
    create,
    invitations_file,
    load_invitations,
    revoke,
)

NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def path(tmp_path):
    return invitations_file(tmp_path)


def test_the_file_keeps_the_hash_never_the_token(path):
    token = create(path, "p-museum", door="coordinator1", now=NOW)
    assert len(token) >= 43  # 32 random bytes, base64
    text = path.read_text(encoding="utf-8")
    assert token not in text
    entry = json.loads(text)["p-museum"]
    assert entry["token"] == hashlib.sha256(token.encode()).hexdigest()
    assert entry["aangemaakt"] == "2026-12-02T10:00:00+00:00"
    assert entry["verloopt"] == "2027-01-01T10:00:00+00:00"  # 30 days later
    assert entry["door"] == "coordinator1" and entry["ingetrokken"] is None
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert DEFAULT_DAYS == 30


def test_a_token_belongs_to_its_partner_only(path):
    museum = create(path, "p-museum", now=NOW)
    club = create(path, "p-club", now=NOW)
    assert museum != club
    assert (check(path, museum, now=NOW).status, check(path, museum, now=NOW).partner) == (
        "geldig",
        "p-museum",
    )
    assert check(path, club, now=NOW).partner == "p-club"
    assert check(path, museum, now=NOW).ok


@pytest.mark.parametrize(
    "tampered",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
        lambda t: t + "x",
        lambda t: t[1:],
        lambda t: "",
        lambda t: hashlib.sha256(t.encode()).hexdigest(),  # the stored hash is no token
    ],
)
def test_a_tampered_token_is_unknown(path, tampered):
    token = create(path, "p-museum", now=NOW)
    result = check(path, tampered(token), now=NOW)
    assert (result.status, result.partner, result.ok) == ("onbekend", None, False)


def test_a_link_expires(path):
    token = create(path, "p-museum", days=7, now=NOW)
    assert check(path, token, now=NOW + dt.timedelta(days=7, seconds=-1)).status == "geldig"
    assert check(path, token, now=NOW + dt.timedelta(days=7)).status == "verlopen"
    assert check(path, token, now=NOW + dt.timedelta(days=7)).partner == "p-museum"


def test_a_revoked_link_stays_refused(path):
    token = create(path, "p-museum", now=NOW)
    assert revoke(path, "p-museum", now=NOW) is True
    assert check(path, token, now=NOW).status == "ingetrokken"
    assert revoke(path, "p-museum", now=NOW) is False  # nothing left to revoke
    assert revoke(path, "p-onbekend", now=NOW) is False
    assert load_invitations(path)["p-museum"]["ingetrokken"] == "2026-12-02T10:00:00+00:00"


def test_a_new_invitation_replaces_the_old_one(path):
    old = create(path, "p-museum", now=NOW)
    revoke(path, "p-museum", now=NOW)
    new = create(path, "p-museum", now=NOW)
    assert check(path, new, now=NOW).status == "geldig"
    replaced = check(path, old, now=NOW)
    assert (replaced.status, replaced.partner) == ("vervangen", "p-museum")
    other = create(path, "p-club", now=NOW)
    assert check(path, other, now=NOW).status == "geldig"  # others keep theirs


@pytest.mark.parametrize("days", [0, -1, MAX_DAYS + 1])
def test_days_out_of_range_are_refused(path, days):
    with pytest.raises(LeaGraphError, match=f"1 tot {MAX_DAYS} dagen geldig, niet {days}"):
        create(path, "p-museum", days=days, now=NOW)
    assert not path.exists()


def test_an_unreadable_file_says_so_in_dutch(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{kapot", encoding="utf-8")
    with pytest.raises(LeaGraphError, match=r"Het bestand met uitnodigingen .* is niet leesbaar"):
        check(path, "iets")
    assert load_invitations(invitations_file(path.parent / "leeg")) == {}


def test_the_invitation_link_has_a_copy_button_and_stays_selectable(tmp_path):
    """Issue 28: beside the read-only link a button copies it (kopieer.js, which shows
    "Gekopieerd"); the button is hidden until the script runs, so without JavaScript
    there is no dead button and the link can still be selected."""
    import re

    from helpers import close_app, csrf_of, login, make_app

    app = make_app(tmp_path / "data")
    try:
        client = app.test_client()
        login(client, "coordinator")
        partner = next(
            iter(
                re.findall(
                    r'href="/partner/([^"]+)"', client.get("/partners").get_data(as_text=True)
                )
            )
        )
        token = csrf_of(client, f"/partner/{partner}")
        html = client.post(
            f"/beheer/uitnodiging/{partner}", data={"csrf_token": token, "dagen": "14"}
        ).get_data(as_text=True)
        assert re.search(
            r'<input id="link" class="link-copy" type="text" readonly value="http', html
        )
        assert (
            '<button type="button" class="secondary" data-kopieer="link" '
            'aria-describedby="link-status" hidden>Link kopiëren</button>'
        ) in html
        assert '<span id="link-status" class="copy-status" aria-live="polite"></span>' in html
        assert "/static/js/kopieer.js" in html
        script = (Path(__file__).parents[1] / "web/static/js/kopieer.js").read_text()
        assert "navigator.clipboard.writeText" in script and '"Gekopieerd"' in script
    finally:
        close_app(app)
