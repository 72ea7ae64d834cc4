"""The samenwerkingsmonitor in the real app, on both stores: a coordinator opens a round,
partners answer through their own links, the coordinator closes it, and each role sees
what it may. The figures are the hand-worked ones of ``test_samenwerkingsmonitor.py``
(A, B, C, D = Alfa, Beta, Gamma, Delta; hub H = Alfa, Beta, Gamma; wijk W = Beta, Gamma,
Delta), read from the page, the downloads, the API and the PDF.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import helpers
import pytest
from helpers import STORE_BACKENDS, TINY, app_on, csrf_of, ensured, logged_in

from lea_graph import model, tijd, uitnodigingen
from lea_graph.dataset import Dataset

YEAR = model.schooljaar_of(tijd.today())
NAMES = {"p-alfa": "Alfa", "p-beta": "Beta", "p-gamma": "Gamma", "p-delta": "Delta"}


def monitor_dataset() -> Dataset:
    rows = {k: [dict(r) for r in TINY[k]] for k in ("ambities", "clusters", "themas", "programmas")}
    rows.update(
        hubs=[{"id": "h-h", "naam": "Hub H", "domein": "cultuur"}],
        wijken=[{"id": "w-w", "naam": "Wijk W"}, {"id": "w-v", "naam": "Wijk V"}],
        scholen=[{"id": "s-1", "naam": "School 1", "sector": "po", "wijk": "w-w"},
                 {"id": "s-2", "naam": "School 2", "sector": "po", "wijk": "w-v"}],
        partners=[{"id": p, "naam": n, "type": "cultuur"} for p, n in NAMES.items()],
        hub_leden=[{"partner": p, "hub": "h-h"} for p in ("p-alfa", "p-beta", "p-gamma")],
        activiteiten=[{"partner": p, "school": "s-1", "schooljaar": YEAR}
                      for p in ("p-beta", "p-gamma", "p-delta")]
                     + [{"partner": "p-alfa", "school": "s-2", "schooljaar": YEAR}],
        samenwerkingen=[{"partner_a": "p-alfa", "partner_b": "p-beta"},
                        {"partner_a": "p-alfa", "partner_b": "p-gamma"}],
    )  # fmt: skip
    return Dataset.from_rows(rows)


def fields(n: int, other: str, niveau, freq, value, trust, sterker="") -> dict[str, str]:
    def point(v):
        return "?" if v is None else str(v)

    names = ("invloed", "middelen", "betrokkenheid", "betrouwbaarheid", "missie", "openheid")
    out = {f"sm-{n}-partner": other, f"sm-{n}-mee": "ja", f"sm-{n}-niveau": str(niveau),
           f"sm-{n}-frequentie": str(freq), f"sm-{n}-sterker": sterker}  # fmt: skip
    out.update({f"sm-{n}-{k}": point(v) for k, v in zip(names, (*value, *trust), strict=True)})
    return out


def open_round(coordinator, naam: str, *, days: int):
    """The coordinator's POST that opens a round about this schooljaar."""
    closing = (tijd.today() + dt.timedelta(days=days)).isoformat()
    return coordinator.post(
        "/beheer/monitor",
        data={"naam": naam, "schooljaar": YEAR, "sluit": closing,
              "csrf_token": csrf_of(coordinator, "/beheer/monitor")},
    )  # fmt: skip


def round_id(opened) -> str:
    """The id of the round an ``open_round`` answer redirects to."""
    return re.search(r"/beheer/monitor/(r-[0-9a-z-]+)", opened.headers["Location"]).group(1)


Q = None
ANSWERS = {
    "p-alfa": {**fields(0, "p-beta", 4, 3, (4, 3, 4), (4, 4, 3)),
               **fields(1, "p-gamma", 1, 1, (Q, 2, Q), (2, Q, 1), "Vaker overleggen")},
    "p-beta": {**fields(0, "p-alfa", 3, 3, (3, 3, 3), (4, 3, 4)),
               **fields(7, "p-delta", 2, 2, (Q, Q, Q), (3, 3, Q))},
    "p-gamma": fields(0, "p-alfa", 2, 1, (2, 2, Q), (2, 2, 2), "Een vast contact"),
}  # fmt: skip


