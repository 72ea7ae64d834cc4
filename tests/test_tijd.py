"""One clock (issue 27): every surface shows a stored moment in Dutch time
(Europe/Amsterdam), whatever zone the server's clock is in.

The stored moments are fixed by hand: 2 December 2026 14:24 UTC is 15:24 in Tilburg
(CET, UTC+1); 1 July 2026 14:24 UTC is 16:24 (CEST, UTC+2). The server's clock is set
to UTC, as on the server where people saw 15:24 in the footer and 16:24 in the review
queue, and to New York (where a local clock would be six hours off).
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import time
import zipfile

import pytest
from helpers import TINY, close_app, login, make_app

from lea_graph import audit, uitnodigingen, voorstellen
from lea_graph.dataset import Dataset
from lea_graph.export import write_csv_folder

#: (stored, as people read it, as the API gives it, the snapshot name's stamp, the last
#: day of an invitation made at 23:30 UTC that day for one day: it ends at 00:30 CET
#: resp. 01:30 CEST, two days later in Tilburg)
WINTER = ("2026-12-02T14:24:00+00:00", "2 december 2026 15:24", "2026-12-02T15:24:00+01:00",
          "20261202-142400", "4 december 2026")  # fmt: skip
SUMMER = ("2026-07-01T14:24:00+00:00", "1 juli 2026 16:24", "2026-07-01T16:24:00+02:00",
          "20260701-142400", "3 juli 2026")  # fmt: skip


@pytest.fixture(params=["UTC", "America/New_York"])
def server_clock(request):
    """The process's local time zone, as the server's clock would set it."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield request.param
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def _moment(stored: str) -> dt.datetime:
    return dt.datetime.fromisoformat(stored)


def _flat(html: str) -> str:
    import html as html_lib

    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.parametrize(("stored", "shown", "api", "stamp", "last_day"), [WINTER, SUMMER])
def test_every_surface_shows_a_stored_moment_in_dutch_time(
    server_clock, tmp_path, stored, shown, api, stamp, last_day
):
    """The footer, the API, the audit log, the review queue and one proposal, the
    invitation and the saved versions on Veranderingen: one moment, one time."""
    data = tmp_path / "data"
    tiny = Dataset.from_rows(copy.deepcopy(TINY))
    # What was saved before: a snapshot named by its (UTC) time, as every load makes one.
    write_csv_folder(tiny, tmp_path / "oud")
    (data / "snapshots").mkdir(parents=True)
    with zipfile.ZipFile(data / "snapshots" / f"{stamp}-lea_v0.zip", "w") as zf:
        for f in sorted((tmp_path / "oud").glob("*.csv")):
            zf.write(f, f.name)
    audit.record(data, tijd=stored, gebruiker="coordinator", actie="laden", bron="tiny.zip")
    voorstellen.submit(
        data, "p-muziek", soort="bevestiging", versie="",
        basis=voorstellen.partner_rows(tiny, "p-muziek"), now=_moment(stored),
    )  # fmt: skip
    invitations = uitnodigingen.invitations_file(data)
    made = _moment(stored).replace(hour=23, minute=30)
    uitnodigingen.create(invitations, "p-muziek", days=1, now=made)

    app = make_app(data, SEED_ON_EMPTY=False)
    try:
        with app.app_context():
            from web.db import get_store

            with get_store().load_slot() as slot:  # loaded at the stored moment
                slot.load(tiny, source="tiny.zip", geladen_op=stored)
        reader = app.test_client()
        assert f"geladen op {shown}." in _flat(reader.get("/").get_data(as_text=True))
        assert reader.get("/api/v1/stats").get_json()["loaded_at"] == api
        assert reader.get("/health").get_json()["geladen_op"] == api
        versions = _flat(reader.get("/veranderingen").get_data(as_text=True))
        assert f"versie bewaard op {shown}" in versions

        coordinator = app.test_client()
        login(coordinator, "coordinator")
        queue = _flat(coordinator.get("/beheer/voorstellen").get_data(as_text=True))
        assert f"Muziekschool Café bevestiging {shown}" in queue.replace(
            "alles klopt nog", "bevestiging"
        )
        (entry,) = voorstellen.list_submissions(data)
        review = _flat(coordinator.get(f"/beheer/voorstellen/{entry['id']}").get_data(as_text=True))
        assert f"Ingediend {shown}" in review
        partner = _flat(coordinator.get("/partner/p-muziek").get_data(as_text=True))
        assert re.search(f"Link: (geldig tot|verlopen op) {last_day}", partner)

        beheerder = app.test_client()
        login(beheerder, "beheerder")
        log = _flat(beheerder.get("/beheer/log").get_data(as_text=True))
        assert f"{shown} coordinator gegevens geladen tiny.zip" in log
    finally:
        close_app(app)


