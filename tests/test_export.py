"""Exports: the data format round-trips exactly; Gephi and JSON formats parse back."""

from __future__ import annotations

import csv
import json
import re

import networkx as nx
import openpyxl
import pytest
from helpers import minimal_dataset, unplaced_only
from openpyxl.utils import get_column_letter

from lea_graph import model
from lea_graph.export import (
    _instruction_rows,
    write_csv_folder,
    write_gexf,
    write_graphml,
    write_json,
    write_template,
    write_xlsx,
)
from lea_graph.graph import to_graph
from lea_graph.ingest import load_dataset, read_dataset

TRICKY = ["=1+1", "007", "NA", "'s-Hertogenbosch", "+31 13 000", "-5", "@cel", " spatie", 'a;b,c"d']


@pytest.fixture
def tricky(tmp_path):
    rows = "\n".join(
        f'p-{i},"{v.replace(chr(34), chr(34) * 2)}",cultuur,"{v.replace(chr(34), chr(34) * 2)}"'
        for i, v in enumerate(TRICKY)
    )
    files = {"partners.csv": "id,naam,type,opmerking\n" + rows + "\n"}
    return load_dataset(minimal_dataset(tmp_path / "in", files))


def test_tricky_values_survive_validation(tricky):
    # Leading/trailing spaces are trimmed on purpose; everything else stays as typed.
    assert list(tricky.tables["partners"]["naam"]) == [v.strip() for v in TRICKY]


@pytest.mark.parametrize("excel", [False, True])
def test_csv_round_trip(tricky, tmp_path, excel):
    out = tmp_path / "out"
    write_csv_folder(tricky, out, excel=excel)
    if excel:
        assert (out / "partners.csv").read_bytes().startswith(b"\xef\xbb\xbfid;naam")
    assert load_dataset(out).same_as(tricky)


def test_xlsx_round_trip_writes_text_cells(tricky, tmp_path):
    path = write_xlsx(tricky, tmp_path / "lea.xlsx")
    back = load_dataset(path)
    assert back.same_as(tricky)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "Uitleg"
    cell = next(c for c in wb["partners"]["B"] if c.value == "=1+1")
    assert cell.data_type == "s"  # a text cell, not a formula
    assert "tekst" in " ".join(str(c.value) for c in wb["Uitleg"]["A"] if c.value)


def test_seed_round_trips_through_both_formats(tilburg, tmp_path):
    write_csv_folder(tilburg, tmp_path / "csv")
    assert load_dataset(tmp_path / "csv").same_as(tilburg)
    write_xlsx(tilburg, tmp_path / "lea.xlsx")
    report = read_dataset(tmp_path / "lea.xlsx")
    assert report.ok and unplaced_only(report.warnings)
    assert report.dataset.same_as(tilburg)


def test_graphml_and_gexf_parse_back(tilburg, tmp_path):
    g = to_graph(tilburg)
    h = nx.read_graphml(write_graphml(g, tmp_path / "lea.graphml"))
    assert h.number_of_nodes() == g.number_of_nodes()
    assert h.number_of_edges() == g.number_of_edges()
    assert h.nodes["p-factorium"]["label"] == "Factorium"
    assert h.nodes["p-factorium"]["kind"] == "partner"
    k = nx.read_gexf(write_gexf(g, tmp_path / "lea.gexf"))
    assert k.number_of_nodes() == g.number_of_nodes()
    assert k.number_of_edges() == g.number_of_edges()


def test_json_is_node_link(tilburg, tmp_path):
    g = to_graph(tilburg)
    data = json.loads(write_json(g, tmp_path / "lea.json").read_text(encoding="utf-8"))
    assert len(data["nodes"]) == g.number_of_nodes()
    assert len(data["edges"]) == g.number_of_edges()
    h = nx.node_link_graph(data, edges="edges")
    assert h.nodes["w-heikant"]["naam"] == "Heikant"


def test_data_format_doc_is_generated_from_the_model():
    from pathlib import Path

    from lea_graph.export import data_format_markdown

    doc = Path(__file__).resolve().parents[1] / "docs" / "data-format.md"
    assert doc.read_text(encoding="utf-8") == data_format_markdown() + "\n", (
        "run: lea-graph template --markdown --out docs/data-format.md"
    )


# -- the workbook for people: names beside ids, drop-down lists, an Uitleg without commands ----

LOOKUP = re.compile(
    r'^=IF\((?P<cell>[A-Z]+\d+)="","",IFERROR\(INDEX\((?P<sheet>\w+)!\$(?P<naam>[A-Z]+):\$(?P=naam),'
    r'MATCH\((?P=cell),(?P=sheet)!\$(?P<id>[A-Z]+):\$(?P=id),0\)\),"onbekend id"\)\)$'
)