@pytest.fixture(scope="module", params=STORE_BACKENDS)
def monitored(request, tmp_path_factory):
    """The app on one store with the 4-partner round answered and closed: ``(app, ident,
    tokens)``."""
    folder = tmp_path_factory.mktemp(f"monitor-{request.param}")
    with app_on(
        request.param, folder, monitor_dataset(), "monitor-test", USERS=helpers.test_users(),
        SEED_ON_EMPTY=False,
    ) as pair:  # fmt: skip
        app = ensured(pair)
        coordinator = logged_in(app, "coordinator")
        opened = open_round(coordinator, "Ronde 1", days=14)
        assert opened.status_code == 303, opened.get_data(as_text=True)[:800]
        ident = round_id(opened)
        with app.app_context():
            from web import services

            path = uitnodigingen.invitations_file(services.data_dir())
            tokens = {p: uitnodigingen.create(path, p) for p in NAMES}
        for partner, sent in ANSWERS.items():
            client = app.test_client()
            page = client.get(f"/bijdragen/{tokens[partner]}/samenwerking")
            assert page.status_code == 200
            html = page.get_data(as_text=True)
            stand = re.search(r'name="stand" value="([^"]*)"', html).group(1)
            token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
            answer = client.post(
                f"/bijdragen/{tokens[partner]}/samenwerking",
                data={**sent, "stand": stand, "csrf_token": token},
            )
            assert answer.status_code == 200, answer.get_data(as_text=True)[:2000]
            assert "Dank u wel" in answer.get_data(as_text=True)
        closed = coordinator.post(
            f"/beheer/monitor/{ident}/sluiten",
            data={"csrf_token": csrf_of(coordinator, f"/beheer/monitor/{ident}")},
        )
        assert closed.status_code == 303
        yield pair, ident, tokens


def rows_by(table: dict, key: str) -> dict:
    return {r[key]: r for r in table["rijen"]}


def test_the_begeleidingsgroep_sees_the_hand_worked_hub_and_nothing_below_three(monitored):
    app, ident, _ = ensured_app(monitored)
    reader = logged_in(app, "lezer")
    data = reader.get(f"/api/v1/samenwerking?ronde={ident}").get_json()
    assert data["ronde"]["id"] == ident and data["volledig"] is False
    assert data["respons"] == {"ingevuld": 3, "partners": 4, "aandeel": 0.75}
    assert (data["netwerk"]["vertrouwen"], data["netwerk"]["beoordelaars"]) == (2.77, 3)
    hub = rows_by(data["tabellen"]["hubs"], "groep")["h-h"]
    assert (hub["waarde"], hub["vertrouwen"], hub["beoordelaars"]) == (2.67, 2.71, 3)
    assert hub["dichtheid"] == pytest.approx(2 / 3) and hub["wederzijds"] == 1.0
    wijk = rows_by(data["tabellen"]["wijken"], "groep")["w-w"]
    assert wijk["vertrouwen"] is None and wijk["vertrouwen_verborgen"] is True
    assert wijk["dichtheid"] == pytest.approx(1 / 3) and wijk["beoordelaars"] == 1
    alfa = rows_by(data["tabellen"]["partners"], "partner")["p-alfa"]
    assert (alfa["vertrouwen"], alfa["vertrouwen_verborgen"], alfa["vertrouwen_beoordelaars"]) == (
        None, True, 2,
    )  # fmt: skip
    assert alfa["genoemd_door"] == 2
    # Per collaboration only who named whom; no score, no open answer.
    pairs = data["tabellen"]["samenwerkingen"]["rijen"]
    assert {(p["a"], p["b"], p["wederzijds"]) for p in pairs} == {
        ("p-alfa", "p-beta", True), ("p-alfa", "p-gamma", True), ("p-beta", "p-delta", False),
    }  # fmt: skip
    assert all("vertrouwen" not in p and "sterker" not in p for p in pairs)
    assert "te_versterken" not in data["tabellen"] and data["te_versterken"] == 1
    text = reader.get(f"/api/v1/samenwerking?ronde={ident}").get_data(as_text=True)
    for secret in ("Vaker overleggen", "Een vast contact", "1.75", "3.67"):
        assert secret not in text


