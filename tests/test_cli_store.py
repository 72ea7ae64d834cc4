"""The store commands of the CLI: load, query, stats and --from-store, with the same
assertions on the real embedded FalkorDB and a real Neo4j."""

from __future__ import annotations

import filecmp
import json
import os

import pytest
from helpers import STORE_BACKENDS, need_neo4j

from lea_graph import model
from lea_graph.cli import cli


@pytest.fixture(params=STORE_BACKENDS)
def env(request, tmp_path):
    """The environment of a CLI call that uses one store (the Neo4j one shared)."""
    if request.param == "neo4j":
        need_neo4j()
        neo4j = {k: v for k, v in os.environ.items() if k.startswith("LEA_NEO4J_")}
        return {"LEA_DATA_DIR": str(tmp_path / "data"), "LEA_STORE": "neo4j", **neo4j}
    return {"LEA_DATA_DIR": str(tmp_path / "data"), "LEA_STORE": "embedded", "LEA_NEO4J_URI": ""}


@pytest.fixture
def empty_env(env, request, tmp_path):
    """The same store with nothing loaded: a new data directory, or an empty Neo4j."""
    if env["LEA_STORE"] == "neo4j":
        return {**env, **request.getfixturevalue("empty_neo4j").env}
    return {**env, "LEA_DATA_DIR": str(tmp_path / "leeg")}


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


def test_stats(runner, empty_env, loaded, tilburg):
    empty = runner.invoke(cli, ["stats"], env=empty_env)
    assert empty.exit_code == 0 and "nog geen netwerk" in empty.output
    data = json.loads(runner.invoke(cli, ["stats", "--format", "json"], env=loaded).output)
    assert data["loaded"] and data["nodes"]["wijk"] == tilburg.counts()["wijken"]
    assert data["backend"] == loaded["LEA_STORE"]
    text = runner.invoke(cli, ["stats"], env=loaded).output
    assert f"versie {data['version']} uit tilburg" in text and "activiteiten" in text


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


def test_from_store_when_empty(runner, empty_env):
    result = runner.invoke(cli, ["validate", "--from-store"], env=empty_env)
    assert result.exit_code != 0 and "nog geen netwerk" in result.output
    result = runner.invoke(cli, ["analyse", "--from-store"], env=empty_env)
    assert result.exit_code != 0 and "nog geen netwerk" in result.output


def test_analyse_from_store_is_the_report_of_the_files(runner, loaded, seed_dir):
    """What ``lea-graph analyse --from-store`` reports equals the report of the dataset
    itself: the store gives back the network that went in."""
    from_store = runner.invoke(cli, ["analyse", "--from-store", "--format", "json"], env=loaded)
    from_path = runner.invoke(cli, ["analyse", str(seed_dir), "--format", "json"], env=loaded)
    assert from_store.exit_code == 0 and from_path.exit_code == 0, from_store.output
    a, b = json.loads(from_store.output), json.loads(from_path.output)
    for key in ("gemaakt_op", "seconden"):  # when it ran and how long it took
        a.pop(key), b.pop(key)
    assert a == b and a["targets"]


def test_neo4j_without_configuration(runner, tmp_path):
    env = {"LEA_DATA_DIR": str(tmp_path), "LEA_STORE": "", "LEA_NEO4J_URI": ""}
    result = runner.invoke(cli, ["stats", "--store", "neo4j"], env=env)
    assert result.exit_code != 0
    assert "LEA_NEO4J_URI" in result.output
