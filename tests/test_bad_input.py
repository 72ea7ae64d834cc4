"""The bad-input corpus (tests/bad_input/) through validation, upload, pages and downloads.

Every row is either loaded literally or reported; payloads are shown as text; a
rejected input never changes what is loaded; no temporary file stays behind.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from helpers import close_app, confirm, make_app, upload, zip_folder

from lea_graph.errors import ReadError
from lea_graph.ingest import load_dataset, read_dataset
from lea_graph.ingest.archive import MAX_UNPACKED

CORPUS = Path(__file__).parent / "bad_input"
LOADS = {"puntkomma_cp1252", "tab_utf16", "gevaarlijke_namen"}
REJECTED = {
    "verkeerd_scheidingsteken": [("partners", 2), ("partners", 3)],
    "dubbele_ids_en_kolommen": [("partners", 1), ("partners", 3), ("wijken", 3)],
    "losse_verwijzingen": [("hub_leden", 2), ("activiteiten", 2), ("activiteiten", 3)],
}
PAYLOADS = [
    "=1+1",
    "@SUM(A1:A9)",
    "-5",
    "<img src=x onerror=alert(1)>",
    '"}) MATCH (n) DETACH DELETE n //',
    "'s-Hertogenbosch",
    "007",
]


def test_corpus_is_complete():
    assert {p.name for p in CORPUS.iterdir() if p.is_dir()} == LOADS | set(REJECTED)


@pytest.mark.parametrize("name", sorted(LOADS))
def test_loadable_inputs_load_literally(name):
    report = read_dataset(CORPUS / name)
    assert report.ok, [p.to_text() for p in report.errors]
    names = set(report.dataset.tables["partners"]["naam"])
    if name == "gevaarlijke_namen":
        assert set(PAYLOADS) <= names
    else:
        assert "Café De Kruik" in names


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_rejected_inputs_name_table_row_column_and_value(name):
    report = read_dataset(CORPUS / name)
    assert report.dataset is None
    found = {(p.table, p.row) for p in report.errors}
    assert set(REJECTED[name]) <= found, found
    assert all(p.message for p in report.errors)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """One explorer for the whole module (overrides the fresh one per test of conftest)."""
    app = make_app(tmp_path_factory.mktemp("corpus"))
    yield app
    close_app(app)


def counts(app):
    with app.app_context():
        from web.db import get_store

        stats = get_store().stats()
    return stats["nodes"], stats["edges"], stats["version"]


def uploads_left(app) -> list[Path]:
    return list((Path(app.config["DATA_DIR"]) / "uploads").glob("*"))


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_rejected_uploads_change_nothing(app, coordinator, tmp_path, name):
    before = counts(app)
    response = upload(coordinator, zip_folder(CORPUS / name, tmp_path / f"{name}.zip"))
    html = response.get_data(as_text=True)
    assert "Er is niets geladen" in html
    for table, row in REJECTED[name]:  # the report names the file and the Excel row
        pattern = rf'<td>{table}\.csv</td>\s*<td class="num" data-sort="{row}"'
        assert re.search(pattern, html), (table, row)
    assert counts(app) == before
    assert uploads_left(app) == []


def test_dangerous_names_load_literally_and_show_as_text(app, coordinator, tmp_path):
    response = upload(coordinator, zip_folder(CORPUS / "gevaarlijke_namen", tmp_path / "g.zip"))
    assert "is geldig" in response.get_data(as_text=True)
    assert confirm(coordinator).status_code == 200
    reader = app.test_client()
    pages = [
        reader.get(url).get_data(as_text=True)
        for url in ("/partners", "/partner/p-4", "/partner/p-5", "/partner/p-6", "/zoeken?q=img")
    ]
    joined = "\n".join(pages)
    assert "<img src=x onerror" not in joined and "<script>alert('x')" not in joined
    assert "&lt;img src=x onerror=alert(1)&gt;" in joined
    assert "<dd>{{7*7}} ${7*7}</dd>" in pages[3]  # shown as typed: no template evaluation
    api = reader.get("/api/v1/partners").get_json()["tabellen"]["partners"]["rijen"]
    assert {r["naam"] for r in api} >= set(PAYLOADS)  # stored and served literally
    # Downloads for people neutralise formulas...
    text = reader.get("/partners?download=partners&format=csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    first_cells = {r[0] for r in rows[1:]}
    assert "'=1+1" in first_cells and "'@SUM(A1:A9)" in first_cells and "'-5" in first_cells
    assert "=1+1" not in first_cells
    wb = openpyxl.load_workbook(
        io.BytesIO(reader.get("/partners?download=partners&format=xlsx").data)
    )
    values = [c.value for c in wb.active["A"]]
    assert "'=1+1" in values
    assert all(c.data_type != "f" for row in wb.active.iter_rows() for c in row)
    # ...while the data-format export for re-import keeps every value exact.
    with zipfile.ZipFile(io.BytesIO(reader.get("/download/netwerk.zip").data)) as zf:
        zf.extractall(tmp_path / "terug")
    back = load_dataset(tmp_path / "terug")
    assert set(PAYLOADS) <= set(back.tables["partners"]["naam"])
    (tmp_path / "terug.xlsx").write_bytes(reader.get("/download/netwerk.xlsx").data)
    assert set(PAYLOADS) <= set(load_dataset(tmp_path / "terug.xlsx").tables["partners"]["naam"])


def test_huge_upload_is_refused_with_413(app, coordinator, tmp_path):
    before = counts(app)
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    try:
        big = tmp_path / "groot.zip"
        big.write_bytes(b"PK" + b"x" * (200 * 1024))
        response = upload(coordinator, big)
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 20 * 1024 * 1024
    assert response.status_code == 413
    assert "Bestand te groot" in response.get_data(as_text=True)
    assert counts(app) == before and uploads_left(app) == []


def zip_bomb(path: Path) -> Path:
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("partners.csv", "w") as fh:
        for _ in range(MAX_UNPACKED // len(chunk) + 8):
            fh.write(chunk)
    return path


def xml_bomb(path: Path, tilburg_xlsx: Path) -> Path:
    """A workbook whose first sheet declares an entity that expands a billion times."""
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
            for i in range(1, 10)
        )
        + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    with zipfile.ZipFile(tilburg_xlsx) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = bomb.encode()
            dst.writestr(item, data)
    return path


def traversal_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("../../etc/partners.csv", "id,naam,type\n")
    return path


def test_bombs_and_tricks_are_refused_before_they_do_harm(app, coordinator, tilburg, tmp_path):
    from lea_graph.export import write_xlsx

    before = counts(app)
    good_xlsx = write_xlsx(tilburg, tmp_path / "goed.xlsx")
    cases = {
        "bom.zip": zip_bomb(tmp_path / "bom.zip"),
        "xml-bom.xlsx": xml_bomb(tmp_path / "xml-bom.xlsx", good_xlsx),
        "pad.zip": traversal_zip(tmp_path / "pad.zip"),
    }
    for name, path in cases.items():
        with pytest.raises(ReadError):
            read_dataset(path)
        response = upload(coordinator, path, name)
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and "Er is niets geladen" in html, name
        assert "Traceback" not in html
        assert counts(app) == before and uploads_left(app) == []
    assert not (tmp_path.parent / "etc").exists()


def test_no_temporary_files_stay_behind(app, coordinator, tmp_path):
    import tempfile

    tmp_root = Path(tempfile.gettempdir())
    before = set(tmp_root.glob("lea-zip-*"))
    upload(coordinator, zip_folder(CORPUS / "puntkomma_cp1252", tmp_path / "a.zip"))
    upload(coordinator, zip_folder(CORPUS / "losse_verwijzingen", tmp_path / "b.zip"))
    assert set(tmp_root.glob("lea-zip-*")) == before