def test_the_coordinator_sees_every_score(monitored):
    app, ident, _ = ensured_app(monitored)
    data = logged_in(app, "coordinator").get(f"/api/v1/samenwerking?ronde={ident}").get_json()
    assert data["volledig"] is True
    pairs = {(p["a"], p["b"]): p for p in data["tabellen"]["samenwerkingen"]["rijen"]}
    assert (pairs[("p-alfa", "p-beta")]["waarde"], pairs[("p-alfa", "p-beta")]["vertrouwen"]) == (
        3.33,
        3.67,
    )
    assert pairs[("p-alfa", "p-gamma")]["vertrouwen"] == 1.75
    assert pairs[("p-beta", "p-delta")]["waarde"] is None
    low = data["tabellen"]["te_versterken"]["rijen"]
    assert [(r["a"], r["b"]) for r in low] == [("p-alfa", "p-gamma")]
    wijk = rows_by(data["tabellen"]["wijken"], "groep")["w-w"]
    assert wijk["vertrouwen"] == 3.0  # one rater: the coordinator sees it all the same


def _cell(html: str, table_id: str, row_text: str, column: int) -> str:
    """The text of one cell of a table on a page: the row holding ``row_text``."""
    body = html.split(f'id="tabel-{table_id}"', 1)[1].split("</table>", 1)[0]
    row = next(r for r in body.split("<tr>") if row_text in r)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
    return re.sub(r"<[^>]+>", "", cells[column]).strip()


def test_one_figure_on_page_download_api_and_pdf(monitored):
    app, ident, _ = ensured_app(monitored)
    reader = logged_in(app, "lezer")
    api = rows_by(
        reader.get(f"/api/v1/samenwerking?ronde={ident}").get_json()["tabellen"]["hubs"], "groep"
    )["h-h"]
    html = reader.get(f"/samenwerking?ronde={ident}").get_data(as_text=True)
    # Columns of the hub table: hub, partners, vulden in, respons, genoemd, dichtheid,
    # wederzijds, waarde, vertrouwen, beoordelaars.
    assert _cell(html, "hubs", "Hub H", 8) == "2,71" and _cell(html, "hubs", "Hub H", 7) == "2,67"
    assert _cell(html, "wijken", "Wijk W", 8) == "verborgen"
    download = reader.get(f"/samenwerking?ronde={ident}&download=hubs&format=csv")
    rows = list(
        csv.DictReader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff")), delimiter=";")
    )
    hub_row = next(r for r in rows if r["Hub"] == "Hub H")
    assert float(hub_row["Vertrouwen (1-4)"]) == api["vertrouwen"] == 2.71
    wijk_csv = reader.get(f"/samenwerking?ronde={ident}&download=wijken&format=csv").get_data(
        as_text=True
    )
    assert "verborgen (minder dan 3 beoordelaars)" in wijk_csv
    pdf = reader.get("/rapport.pdf")
    assert pdf.status_code == 200
    text = pdf_text(pdf.data)
    assert "Samenwerkingsmonitor" in text
    line = next(x for x in text.splitlines() if x.startswith("Hub H"))
    assert "2,71" in line and "2,67" in line


def pdf_text(data: bytes) -> str:
    import subprocess
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.pdf"
        path.write_bytes(data)
        return (
            subprocess.run(
                ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
            )
            .stdout.replace("\n ", "\n")
            .replace("\u00a0", " ")
        )


def test_a_partner_sees_only_its_own(monitored):
    app, ident, tokens = ensured_app(monitored)
    gamma = (
        app.test_client().get(f"/bijdragen/{tokens['p-gamma']}/samenwerking").get_data(as_text=True)
    )
    # Its own aggregate: rated by one partner (Alfa): hidden.
    assert "Hoe de andere partners Gamma zien" in gamma
    assert "verborgen (1 beoordelaars)" in gamma
    assert "Vaker overleggen" not in gamma  # Alfa's open answer about Gamma
    alfa = (
        app.test_client().get(f"/bijdragen/{tokens['p-alfa']}/samenwerking").get_data(as_text=True)
    )
    assert "verborgen (2 beoordelaars)" in alfa
    assert "Een vast contact" not in alfa  # Gamma's open answer about Alfa
    assert "Ronde 1: op" in alfa  # its own earlier answers (the round is closed now)
    # No route of the explorer answers a partner's token with another's answers.
    for path in ("/samenwerking", f"/samenwerking?ronde={ident}", "/api/v1/samenwerking",
                 f"/beheer/monitor/{ident}"):  # fmt: skip
        response = app.test_client().get(path)
        assert response.status_code in (302, 401), path