def test_the_pdf_report_says_when_it_was_made_and_which_version_it_compares(
    server_clock, tmp_path, monkeypatch
):
    """The PDF's "Gemaakt op", its page date and the saved version it compares with,
    all in Dutch time; the same version label as on Veranderingen."""
    from test_report_pdf import _text

    from lea_graph import tijd

    data = tmp_path / "data"
    tiny = Dataset.from_rows(copy.deepcopy(TINY))
    write_csv_folder(tiny, tmp_path / "oud")
    (data / "snapshots").mkdir(parents=True)
    with zipfile.ZipFile(data / "snapshots" / f"{SUMMER[3]}-lea_v0.zip", "w") as zf:
        for f in sorted((tmp_path / "oud").glob("*.csv")):
            zf.write(f, f.name)
    # The report is made "now": 2 December 2026, 14:24 UTC.
    monkeypatch.setattr(tijd, "now", lambda: _moment(WINTER[0]).astimezone(tijd.ZONE))
    app = make_app(data, SEED_ON_EMPTY=False)
    try:
        with app.app_context():
            from web.db import get_store

            get_store().load(tiny, source="tiny.zip")
        client = app.test_client()
        pdf = tmp_path / "rapport.pdf"
        pdf.write_bytes(client.get("/rapport.pdf").data)
        flat = " ".join(_text(pdf).split())
        assert f"Gemaakt op {WINTER[1]}" in flat
        assert "· 2 december 2026 pagina 1 van" in flat  # the date at the foot of each page
        assert f"Van versie bewaard op {SUMMER[1]} naar huidig netwerk." in flat
        assert client.get("/api/v1/stats").get_json()["loaded_at"] == WINTER[2]
        footer = _flat(client.get("/").get_data(as_text=True))
        assert f"geladen op {WINTER[1]}." in footer
    finally:
        close_app(app)


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("2026-12-02T14:24:00+00:00", "2 december 2026 15:24"),
        ("2026-12-02T14:24:00+0000", "2 december 2026 15:24"),  # the audit log's old form
        ("2026-12-02T14:24:00Z", "2 december 2026 15:24"),
        ("2026-12-02 14:24:00", "2 december 2026 15:24"),  # no offset: UTC
        ("20261202-142400-lea_v3", "2 december 2026 15:24"),  # a snapshot's name
        ("2026-12-02T15:24:00+01:00", "2 december 2026 15:24"),
        ("2026-07-01T14:24:00+00:00", "1 juli 2026 16:24"),
        ("2026-03-29T00:59:00+00:00", "29 maart 2026 01:59"),  # the last minute of CET
        ("2026-03-29T01:00:00+00:00", "29 maart 2026 03:00"),  # the first of CEST
        ("2026-10-25T00:30:00+00:00", "25 oktober 2026 02:30"),  # 02:30 CEST ...
        ("2026-10-25T01:30:00+00:00", "25 oktober 2026 02:30"),  # ... and 02:30 CET
        ("2026-12-31T23:30:00+00:00", "1 januari 2027 00:30"),
    ],
)
def test_a_stored_moment_in_words(server_clock, stored, shown):
    from lea_graph.tijd import tijd_nl

    assert tijd_nl(stored) == shown


def test_now_and_today_are_dutch_time(server_clock):
    from lea_graph import tijd

    moment = tijd.now()
    assert moment.utcoffset() in (dt.timedelta(hours=1), dt.timedelta(hours=2))
    assert tijd.today() == dt.datetime.now(dt.UTC).astimezone(tijd.ZONE).date()
    assert tijd.stamp(moment).endswith("+00:00")
    assert tijd.parse(tijd.stamp(moment)) == moment
    assert tijd.parse(tijd.file_stamp(moment)) == moment
