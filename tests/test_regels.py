"""One figure, one rule (issue 27): rules that had more than one home.

- the formula guard: every spreadsheet or CSV file written for people (a table download
  as CSV and as XLSX, the Kumu workbook, the report and comparison workbooks) puts an
  apostrophe before a text that a spreadsheet could run as a formula, in the same way;
  the data-format export keeps such a text exactly (:mod:`lea_graph.spreadsheet`);
- the schooljaren in the data: the year choice of the pages and the API's years come
  from :func:`lea_graph.analytics.indicators.schooljaren`, and pupil counts per
  schooljaar do not add a year;
- ``plural``: one Dutch singular/plural rule (:func:`lea_graph.text.plural`) for the
  pages, the maps and the reports.

The network (REGELS), by hand: one wijk Noord with School A; four partners named
"=1+1", "@SUM(A1)", "-2" and "Factorium" (the last a member of hub Cultuur), each with
one activity at School A: "=1+1" in 2023-2024, the others in 2024-2025. School A has
pupil counts for 2022-2023 and 2023-2024. So the schooljaren are 2023-2024 and
2024-2025 (not 2022-2023), and the cell Noord × Cultuur has one partner (one gap).
"""

from __future__ import annotations

import csv
import io
import json
import re

import openpyxl
import pytest
from helpers import app_on

from lea_graph.analytics.compare import compare, write_comparison_xlsx
from lea_graph.analytics.indicators import schooljaren
from lea_graph.analytics.report import analyse, write_report_xlsx
from lea_graph.dataset import Dataset
from lea_graph.export import write_xlsx
from lea_graph.graph import to_graph
from lea_graph.kumu import write_kumu_xlsx
from lea_graph.text import plural

SQUARE = {"type": "Polygon", "coordinates": [
    [[5.00, 51.60], [5.01, 51.60], [5.01, 51.61], [5.00, 51.61], [5.00, 51.60]]]}  # fmt: skip

REGELS = {
    "hubs": [{"id": "h-1", "naam": "Cultuur", "domein": "cultuur"}],
    "wijken": [{"id": "w-1", "naam": "Noord", "geometrie": json.dumps(SQUARE)}],
    "scholen": [
        {"id": "s-1", "naam": "School A", "sector": "po", "wijk": "w-1",
         "leerlingen_per_jaar": "2022-2023: 100; 2023-2024: 110"},
    ],
    "partners": [
        {"id": "p-eq", "naam": "=1+1", "type": "cultuur"},
        {"id": "p-at", "naam": "@SUM(A1)", "type": "cultuur"},
        {"id": "p-min", "naam": "-2", "type": "sport"},
        {"id": "p-ok", "naam": "Factorium", "type": "cultuur"},
    ],
    "hub_leden": [{"partner": "p-ok", "hub": "h-1"}],
    "activiteiten": [
        {"partner": "p-eq", "school": "s-1", "schooljaar": "2023-2024"},
        {"partner": "p-at", "school": "s-1", "schooljaar": "2024-2025"},
        {"partner": "p-min", "school": "s-1", "schooljaar": "2024-2025"},
        {"partner": "p-ok", "school": "s-1", "hub": "h-1", "schooljaar": "2024-2025"},
    ],
}  # fmt: skip

#: The partner names as every file for people must show them (by hand).
GUARDED = {"=1+1": "'=1+1", "@SUM(A1)": "'@SUM(A1)", "-2": "'-2", "Factorium": "Factorium"}
#: The schooljaren of REGELS (by hand): the activity years, not the pupil-count years.
YEARS = ["2023-2024", "2024-2025"]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    folder = tmp_path_factory.mktemp("regels")
    with app_on("embedded", folder, Dataset.from_rows(REGELS), "regels", SEED_ON_EMPTY=False) as (
        app, network
    ):  # fmt: skip
        network.ensure()
        yield app.test_client()


def _values(book: bytes | str) -> list:
    """Every cell value of every sheet of a workbook (bytes or a path)."""
    wb = openpyxl.load_workbook(io.BytesIO(book) if isinstance(book, bytes) else book)
    return [v for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row]


def _names_as_written(values: list) -> dict[str, str]:
    """How each partner name of REGELS stands in a file's cells: name → cell value."""
    found = {}
    for name in GUARDED:
        for v in values:
            if v in (name, "'" + name):
                assert found.setdefault(name, v) == v, f"{name!r} written two ways"
    return found


# -- the formula guard --------------------------------------------------------------------------


