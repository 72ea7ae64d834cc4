"""The store commands of the CLI: load, query, stats and --from-store, on the real
embedded FalkorDB."""

from __future__ import annotations

import filecmp
import json

import pytest

from lea_graph import model
from lea_graph.cli import cli


@pytest.fixture
def env(tmp_path):
    return {"LEA_DATA_DIR": str(tmp_path / "data"), "LEA_STORE": "embedded", "LEA_NEO4J_URI": ""}


@pytest.fixture
def loaded(runner, seed_dir, env):
    result = runner.invoke(cli, ["load", str(seed_dir)], env=env)
    assert result.exit_code == 0, result.output
    return env


def test_load_reports_what_it_did(runner, seed_dir, env, tilburg):
    result = runner.invoke(cli, ["load", str(seed_dir)], env=env)
    assert result.exit_code == 0, result.output
    nodes = sum(tilburg.counts()[nk.table] for nk in model.NODE_KINDS)
    assert f"{nodes} knopen" in result.output and "per seconde" in result.output


def test_invalid_data_loads_nothing(runner, seed_copy, loaded):
    (seed_copy / "hubs.csv").write_text("id,naam\nh-1,Zonder domein\n", encoding="utf-8")
    before = runner.invoke(cli, ["stats", "--format", "json"], env=loaded).output
    result = runner.invoke(cli, ["load", str(seed_copy)], env=loaded)
    assert result.exit_code == 1
    assert "niets gedaan" in result.output and "domein" in result.output
    assert runner.invoke(cli, ["stats", "--format", "json"], env=loaded).output == before


def test_stats(runner, env, loaded, tilburg):
    empty = runner.invoke(cli, ["stats"], env={**env, "LEA_DATA_DIR": env["LEA_DATA_DIR"] + "2"})
    assert "nog geen netwerk" in empty.output
    data = json.loads(runner.invoke(cli, ["stats", "--format", "json"], env=loaded).output)
    assert data["loaded"] and data["nodes"]["wijk"] == tilburg.counts()["wijken"]
    text = runner.invoke(cli, ["stats"], env=loaded).output
    assert "versie lea_v1" in text and "activiteiten" in text


def test_query_formats(runner, loaded):
    table = runner.invoke(cli, ["query", "zoeken", "-p", "term=factorium"], env=loaded)
    assert table.exit_code == 0 and "p-factorium" in table.output
    as_json = runner.invoke(
        cli, ["query", "hub_partners", "-p", "hub=h-natuur", "--format", "json"], env=loaded
    )
    rows = json.loads(as_json.output)
    assert "p-natuurmuseum" in {r["partner"] for r in rows}
    as_csv = runner.invoke(cli, ["query", "geisoleerde_partners", "--format", "csv"], env=loaded)
    assert as_csv.output.splitlines()[0] == "partner,partner_naam,partner_type,activiteiten"
    listed = runner.invoke(cli, ["query", "--list"], env=loaded)
    assert "wie_doet_wat" in listed.output and "--param wijk=" in listed.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "bestaat_niet"], "Onbekende vraag"),
        (["query", "wie_doet_wat"], "ontbreekt"),
        (["query", "zoeken", "-p", "term"], "naam=waarde"),
        (["query", "zoeken", "-p", "term=x", "-p", "limit=veel"], "heel getal"),
    ],
)
def test_query_mistakes_get_dutch_messages(runner, loaded, args, message):
    result = runner.invoke(cli, args, env=loaded)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_from_store(runner, loaded, seed_dir, tmp_path):
    assert runner.invoke(cli, ["validate", "--from-store"], env=loaded).exit_code == 0
    info = runner.invoke(cli, ["info", "--from-store", "--format", "json"], env=loaded)
    assert json.loads(info.output)["path"] == "de opslag"
    out = tmp_path / "uit"
    result = runner.invoke(
        cli, ["export", "--from-store", "--format", "csv", "--out", str(out)], env=loaded
    )
    assert result.exit_code == 0, result.output
    names = [f"{t}.csv" for t in model.TABLES]
    _, mismatch, errors = filecmp.cmpfiles(seed_dir, out, names, shallow=False)
    assert mismatch == [] and errors == []  # the store gives back exactly what went in


def test_from_store_when_empty(runner, env):
    result = runner.invoke(cli, ["validate", "--from-store"], env=env)
    assert result.exit_code != 0 and "nog geen netwerk" in result.output


def test_neo4j_without_configuration(runner, seed_dir, env):
    result = runner.invoke(cli, ["stats", "--store", "neo4j"], env=env)
    assert result.exit_code != 0
    assert "LEA_NEO4J_URI" in result.output
