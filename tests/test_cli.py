"""The lea-graph command line, through click's runner and as a real subprocess."""

from __future__ import annotations

import filecmp
import json
import subprocess
import sys

import openpyxl
import pytest
from helpers import unplaced_only

from lea_graph import model
from lea_graph.cli import cli


def test_validate_seed_exits_zero(runner, seed_dir):
    result = runner.invoke(cli, ["validate", str(seed_dir)])
    assert result.exit_code == 0, result.output
    assert "GELDIG" in result.output


def test_validate_json_contract(runner, seed_dir):
    result = runner.invoke(cli, ["validate", str(seed_dir), "--format", "json"])
    data = json.loads(result.output)
    assert set(data) >= {"errors", "warnings", "counts"}
    assert data["errors"] == [] and data["valid"] is True
    assert data["counts"]["partners"] >= 60


def test_validate_missing_path(runner, tmp_path):
    result = runner.invoke(cli, ["validate", str(tmp_path / "nergens"), "--format", "json"])
    assert result.exit_code == 1
    assert "bestaat niet" in json.loads(result.output)["errors"][0]["message"]


def test_info_counts(runner, seed_dir, tilburg):
    result = runner.invoke(cli, ["info", str(seed_dir), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["nodes"]["partner"] == tilburg.counts()["partners"]
    assert data["edges"]["activiteiten"] == tilburg.counts()["activiteiten"]
    text = runner.invoke(cli, ["info"])  # no path: the shipped Tilburg network
    assert text.exit_code == 0 and "school ligt in wijk" in text.output


def test_info_on_invalid_data_fails_cleanly(runner, tmp_path):
    (tmp_path / "partners.csv").write_text("id,naam\n")
    result = runner.invoke(cli, ["info", str(tmp_path)])
    assert result.exit_code == 1
    assert "niet geldig" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "xlsx", "csv"])
def test_export_formats(runner, seed_dir, tmp_path, fmt):
    out = tmp_path / ("out" if fmt == "csv" else f"lea.{fmt}")
    result = runner.invoke(cli, ["export", str(seed_dir), "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists()
    if fmt in ("csv", "xlsx"):
        back = runner.invoke(cli, ["validate", str(out), "--format", "json"])
        assert back.exit_code == 0 and unplaced_only(json.loads(back.output)["warnings"])


def test_csv_export_reproduces_the_seed_files(runner, seed_dir, tmp_path):
    out = tmp_path / "out"
    runner.invoke(cli, ["export", str(seed_dir), "--format", "csv", "--out", str(out)])
    names = [f"{t}.csv" for t in model.TABLES]
    _match, mismatch, errors = filecmp.cmpfiles(seed_dir, out, names, shallow=False)
    assert mismatch == [] and errors == []


def test_template(runner, tmp_path):
    path = tmp_path / "invullen.xlsx"
    result = runner.invoke(cli, ["template", "--out", str(path)])
    assert result.exit_code == 0
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Uitleg", *model.TABLES]
    for name, spec in model.TABLES.items():
        header = [c.value for c in wb[name][1]]
        # Every column but the wijk boundary, which comes from a GeoJSON file; beside
        # each reference its reading aid with the name.
        expected = []
        for c in spec.columns:
            if c.type != "geojson":
                expected.append(c.name)
            if c.type == "ref":
                expected.append(model.naam_kolom(c.name))
        assert header == expected
    # The sector column's cells get a drop-down with the sectors.
    from openpyxl.utils import get_column_letter

    sector_col = [c.value for c in wb["scholen"][1]].index("sector")
    letter = get_column_letter(sector_col + 1)
    validations = wb["scholen"].data_validations.dataValidation
    sector = [dv for dv in validations if f"{letter}2" in str(dv.sqref).split(":")[0]]
    assert len(sector) == 1 and "kinderopvang" in sector[0].formula1
    assert all(value in sector[0].formula1 for value in model.ENUMS["sector"])
    # The empty template is itself a valid (empty) dataset.
    check = runner.invoke(cli, ["validate", str(path)])
    assert check.exit_code == 0, check.output
    assert runner.invoke(cli, ["template", "--out", str(tmp_path / "x.csv")]).exit_code != 0


def test_generate_is_deterministic_and_valid(runner, tmp_path):
    for name in ("a", "b"):
        result = runner.invoke(
            cli, ["generate", "--scale", "2", "--seed", "5", "--out", str(tmp_path / name)]
        )
        assert result.exit_code == 0, result.output
    names = [f"{t}.csv" for t in model.TABLES]
    _, mismatch, errors = filecmp.cmpfiles(tmp_path / "a", tmp_path / "b", names, shallow=False)
    assert mismatch == [] and errors == []
    check = runner.invoke(cli, ["validate", str(tmp_path / "a"), "--format", "json"])
    data = json.loads(check.output)
    assert check.exit_code == 0 and data["warnings"] == []
    assert data["counts"]["hubs"] == 12
    other = runner.invoke(
        cli, ["generate", "--scale", "1", "--seed", "6", "--out", str(tmp_path / "c")]
    )
    assert other.exit_code == 0
    assert not filecmp.cmp(tmp_path / "a" / "activiteiten.csv", tmp_path / "c" / "activiteiten.csv")


def test_committed_seed_is_the_generator_output(runner, seed_dir, tmp_path):
    result = runner.invoke(cli, ["generate", "--tilburg", "--out", str(tmp_path / "t")])
    assert result.exit_code == 0
    names = [f"{t}.csv" for t in model.TABLES] + [model.GEOMETRY_FILE]
    _, mismatch, errors = filecmp.cmpfiles(seed_dir, tmp_path / "t", names, shallow=False)
    assert mismatch == [] and errors == [], "run: lea-graph generate --tilburg --out seed/tilburg"


def test_console_script_runs_without_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "lea_graph.cli", "validate", str(tmp_path / "nergens")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