def _evaluate(wb, sheet: str, formula: str) -> str:
    """What Excel shows for a name formula: INDEX/MATCH read off the workbook's cells."""
    m = LOOKUP.match(formula)
    assert m, formula
    ws = wb[sheet]
    value = ws[m["cell"]].value
    if value in (None, ""):
        return ""
    target = wb[m["sheet"]]
    for id_cell, naam_cell in zip(target[m["id"]], target[m["naam"]], strict=True):
        if id_cell.value == value:
            return naam_cell.value
    return "onbekend id"


def _csv_rows(table: str) -> list[dict]:
    with open(f"seed/tilburg/{table}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_workbook_shows_the_name_beside_every_id(tilburg, tmp_path):
    path = write_xlsx(tilburg, tmp_path / "lea.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["scholen"]
    headers = [c.value for c in ws[1]]
    wijk = headers.index("wijk")
    assert headers[wijk + 1] == "wijk (naam)"
    # Expected names straight from the seed's CSV files, not from the program.
    wijk_naam = {r["id"]: r["naam"] for r in _csv_rows("wijken")}
    scholen = _csv_rows("scholen")
    shown = {}
    for row in ws.iter_rows(min_row=2, max_row=len(scholen) + 1):
        formula = row[wijk + 1].value
        shown[row[0].value] = _evaluate(wb, "scholen", formula)
    for s in scholen:
        assert shown[s["id"]] == wijk_naam.get(s["wijk"], ""), s["id"]
    # A typed id that does not exist shows "onbekend id" in the reading aid.
    ws.cell(row=2, column=wijk + 1, value="w-bestaat-niet")
    assert _evaluate(wb, "scholen", ws.cell(row=2, column=wijk + 2).value) == "onbekend id"
    # Every reference column of every table has its reading aid right beside it.
    for name, spec in model.TABLES.items():
        headers = [c.value for c in wb[name][1]]
        for col in spec.columns:
            if col.type == "ref" and col.name in headers:
                assert headers[headers.index(col.name) + 1] == f"{col.name} (naam)", name


def test_workbook_has_a_dropdown_for_every_id_column(tilburg, tmp_path):
    path = write_xlsx(tilburg, tmp_path / "lea.xlsx")
    wb = openpyxl.load_workbook(path)
    for name, spec in model.TABLES.items():
        ws = wb[name]
        headers = [c.value for c in ws[1]]
        lists = {
            str(rng): dv.formula1
            for dv in ws.data_validations.dataValidation
            for rng in dv.sqref.ranges
        }
        for col in spec.columns:
            if col.type != "ref" or col.name not in headers:
                continue
            letter = get_column_letter(headers.index(col.name) + 1)
            formula = next(f for rng, f in lists.items() if rng.startswith(f"{letter}2:"))
            sheet, _, cells = formula.partition("!")
            assert sheet == col.ref[0]
            # The list is the id column of the referenced sheet, from row 2 on.
            target_headers = [c.value for c in wb[sheet][1]]
            id_letter = get_column_letter(target_headers.index("id") + 1)
            assert cells.startswith(f"${id_letter}$2:${id_letter}$"), formula


def test_workbook_with_names_reads_back_unchanged_and_so_does_the_template(tilburg, tmp_path):
    path = write_xlsx(tilburg, tmp_path / "lea.xlsx")
    report = read_dataset(path)
    assert report.ok and unplaced_only(report.warnings), report.errors[:3]
    assert report.dataset.same_as(tilburg)
    template = read_dataset(write_template(tmp_path / "sjabloon.xlsx"))
    assert template.problems == []
    # The reading aid saved as plain text in a CSV file (Excel's "Opslaan als CSV") is
    # skipped too, and an extra column of the user's own stays.
    folder = minimal_dataset(
        tmp_path / "csv",
        {"partners.csv": "id,naam,type,website (naam),eigen\np-a,A,cultuur,x,y\n"},
    )
    report = read_dataset(folder)
    assert any("website (naam)" in p.message or p.column == "website (naam)" for p in report.errors)
    folder = minimal_dataset(
        tmp_path / "csv2",
        {
            "partners.csv": "id,naam,type\np-a,A,cultuur\n",
            "hub_leden.csv": "partner,partner (naam),hub,hub (naam)\np-a,A,h-x,Hub X\n",
            "hubs.csv": "id,naam,domein\nh-x,Hub X,cultuur\n",
        },
    )
    report = read_dataset(folder)
    assert report.ok, report.errors
    assert "partner (naam)" not in report.dataset.columns("hub_leden")


def test_uitleg_names_no_command():
    rows = " ".join(" ".join(r) for r in _instruction_rows(export=True, boundaries=True))
    assert "lea-graph" not in rows and "validate" not in rows
    assert "Gegevens laden" in rows and "(naam)" in rows
