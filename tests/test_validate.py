"""Every validation rule, on small datasets whose problems are known by hand."""

from __future__ import annotations

import csv
import json

import pytest
from helpers import minimal_dataset

from lea_graph.cli import cli
from lea_graph.ingest import read_dataset


def problems(report, severity="fout"):
    items = report.errors if severity == "fout" else report.warnings
    return [(p.table, p.row, p.column, p.value) for p in items]


def test_minimal_dataset_is_valid(tmp_path):
    report = read_dataset(minimal_dataset(tmp_path))
    assert report.ok, [p.to_text() for p in report.problems]
    assert report.counts["partners"] == 2
    assert report.dataset.counts()["scholen"] == 1


def test_missing_required_table(tmp_path):
    report = read_dataset(minimal_dataset(tmp_path, {"hubs.csv": None}))
    assert problems(report) == [("hubs", None, None, "")]
    assert report.dataset is None


def test_missing_required_column_reports_header_row(tmp_path):
    report = read_dataset(
        minimal_dataset(tmp_path, {"hubs.csv": "id,naam\nh-1,Cultuur en muziek\n"})
    )
    assert problems(report) == [("hubs", 1, "domein", "")]


def test_missing_required_column_does_not_cascade(tmp_path):
    """Rows of a table with a missing column still count for ids and references."""
    files = {
        "hubs.csv": "id,naam\nh-1,Cultuur en muziek\n",
        "hub_leden.csv": "partner,hub\np-1,h-1\n",
    }
    report = read_dataset(minimal_dataset(tmp_path, files))
    assert problems(report) == [("hubs", 1, "domein", "")]


def test_required_value_empty(tmp_path):
    report = read_dataset(
        minimal_dataset(tmp_path, {"partners.csv": "id,naam,type\np-1,,cultuur\n"})
    )
    assert problems(report) == [("partners", 2, "naam", "")]


def test_duplicate_id_across_tables_is_case_insensitive(tmp_path):
    files = {"wijken.csv": "id,naam\nw-1,Heikant\nP-1,Quirijnstok\n"}
    report = read_dataset(minimal_dataset(tmp_path, files))
    assert problems(report) == [("wijken", 3, "id", "P-1")]
    assert "partners" in report.errors[0].message


def test_bad_id_characters(tmp_path):
    files = {"partners.csv": "id,naam,type\np 1,Factorium,cultuur\np-2,CiST,cultuur\n"}
    report = read_dataset(minimal_dataset(tmp_path, files))
    assert problems(report) == [("partners", 2, "id", "p 1")]


def test_dangling_reference_suggests_close_id(tmp_path):
    files = {"scholen.csv": "id,naam,sector,wijk\ns-1,School,po,w-11\n"}
    report = read_dataset(minimal_dataset(tmp_path, files))
    assert problems(report) == [("scholen", 2, "wijk", "w-11")]
    assert "w-1" in report.errors[0].message


def test_reference_to_wrong_kind(tmp_path):
    files = {"hub_leden.csv": "partner,hub\np-1,w-1\n"}
    report = read_dataset(minimal_dataset(tmp_path, files))
    assert problems(report) == [("hub_leden", 2, "hub", "w-1")]
    assert "wijk" in report.errors[0].message


def test_enum_is_case_insensitive_and_stored_lower_case(tmp_path):
    files = {"scholen.csv": "id,naam,sector,wijk\ns-1,School,PO,w-1\ns-2,School,Basisschool,w-1\n"}
    report = read_dataset(minimal_dataset(tmp_path, files))
    assert problems(report) == [("scholen", 3, "sector", "Basisschool")]
    files["scholen.csv"] = "id,naam,sector,wijk\ns-1,School,PO,w-1\n"
    report = read_dataset(minimal_dataset(tmp_path, files))
    assert report.ok
    assert list(report.dataset.tables["scholen"]["sector"]) == ["po"]


@pytest.mark.parametrize(
    ("value", "ok", "stored"),
    [
        ("2023-2024", True, "2023-2024"),
        ("2023/2024", True, "2023-2024"),
        ("2023-2025", False, None),
        ("2024-2023", False, None),
        ("23-24", False, None),
        ("schooljaar 1", False, None),
    ],
)
def test_schooljaar(tmp_path, value, ok, stored):
    files = {"activiteiten.csv": f"partner,school,schooljaar\np-1,s-1,{value}\n"}
    report = read_dataset(minimal_dataset(tmp_path, files))
    assert report.ok is ok
    if ok:
        assert report.dataset.tables["activiteiten"]["schooljaar"][0] == stored
    else:
        assert problems(report) == [("activiteiten", 2, "schooljaar", value)]