def test_anonymous_readers_never_see_the_monitor(monitored):
    app, ident, _ = ensured_app(monitored)
    assert app.config.get("ANONYMOUS_READ", True)
    client = app.test_client()
    assert client.get("/samenwerking").status_code == 302
    assert "/login" in client.get("/samenwerking").headers["Location"]
    api = client.get("/api/v1/samenwerking")
    assert api.status_code == 401 and api.mimetype == "application/problem+json"
    assert "Samenwerking" not in client.get("/").get_data(as_text=True).split("<main", 1)[0]
    pdf = pdf_text(client.get("/rapport.pdf").data)
    assert "Samenwerkingsmonitor" not in pdf
    assert client.get(f"/beheer/monitor/{ident}").status_code == 302


def test_the_coordinators_round_page_shows_every_answer(monitored):
    app, ident, _ = ensured_app(monitored)
    coordinator = logged_in(app, "coordinator")
    html = coordinator.get(f"/beheer/monitor/{ident}").get_data(as_text=True)
    assert "3 van de 4 partners vulden in (75%)" in html
    assert "Vaker overleggen" in html and "Een vast contact" in html
    assert logged_in(app, "lezer").get(f"/beheer/monitor/{ident}").status_code == 403


def ensured_app(monitored):
    """The app with its network put back (Neo4j is shared with other tests)."""
    pair, ident, tokens = monitored
    return ensured(pair), ident, tokens


def test_remind_and_delete_a_round(monitored):
    app, closed, tokens = ensured_app(monitored)
    coordinator = logged_in(app, "coordinator")
    ident = round_id(open_round(coordinator, "Ronde 2", days=7))
    # A second round while one is open is refused, in Dutch, naming the open one.
    again = open_round(coordinator, "Ronde 3", days=7)
    assert again.status_code == 422 and "Ronde 2" in again.get_data(as_text=True)
    page = f"/beheer/monitor/{ident}"
    reminded = coordinator.post(
        f"{page}/herinner/p-delta", data={"csrf_token": csrf_of(coordinator, page)}
    )
    text = reminded.get_data(as_text=True)
    assert reminded.status_code == 200 and "Beste collega" in text and "Delta" in text
    assert "herinnerd op" in coordinator.get(page).get_data(as_text=True)
    # Alfa says its collaboration with Beta ended and rates Gamma: its form shows Beta
    # unticked and Gamma ticked again; the coordinator reads that it ended.
    client = app.test_client()
    html = client.get(f"/bijdragen/{tokens['p-alfa']}/samenwerking").get_data(as_text=True)
    sent = client.post(
        f"/bijdragen/{tokens['p-alfa']}/samenwerking",
        data={
            "sm-0-partner": "p-beta",
            **fields(1, "p-gamma", 3, 3, (3, 3, 3), (3, 3, 3)),
            "stand": "",
            "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', html).group(1),
        },
    )
    assert sent.status_code == 200
    html = client.get(f"/bijdragen/{tokens['p-alfa']}/samenwerking").get_data(as_text=True)
    ticks = dict(
        re.findall(
            r'name="sm-\d+-partner" value="([^"]+)">\s*<label class="check"><input type="checkbox" name="sm-\d+-mee" value="ja"( checked)?',
            html,
        )
    )
    assert ticks == {"p-beta": "", "p-gamma": " checked"}
    assert "werkt niet (meer) samen" in coordinator.get(page).get_data(as_text=True)
    # The partner's form says a round is open and links to the questions.
    form = app.test_client().get(f"/bijdragen/{tokens['p-delta']}").get_data(as_text=True)
    assert "Naar de vragen over samenwerking" in form
    # Deleting needs the tick; then the round and its file are gone, the closed one stays.
    refused = coordinator.post(
        f"{page}/verwijderen", data={"csrf_token": csrf_of(coordinator, page)}
    )
    assert refused.status_code == 422
    done = coordinator.post(
        f"{page}/verwijderen", data={"bevestig": "ja", "csrf_token": csrf_of(coordinator, page)}
    )
    assert done.status_code == 303
    assert coordinator.get(page).status_code == 404
    with app.app_context():
        from web import services

        files = sorted(p.name for p in (services.data_dir() / "monitor").glob("r-*.json"))
    assert files == [f"{closed}.json"]
    form = app.test_client().get(f"/bijdragen/{tokens['p-delta']}").get_data(as_text=True)
    assert "Naar de vragen over samenwerking" not in form
