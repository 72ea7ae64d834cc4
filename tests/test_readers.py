"""Reading CSV folders and workbooks: encodings, delimiters, quoting, Excel cells."""

from __future__ import annotations

import openpyxl
import pytest
from helpers import MINIMAL, minimal_dataset

from lea_graph.errors import ReadError
from lea_graph.ingest import read_dataset
from lea_graph.ingest.archive import MAX_ROWS
from lea_graph.ingest.readers import decode, read_csv_bytes, sniff_delimiter

PARTNERS = 'id;naam;type;beschrijving\np-1;Café De Kruik;cultuur;Zaal "boven"\np-2;CiST;cultuur;\n'


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (PARTNERS.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + PARTNERS.encode("utf-8"), "utf-8-sig"),
        (PARTNERS.encode("cp1252"), "windows-1252"),
        (PARTNERS.encode("utf-16"), "utf-16"),
    ],
)
def test_encodings_are_detected(tmp_path, raw, encoding):
    folder = minimal_dataset(tmp_path, {"partners.csv": None})
    (folder / "partners.csv").write_bytes(raw)
    report = read_dataset(folder)
    assert report.ok, [p.to_text() for p in report.problems]
    assert report.dataset.tables["partners"]["naam"][0] == "Café De Kruik"
    info = next(s for s in report.sources if s.table == "partners")
    assert info.encoding == encoding
    assert info.delimiter == ";"


def test_cp1252_undefined_bytes_do_not_crash():
    text, encoding = decode(b"id\n\x81\x9d\x80", "partners.csv")
    assert encoding == "windows-1252"
    assert text.endswith("\x81\x9d€")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("id;naam;type", ";"),
        ("id,naam,type", ","),
        ("id\tnaam\ttype", "\t"),
        ('"a;b",c,d', ","),
        ("id", ","),
    ],
)
def test_delimiter_sniffing(header, expected):
    assert sniff_delimiter(header + "\n") == expected


def test_quoted_cells_keep_delimiters_and_newlines():
    data = 'id;naam;type;beschrijving\np-1;"Muziek; en dans";cultuur;"regel 1\nregel 2"\np-2;X;cultuur;\n'
    raw = read_csv_bytes(data.encode(), "partners", "partners.csv")
    assert raw.rows[0] == (2, ["p-1", "Muziek; en dans", "cultuur", "regel 1\nregel 2"])
    # A quoted newline does not shift the Excel row number of the next record.
    assert raw.rows[1][0] == 3


def test_values_are_read_as_text(tmp_path):
    files = {
        "partners.csv": "id,naam,type,beschrijving\n"
        "p-1,=1+1,cultuur,007\np-2,NA,cultuur,'s-Hertogenbosch\n"
    }
    report = read_dataset(minimal_dataset(tmp_path, files))
    df = report.dataset.tables["partners"]
    assert list(df["naam"]) == ["=1+1", "NA"]
    assert list(df["beschrijving"]) == ["007", "'s-Hertogenbosch"]


def _workbook(path, sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def _minimal_sheets():
    sheets = {}
    for name, text in MINIMAL.items():
        lines = [line.split(",") for line in text.strip().splitlines()]
        sheets[name.removesuffix(".csv")] = lines
    return sheets


def test_xlsx_dataset(tmp_path):
    sheets = _minimal_sheets()
    sheets["scholen"] = [
        ["id", "naam", "sector", "wijk", "leerlingen", "vestigingscode"],
        ["s-1", "School", "PO", "w-1", 210, None],
        [None, None, None, None, None, None],
        ["s-2", "School 2", "po", "w-1", 180.0, "21AB00"],
    ]
    sheets["Uitleg"] = [["Dit werkblad wordt overgeslagen"]]
    report = read_dataset(_workbook(tmp_path / "lea.xlsx", sheets))
    assert report.ok, [p.to_text() for p in report.problems]
    df = report.dataset.tables["scholen"]
    assert list(df["leerlingen"]) == ["210", "180"]
    assert list(df["sector"]) == ["po", "po"]
    assert report.warnings == []


def test_xlsx_rows_are_excel_rows_and_formulas_are_refused(tmp_path):
    sheets = _minimal_sheets()
    sheets["partners"] = [
        ["id", "naam", "type"],
        ["p-1", "Factorium", "cultuur"],
        [None, None, None],
        ["p-2", '=CONCAT("Ci","ST")', "kunst"],
    ]
    report = read_dataset(_workbook(tmp_path / "lea.xlsx", sheets))
    got = sorted((p.table, p.row, p.column or "") for p in report.errors)
    assert got == [("partners", 4, ""), ("partners", 4, "naam"), ("partners", 4, "type")]
    formula = next(p for p in report.errors if p.column is None)
    assert "formule" in formula.message and "B4" in formula.message
    assert formula.source == "lea.xlsx › partners"


def test_xlsx_number_with_leading_zero_format(tmp_path):
    sheets = _minimal_sheets()
    sheets["partners"] = [
        ["id", "naam", "type", "code"],
        ["p-1", "A", "cultuur", 7],
        ["p-2", "B", "cultuur", None],
    ]
    path = _workbook(tmp_path / "lea.xlsx", sheets)
    wb = openpyxl.load_workbook(path)
    wb["partners"]["D2"].number_format = "000"
    wb.save(path)
    report = read_dataset(path)
    assert report.dataset.tables["partners"]["code"][0] == "007"


@pytest.mark.parametrize("name", ["missing", "lea.txt", "lea.xls"])
def test_unreadable_inputs_raise_read_error(tmp_path, name):
    path = tmp_path / name
    if name != "missing":
        path.write_text("x")
    with pytest.raises(ReadError):
        read_dataset(path)


def test_broken_xlsx_raises_read_error(tmp_path):
    path = tmp_path / "kapot.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ReadError, match="Excel"):
        read_dataset(path)


def test_two_files_for_one_table(tmp_path):
    folder = minimal_dataset(tmp_path)
    (folder / "Partners.CSV").write_text("id,naam,type\np-9,X,cultuur\n")
    report = read_dataset(folder)
    assert not report.ok
    assert any("twee bestanden" in p.message for p in report.errors)


def test_row_cap_allows_a_national_network_and_refuses_beyond_it():
    header = b"id;naam\n"
    table = read_csv_bytes(header + b"x;y\n" * MAX_ROWS, "partners", "partners.csv")
    assert len(table.rows) == MAX_ROWS >= 410_000  # a generated national network's activities
    too_many = f"{MAX_ROWS + 1:,}".replace(",", ".")
    with pytest.raises(ReadError, match=rf"^partners\.csv: te veel rijen \({too_many}; hooguit"):
        read_csv_bytes(header + b"x;y\n" * (MAX_ROWS + 1), "partners", "partners.csv")
