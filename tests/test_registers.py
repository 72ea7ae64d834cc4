"""The DUO and LRK registers as extra inputs for scholen, on fixtures in their layouts."""

from __future__ import annotations

import json

from helpers import minimal_dataset

from lea_graph.cli import cli
from lea_graph.ingest import RegisterInput, read_dataset
from lea_graph.ingest.registers import read_postcodes

WIJKEN = "id,naam,pact\nw-1,Heikant,ja\nw-2,Quirijnstok,ja\n"


def dataset(tmp_path, scholen="id,naam,sector,wijk\ns-1,Basisschool A (voorbeeld),po,w-1\n"):
    return minimal_dataset(tmp_path / "ds", {"wijken.csv": WIJKEN, "scholen.csv": scholen})


def rows_by_id(report):
    return {r["id"]: r for r in report.dataset.rows("scholen")}


def test_postcode_file_accepts_pc4_and_pc6(fixtures):
    mapping, problems = read_postcodes(fixtures / "postcodes.csv")
    assert problems == []
    assert mapping == {"5041": "w-1", "5042CD": "w-2", "5043EF": "w-2"}


def test_duo_current_layout(tmp_path, fixtures):
    report = read_dataset(
        dataset(tmp_path),
        registers=[RegisterInput("duo", fixtures / "duo_vestigingen_po.csv")],
        postcodes=fixtures / "postcodes.csv",
    )
    assert report.ok, [p.to_text() for p in report.problems]
    rows = rows_by_id(report)
    assert set(rows) == {"s-1", "s-99XA00", "s-99XA01", "s-99XB00"}
    assert rows["s-99XA00"]["naam"] == "Testschool De Ééndracht"  # cp1252 decoded
    assert rows["s-99XA00"]["wijk"] == "w-1"  # via PC4 5041
    assert rows["s-99XA01"]["wijk"] == "w-2"  # via PC6 5042CD
    assert rows["s-99XB00"]["sector"] == "sbo"
    assert rows["s-99XA00"]["brin"] == "99XA"
    assert rows["s-99XA00"]["denominatie"] == "Rooms-Katholiek"
    assert rows["s-99XA00"]["bron"].startswith("DUO")
    skipped = [p for p in report.warnings if "overgeslagen" in p.message]
    assert len(skipped) == 1 and skipped[0].message.startswith("1 rijen")


def test_duo_old_layout_needs_a_sector(tmp_path, fixtures):
    duo = fixtures / "duo_vestigingen_vo_oud.csv"
    report = read_dataset(
        dataset(tmp_path),
        registers=[RegisterInput("duo", duo)],
        postcodes=fixtures / "postcodes.csv",
    )
    assert not report.ok
    assert any("sector" in p.message for p in report.errors)
    report = read_dataset(
        dataset(tmp_path),
        registers=[RegisterInput("duo", duo, "vo")],
        postcodes=fixtures / "postcodes.csv",
    )
    assert report.ok, [p.to_text() for p in report.problems]
    rows = rows_by_id(report)
    assert rows["s-99XD00"]["vestigingscode"] == "99XD00"
    assert rows["s-99XD01"]["sector"] == "vo"


def test_lrk_export(tmp_path, fixtures):
    report = read_dataset(
        dataset(tmp_path),
        registers=[RegisterInput("lrk", fixtures / "lrk_export.csv")],
        postcodes=fixtures / "postcodes.csv",
    )
    assert report.ok, [p.to_text() for p in report.problems]
    rows = rows_by_id(report)
    assert set(rows) == {"s-1", "s-lrk-900000001", "s-lrk-900000002", "s-lrk-900000003"}
    assert rows["s-lrk-900000003"]["sector"] == "peuteropvang"
    assert rows["s-lrk-900000001"]["sector"] == "kinderopvang"
    assert rows["s-lrk-900000001"]["kindplaatsen"] == "48"
    assert rows["s-lrk-900000001"]["lrk_nummer"] == "900000001"
    # No private data: childminders' homes are skipped, contact columns are not kept.
    names = {r["naam"] for r in rows.values()}
    assert "Gastouder thuisadres" not in names
    assert "contact_telefoon" not in report.dataset.columns("scholen")
    messages = " ".join(p.message for p in report.warnings)
    assert "gastouder" in messages and "ingeschreven" in messages and "postcode" in messages


def test_register_rows_already_in_scholen_are_not_added_twice(tmp_path, fixtures):
    scholen = "id,naam,sector,wijk,vestigingscode\ns-eigen,Eigen naam,po,w-1,99XA00\n"
    report = read_dataset(
        dataset(tmp_path, scholen),
        registers=[RegisterInput("duo", fixtures / "duo_vestigingen_po.csv")],
        postcodes=fixtures / "postcodes.csv",
    )
    assert report.ok
    assert "s-99XA00" not in rows_by_id(report)
    assert any("al in de tabel" in p.message for p in report.warnings)


def test_register_without_postcode_file(tmp_path, fixtures):
    report = read_dataset(
        dataset(tmp_path), registers=[RegisterInput("lrk", fixtures / "lrk_export.csv")]
    )
    assert not report.ok
    assert "postcodebestand" in report.errors[0].message


def test_postcode_mapped_to_unknown_wijk_is_reported_in_register_row(tmp_path, fixtures):
    pc = tmp_path / "pc.csv"
    pc.write_text("postcode,wijk\n5041,w-onbekend\n")
    report = read_dataset(
        dataset(tmp_path),
        registers=[RegisterInput("lrk", fixtures / "lrk_export.csv")],
        postcodes=pc,
    )
    assert not report.ok
    err = report.errors[0]
    assert (err.table, err.column, err.value, err.source) == (
        "scholen",
        "wijk",
        "w-onbekend",
        "lrk_export.csv",
    )
    assert err.row == 2  # the row in the LRK file a person can find


def test_cli_validate_with_registers(tmp_path, fixtures, runner):
    result = runner.invoke(
        cli,
        [
            "validate",
            str(dataset(tmp_path)),
            "--duo",
            str(fixtures / "duo_vestigingen_vo_oud.csv"),
            "--duo-sector",
            "vo",
            "--lrk",
            str(fixtures / "lrk_export.csv"),
            "--postcodes",
            str(fixtures / "postcodes.csv"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["counts"]["scholen"] == 1 + 2 + 3
