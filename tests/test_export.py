"""Exports: the data format round-trips exactly; Gephi and JSON formats parse back."""

from __future__ import annotations

import json

import networkx as nx
import openpyxl
import pytest
from helpers import minimal_dataset, unplaced_only

from lea_graph.export import write_csv_folder, write_gexf, write_graphml, write_json, write_xlsx
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