@pytest.mark.parametrize(
    ("value", "ok", "stored"),
    [
        ("120", True, "120"),
        ("0", True, "0"),
        ("007", True, "7"),
        ("1.200", False, None),
        ("-3", False, None),
        ("12,5", False, None),
        ("NA", False, None),
    ],
)
def test_counts_are_whole_numbers(tmp_path, value, ok, stored):
    files = {"scholen.csv": f'id,naam,sector,wijk,leerlingen\ns-1,School,po,w-1,"{value}"\n'}
    report = read_dataset(minimal_dataset(tmp_path, files))
    assert report.ok is ok
    if ok:
        assert report.dataset.tables["scholen"]["leerlingen"][0] == stored
    else:
        assert problems(report) == [("scholen", 2, "leerlingen", value)]


@pytest.mark.parametrize(
    ("column", "value", "ok"),
    [
        ("brin", "21ab", True),
        ("brin", "21ABC", False),
        ("vestigingscode", "21AB00", True),
        ("vestigingscode", "21AB0", False),
        ("lrk_nummer", "123456789", True),
        ("lrk_nummer", "12345678A", False),
    ],
)
def test_register_codes(tmp_path, column, value, ok):
    files = {"scholen.csv": f"id,naam,sector,wijk,{column}\ns-1,School,po,w-1,{value}\n"}
    report = read_dataset(minimal_dataset(tmp_path, files))
    assert report.ok is ok, [p.to_text() for p in report.problems]
    if ok:
        assert report.dataset.tables["scholen"][column][0] == value.upper()


@pytest.mark.parametrize(
    ("value", "ok"), [("WK085510", True), ("wk085510", True), ("085510", False), ("WK08551", False)]
)
def test_cbs_code(tmp_path, value, ok):
    files = {"wijken.csv": f"id,naam,cbs_code\nw-1,Binnenstad,{value}\n"}
    assert read_dataset(minimal_dataset(tmp_path, files)).ok is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("https://www.factorium.nl/", True),
        ("www.factorium.nl", False),
        ("javascript:alert(1)", False),
        ("https://a b.nl", False),
    ],
)
def test_website_must_be_http(tmp_path, value, ok):
    files = {
        "partners.csv": f"id,naam,type,website\np-1,Factorium,cultuur,{value}\np-2,CiST,cultuur,\n"
    }
    assert read_dataset(minimal_dataset(tmp_path, files)).ok is ok


def test_vestigingscode_not_starting_with_brin_is_a_warning(tmp_path):
    files = {"scholen.csv": "id,naam,sector,wijk,brin,vestigingscode\ns-1,S,po,w-1,21AB,22CD00\n"}
    report = read_dataset(minimal_dataset(tmp_path, files))
    assert report.ok
    assert problems(report, "waarschuwing") == [("scholen", 2, "vestigingscode", "22CD00")]


def test_self_collaboration_is_an_error(tmp_path):
    files = {"samenwerkingen.csv": "partner_a,partner_b\np-1,p-1\n"}
    report = read_dataset(minimal_dataset(tmp_path, files))
    assert problems(report) == [("samenwerkingen", 2, "partner_b", "p-1")]


def test_duplicate_relationship_rows_warn(tmp_path):
    files = {"samenwerkingen.csv": "partner_a,partner_b,soort\np-1,p-2,x\np-2,p-1,x\np-1,p-2,y\n"}
    report = read_dataset(minimal_dataset(tmp_path, files))
    assert report.ok
    # The reversed pair is the same undirected collaboration; another soort is not.
    assert problems(report, "waarschuwing") == [("samenwerkingen", 3, None, "")]


def test_activity_hub_without_membership_warns(tmp_path):
    files = {"activiteiten.csv": "partner,school,hub\np-1,s-1,h-1\n"}
    report = read_dataset(minimal_dataset(tmp_path, files))
    assert report.ok
    assert problems(report, "waarschuwing") == [("activiteiten", 2, "hub", "h-1")]


def test_duplicate_and_reserved_column_names(tmp_path):
    files = {"partners.csv": "id,naam,type,Naam,kind\np-1,A,cultuur,B,x\np-2,C,cultuur,D,y\n"}
    report = read_dataset(minimal_dataset(tmp_path, files))
    assert problems(report) == [("partners", 1, "naam", "Naam"), ("partners", 1, "kind", "kind")]


def test_extra_columns_are_kept_and_typos_flagged(tmp_path):
    files = {
        "partners.csv": "id,naam,type,opmerking,websit\np-1,A,cultuur,hallo,x\np-2,B,cultuur,,\n"
    }
    report = read_dataset(minimal_dataset(tmp_path, files))
    assert report.ok
    assert problems(report, "waarschuwing") == [("partners", 1, "websit", "")]
    assert "website" in report.warnings[0].message
    assert report.dataset.extra_columns("partners") == ["opmerking", "websit"]


