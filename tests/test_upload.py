"""Upload with preview, atomic load, audit log, snapshots and restore."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from helpers import close_app, confirm, csrf_of, login, make_app, upload, zip_folder

from lea_graph import audit
from lea_graph.export import write_csv_folder, write_xlsx
from lea_graph.generate import generate_synthetic
from lea_graph.snapshots import list_snapshots


@pytest.fixture
def empty(tmp_path):
    """An explorer with an empty store (no seed loaded) and a coordinator logged in."""
    app = make_app(tmp_path / "data", SEED_ON_EMPTY=False)
    client = app.test_client()
    login(client, "coordinator")
    yield app, client
    close_app(app)


def stats(app):
    with app.app_context():
        from web.db import get_store

        return get_store().stats()


def unreferenced_partner(tilburg) -> dict:
    """A partner no relationship row mentions (so it can go without breaking anything)."""
    used = set()
    for table in ("hub_leden", "activiteiten", "wijkinzet", "programma_partners"):
        used |= {r["partner"] for r in tilburg.rows(table)}
    for r in tilburg.rows("samenwerkingen"):
        used |= {r["partner_a"], r["partner_b"]}
    return next(r for r in tilburg.rows("partners") if r["id"] not in used)


def changed_tilburg(tilburg, tmp_path):
    """The seed with one partner removed and one added (a realistic update)."""
    gone = unreferenced_partner(tilburg)
    write_csv_folder(tilburg, tmp_path / "nieuw")
    partners = tmp_path / "nieuw" / "partners.csv"
    lines = partners.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith(gone["id"] + ",")]
    kept.append("p-nieuw,Nieuwe partner (voorbeeld),cultuur,,,voorbeeld")
    partners.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return tmp_path / "nieuw"


def test_valid_upload_shows_a_preview_then_loads(app, coordinator, tilburg, tmp_path):
    before = stats(app)
    folder = changed_tilburg(tilburg, tmp_path)
    response = upload(coordinator, zip_folder(folder, tmp_path / "nieuw.zip"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "is geldig" in html and "Wat er verandert" in html
    assert "+ Nieuwe partner (voorbeeld)" in html
    assert "− " + unreferenced_partner(tilburg)["naam"] in html
    assert stats(app) == before  # nothing loaded yet
    done = confirm(coordinator)
    assert done.status_code == 200 and "is geladen" in done.get_data(as_text=True)
    after = stats(app)
    assert after["version"] != before["version"]
    assert after["nodes"]["partner"] == before["nodes"]["partner"]  # one out, one in
    data_dir = app.config["DATA_DIR"]
    entry = audit.read_log(data_dir)[0]
    assert entry["gebruiker"] == "coordinator" and entry["actie"] == "laden"
    assert entry["bron"] == "nieuw.zip" and entry["versie_voor"] == before["version"]
    assert entry["snapshot"] in {p.name for p in list_snapshots(data_dir)}
    assert list((__import__("pathlib").Path(data_dir) / "uploads").iterdir()) == []
    beheerder = app.test_client()
    login(beheerder, "beheerder")
    assert "nieuw.zip" in beheerder.get("/beheer/log").get_data(as_text=True)


def test_xlsx_upload(app, coordinator, tilburg, tmp_path):
    path = write_xlsx(tilburg, tmp_path / "tilburg.xlsx")
    response = upload(coordinator, path)
    assert "is geldig" in response.get_data(as_text=True)
    assert confirm(coordinator).status_code == 200


def test_invalid_upload_reports_and_loads_nothing(app, coordinator, tilburg, tmp_path):
    before = stats(app)
    write_csv_folder(tilburg, tmp_path / "kapot")
    hubs = tmp_path / "kapot" / "hubs.csv"
    hubs.write_text(
        hubs.read_text(encoding="utf-8").replace(",cultuur,", ",kunst,", 1), encoding="utf-8"
    )
    response = upload(coordinator, zip_folder(tmp_path / "kapot", tmp_path / "kapot.zip"))
    html = response.get_data(as_text=True)
    assert "heeft 1 fout" in html and "kunst" in html and "Er is niets geladen" in html
    assert confirm(coordinator).status_code == 400  # nothing waiting
    assert stats(app) == before


def test_cancel_deletes_the_waiting_file(app, coordinator, tilburg, tmp_path):
    write_csv_folder(tilburg, tmp_path / "t")
    upload(coordinator, zip_folder(tmp_path / "t", tmp_path / "t.zip"))
    uploads = __import__("pathlib").Path(app.config["DATA_DIR"]) / "uploads"
    assert len(list(uploads.iterdir())) == 1
    token = csrf_of(coordinator, "/beheer/upload")
    assert (
        coordinator.post("/beheer/upload/annuleer", data={"csrf_token": token}).status_code == 200
    )
    assert list(uploads.iterdir()) == []


def test_wrong_kind_of_file(app, coordinator, tmp_path):
    path = tmp_path / "netwerk.pdf"
    path.write_bytes(b"%PDF-1.4")
    response = upload(coordinator, path)
    assert response.status_code == 400 and ".xlsx" in response.get_data(as_text=True)


def test_second_concurrent_load_gets_409(app, coordinator, tilburg, tmp_path):
    write_csv_folder(tilburg, tmp_path / "t")
    upload(coordinator, zip_folder(tmp_path / "t", tmp_path / "t.zip"))
    started, release = threading.Event(), threading.Event()

    def slow(phase, done, total):
        started.set()
        release.wait(60)

    with app.app_context():
        from web.db import get_store

        store = get_store()
        worker = threading.Thread(
            target=lambda: store.load(generate_synthetic(2, seed=3), batch_size=100, progress=slow)
        )
        worker.start()
    assert started.wait(60)
    try:
        response = confirm(coordinator)
        assert response.status_code == 409
        assert "al een netwerk geladen" in response.get_data(as_text=True)
    finally:
        release.set()
        worker.join(120)
    assert confirm(coordinator).status_code == 200  # the file waited; now it loads


def test_restore_brings_the_previous_network_back(app, coordinator, tilburg, tmp_path, runner):
    from lea_graph.cli import cli

    before = stats(app)
    upload(coordinator, zip_folder(changed_tilburg(tilburg, tmp_path), tmp_path / "n.zip"))
    confirm(coordinator)
    assert stats(app)["version"] != before["version"]
    env = {"LEA_DATA_DIR": app.config["DATA_DIR"], "LEA_STORE": "embedded", "LEA_NEO4J_URI": ""}
    listed = runner.invoke(cli, ["restore", "--list"], env=env)
    assert listed.exit_code == 0 and ".zip" in listed.output
    result = runner.invoke(cli, ["restore"], env=env)
    assert result.exit_code == 0, result.output
    after = stats(app)
    assert after["nodes"] == before["nodes"] and after["edges"] == before["edges"]
    assert audit.read_log(app.config["DATA_DIR"])[0]["actie"] == "herstellen"
    with app.app_context():
        from lea_graph.graph import from_graph
        from web.db import get_store

        assert from_graph(get_store().to_networkx()).same_as(tilburg)


def test_preview_lists_schools_whose_wijk_is_uncertain_or_unknown(coordinator, tmp_path):
    """A school's wijk follows from its point; the coordinator sees which ones to check
    (``seed/facts/publiek`` is what ``lea-graph gemeente Tilburg`` wrote: no wijk given)."""
    import csv
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "seed" / "facts" / "publiek"
    with (folder / "scholen.csv").open(encoding="utf-8") as f:
        scholen = list(csv.DictReader(f))
    html = upload(coordinator, zip_folder(folder, tmp_path / "publiek.zip")).get_data(as_text=True)
    assert "is geldig" in html
    assert not any(r["wijk"] for r in scholen)
    no_point = [r["naam"] for r in scholen if not r["punt"]]
    assert no_point  # DUO registered them after the points were made
    for naam in no_point:
        assert f"{naam}: Staat niet in het puntenbestand" in html, naam
    assert "controleer de wijk" in html and "Mogelijke wijken" in html


def _table_rows(html: str, table_id: str) -> list[list[str]]:
    """The body rows of a table on a page, as the texts of their cells."""
    import html as html_lib
    import re

    start = html.index(f'id="tabel-{table_id}"')
    body = html[start:].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [html_lib.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]  # fmt: skip


def test_preview_and_veranderingen_count_one_changed_participant_count_alike(empty, tmp_path):
    """Issue 27: one activity whose ``deelnemers`` changed is one changed row, not one
    new and one gone: 0 nieuw, 0 weg, 1 gewijzigd in the upload preview, and the same
    on Veranderingen once it is loaded."""
    import copy

    from helpers import TINY

    from lea_graph.dataset import Dataset

    _, client = empty
    write_csv_folder(Dataset.from_rows(copy.deepcopy(TINY)), tmp_path / "oud")
    first = upload(client, zip_folder(tmp_path / "oud", tmp_path / "oud.zip"))
    assert confirm(client, first).status_code == 200
    rows = copy.deepcopy(TINY)
    assert rows["activiteiten"][0]["deelnemers"] == "25"  # Muziekschool at School A
    rows["activiteiten"][0]["deelnemers"] = "26"
    write_csv_folder(Dataset.from_rows(rows), tmp_path / "nieuw")
    preview = upload(client, zip_folder(tmp_path / "nieuw", tmp_path / "nieuw.zip"))
    counts = {r[0]: r[1:5] for r in _table_rows(preview.get_data(as_text=True), "wijzigingen")}
    # Tabel: Nieuw, Verdwijnt, Gewijzigd, Gelijk (five activities, four untouched).
    assert counts["activiteiten"] == ["0", "0", "1", "4"]
    assert all(c[:3] == ["0", "0", "0"] for t, c in counts.items() if t != "activiteiten")
    assert confirm(client, preview).status_code == 200

    page = client.get("/veranderingen").get_data(as_text=True)
    assert "Veranderd: activiteit: 1 gewijzigd." in page
    changes = _table_rows(page, "veranderingen")
    assert [r[:2] for r in changes] == [["activiteit", "gewijzigd"]]
    assert changes[0][3] == "Deelnemers: 25 → 26"
    data = client.get("/api/v1/veranderingen").get_json()
    assert [(r["soort"], r["verandering"]) for r in data["veranderingen"]] == [
        ("activiteit", "gewijzigd")
    ]


def test_upload_messages_name_the_file_as_the_user_named_it(empty, tmp_path):
    """Issue 28: the error table and the preview say "mijn-netwerk.xlsx", never the
    random name the server keeps the file under."""
    import copy
    import re

    from helpers import TINY

    from lea_graph.dataset import Dataset

    app, client = empty
    rows = copy.deepcopy(TINY)
    rows["activiteiten"][0]["deelnemers"] = "ongeveer 40"
    path = write_xlsx(Dataset.from_rows(rows), tmp_path / "mijn-netwerk.xlsx")
    html = upload(client, path).get_data(as_text=True)
    assert "heeft 1 fout" in html
    errors = _table_rows(html, "controle")
    assert [r[1] for r in errors] == ["mijn-netwerk.xlsx › activiteiten"]
    assert not re.search(r"[0-9a-f]{32}", html)

    good = write_xlsx(Dataset.from_rows(copy.deepcopy(TINY)), tmp_path / "mijn-netwerk.xlsx")
    preview = upload(client, good).get_data(as_text=True)
    (waiting,) = (Path(app.config["DATA_DIR"]) / "uploads").iterdir()
    assert "<strong>mijn-netwerk.xlsx</strong>" in preview
    assert waiting.stem not in preview and not re.search(r"[0-9a-f]{32}", preview)


def test_the_preview_shows_each_changed_row_before_and_after(empty, tmp_path):
    """Issue 28: beside the counts, the preview lists each changed row with what it was
    and what it becomes: Muziekschool Café at School A had 12 children and gets 13."""
    import copy

    from helpers import TINY

    from lea_graph.dataset import Dataset

    _, client = empty
    rows = copy.deepcopy(TINY)
    rows["activiteiten"][0]["deelnemers"] = "12"
    write_csv_folder(Dataset.from_rows(rows), tmp_path / "oud")
    first = upload(client, zip_folder(tmp_path / "oud", tmp_path / "oud.zip"))
    assert confirm(client, first).status_code == 200
    rows["activiteiten"][0]["deelnemers"] = "13"
    write_csv_folder(Dataset.from_rows(rows), tmp_path / "nieuw")
    preview = upload(client, zip_folder(tmp_path / "nieuw", tmp_path / "nieuw.zip"))
    html = preview.get_data(as_text=True)
    assert "Gewijzigde rijen: wat was het, wat wordt het" in html
    (row,) = _table_rows(html, "gewijzigde_rijen")
    year = rows["activiteiten"][0]["schooljaar"]
    assert row == ["activiteiten", f"Muziekschool Café → School A ({year})",
                   "Deelnemers: was 12, wordt 13"]  # fmt: skip