def test_table_csv_download_guards_formulas(client):
    body = client.get("/partners?download=partners&format=csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert _names_as_written([r[0] for r in rows[1:]]) == GUARDED


def test_table_xlsx_download_guards_formulas(client):
    body = client.get("/partners?download=partners&format=xlsx").get_data()
    assert _names_as_written(_values(body)) == GUARDED


def test_kumu_workbook_guards_formulas(client, tmp_path):
    body = client.get("/download/netwerk.kumu.xlsx").get_data()
    assert _names_as_written(_values(body)) == GUARDED
    out = write_kumu_xlsx(to_graph(Dataset.from_rows(REGELS)), tmp_path / "kumu.xlsx")
    assert _names_as_written(_values(str(out))) == GUARDED


def test_comparison_workbook_guards_formulas(tmp_path):
    # From an empty network to REGELS: every partner is new, named in its own cell.
    c = compare(to_graph(Dataset.from_rows({})), to_graph(Dataset.from_rows(REGELS)))
    out = write_comparison_xlsx(c, tmp_path / "vergelijking.xlsx")
    assert _names_as_written(_values(str(out))) == GUARDED


def test_report_workbook_guards_formulas(tmp_path):
    out = write_report_xlsx(
        analyse(to_graph(Dataset.from_rows(REGELS)), seed=0), tmp_path / "rapport.xlsx"
    )
    written = _names_as_written(_values(str(out)))
    assert written and written == {n: GUARDED[n] for n in written}
    assert "=1+1" in written  # "=1+1" is in the report's partner table


def test_the_data_format_keeps_values_exactly(client, tmp_path):
    """The export meant to be read back is not guarded: "=1+1" stays "=1+1" (a text
    cell, never a formula), as /gegevens explains."""
    out = write_xlsx(Dataset.from_rows(REGELS), tmp_path / "gegevens.xlsx")
    sheet = openpyxl.load_workbook(out)["partners"]
    names = {row[1].value: row[1].data_type for row in sheet.iter_rows(min_row=2)}
    assert names == {"=1+1": "s", "@SUM(A1)": "s", "-2": "s", "Factorium": "s"}
    assert _names_as_written(_values(client.get("/download/netwerk.xlsx").get_data())) == {
        n: n for n in GUARDED
    }


# -- the schooljaren ----------------------------------------------------------------------------


def _year_choice(page: str) -> list[str]:
    select = re.search(r'<select id="schooljaar" name="schooljaar">(.*?)</select>', page, re.S)
    assert select, "no year choice on the page"
    return [v for v in re.findall(r'<option value="([^"]*)"', select.group(1)) if v]


def test_schooljaren_are_the_activity_years():
    assert schooljaren(to_graph(Dataset.from_rows(REGELS))) == YEARS


def test_page_year_choice_equals_the_api_years(client):
    assert _year_choice(client.get("/partners").get_data(as_text=True)) == YEARS
    trend = client.get("/api/v1/veranderingen").get_json()["trend"]
    assert [row["schooljaar"] for row in trend] == YEARS
    assert client.get("/partners?schooljaar=2022-2023").status_code == 404
    assert client.get("/api/v1/partners?schooljaar=2022-2023").status_code == 404
    assert client.get("/api/v1/partners?schooljaar=2023-2024").status_code == 200


def test_the_pages_take_their_years_from_the_one_rule(tmp_path, monkeypatch):
    """web.services asks lea_graph.analytics.indicators.schooljaren (no rule of its own)."""
    from web import services

    asked = []

    def spy(g):
        asked.append(g)
        return schooljaren(g)

    monkeypatch.setattr(services, "schooljaren", spy)
    with app_on("embedded", tmp_path, Dataset.from_rows(REGELS), "r", SEED_ON_EMPTY=False) as (
        app, network
    ):  # fmt: skip
        network.ensure()
        page = app.test_client().get("/partners").get_data(as_text=True)
    assert asked, "the page's years did not come from indicators.schooljaren"
    assert _year_choice(page) == YEARS


# -- plural -------------------------------------------------------------------------------------


def test_plural_is_one_dutch_rule():
    from web import kaart

    assert kaart.plural is plural
    assert plural(1, "partner", "partners") == "1 partner"
    assert plural(2, "partner", "partners") == "2 partners"
    assert plural(1, "gat", "gaten") == "1 gat"
    assert plural(0, "gat", "gaten") == "0 gaten"
    assert plural(1900, "kind", "kinderen") == "1.900 kinderen"


def test_the_gap_map_counts_gaps_in_dutch(client):
    page = client.get("/kaart?kleur=gaten").get_data(as_text=True)
    # Noord × Cultuur has one partner (Factorium): one gap; the legend runs 0..1.
    assert "1 gat" in page and "0 gaten" in page
    assert not re.search(r"\b1 gaten\b|\b0 gat\b", page)