def test_bad_extra_column_name(tmp_path):
    files = {"partners.csv": "id,naam,type,Opmerking (intern)\np-1,A,cultuur,x\np-2,B,cultuur,\n"}
    report = read_dataset(minimal_dataset(tmp_path, files))
    assert problems(report) == [("partners", 1, "opmerking (intern)", "Opmerking (intern)")]


def test_row_with_too_many_cells(tmp_path):
    files = {"partners.csv": "id,naam,type\np-1,Factorium,cultuur,extra\np-2,CiST,cultuur\n"}
    report = read_dataset(minimal_dataset(tmp_path, files))
    assert problems(report) == [("partners", 2, None, "extra")]


def test_data_without_column_name(tmp_path):
    files = {"partners.csv": "id,naam,type,\np-1,Factorium,cultuur,x\np-2,CiST,cultuur,\n"}
    report = read_dataset(minimal_dataset(tmp_path, files))
    assert problems(report) == [("partners", 1, None, "")]


def test_empty_rows_are_skipped_but_row_numbers_stay_excel_rows(tmp_path):
    files = {"partners.csv": "id,naam,type\np-1,Factorium,cultuur\n,,\np-2,CiST,kunst\n"}
    report = read_dataset(minimal_dataset(tmp_path, files))
    assert problems(report) == [("partners", 4, "type", "kunst")]


def test_unknown_file_is_a_warning(tmp_path):
    report = read_dataset(minimal_dataset(tmp_path, {"notities.csv": "a,b\n1,2\n"}))
    assert report.ok
    assert problems(report, "waarschuwing") == [("notities", None, None, "")]


def test_every_problem_is_reported_at_once_and_nothing_is_loaded(tmp_path):
    files = {
        "partners.csv": "id,naam,type\np-1,,cultuur\np-1,CiST,kunst\n",
        "scholen.csv": "id,naam,sector,wijk,leerlingen\ns-1,S,po,w-9,veel\n",
    }
    report = read_dataset(minimal_dataset(tmp_path, files))
    assert report.dataset is None
    assert sorted(problems(report)) == sorted(
        [
            ("partners", 2, "naam", ""),
            ("partners", 3, "id", "p-1"),
            ("partners", 3, "type", "kunst"),
            ("scholen", 2, "leerlingen", "veel"),
            ("scholen", 2, "wijk", "w-9"),
        ]
    )


def _edit_csv(path, edit):
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    edit(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def test_five_problems_in_the_seed_with_excel_rows(seed_copy, runner):
    """The acceptance case: five kinds of mistakes, each named with its Excel row."""

    def dup_partner(rows):  # a new last row reusing the id of the first partner
        rows.append([rows[1][0], "Dubbele partner (voorbeeld)", "cultuur", "", "", "voorbeeld"])

    def dangling(rows):  # activiteiten data row 10 is Excel row 11
        rows[10][rows[0].index("school")] = "s-bestaat-niet"

    def bad_year(rows):
        rows[12][rows[0].index("schooljaar")] = "2023-2025"

    def bad_enum(rows):
        rows[6][rows[0].index("sector")] = "basisschool"

    def drop_domein(rows):
        i = rows[0].index("domein")
        for r in rows:
            del r[i]

    _edit_csv(seed_copy / "partners.csv", dup_partner)
    _edit_csv(seed_copy / "activiteiten.csv", dangling)
    _edit_csv(seed_copy / "activiteiten.csv", bad_year)
    _edit_csv(seed_copy / "scholen.csv", bad_enum)
    _edit_csv(seed_copy / "hubs.csv", drop_domein)
    n_partner_rows = len((seed_copy / "partners.csv").read_text(encoding="utf-8").splitlines())

    result = runner.invoke(cli, ["validate", str(seed_copy), "--format", "json"])
    assert result.exit_code == 1
    out = json.loads(result.output)
    got = sorted((e["table"], e["row"], e["column"]) for e in out["errors"])
    assert got == sorted(
        [
            ("partners", n_partner_rows, "id"),
            ("activiteiten", 11, "school"),
            ("activiteiten", 13, "schooljaar"),
            ("scholen", 7, "sector"),
            ("hubs", 1, "domein"),
        ]
    )
    values = {e["column"]: e["value"] for e in out["errors"]}
    assert values["school"] == "s-bestaat-niet"
    assert values["schooljaar"] == "2023-2025"
    assert values["sector"] == "basisschool"
    assert all(e["message"] for e in out["errors"])

    text = runner.invoke(cli, ["validate", str(seed_copy)])
    assert text.exit_code == 1
    assert "activiteiten.csv, rij 11, kolom 'school'" in text.output
    assert "ONGELDIG" in text.output
