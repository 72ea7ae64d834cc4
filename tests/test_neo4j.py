"""The project's own Neo4j (``scripts/neo4j-local.sh``) and what is particular to Neo4j:
start, status and stop; data that survive a restart and a SIGKILL; the first start of
the explorer on an empty Neo4j; a load whose database or loader is killed half-way; and
Neo4j's staged-load statements, which run on the embedded FalkorDB as well.

Each test that stops or kills a Neo4j starts one of its own (``LocalNeo4j``), so the
shared one of the test session is never disturbed.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time

import networkx as nx
import pytest
from helpers import (
    NEO4J_LOCAL,
    STORE_BACKENDS,
    TINY,
    LocalNeo4j,
    close_app,
    make_app,
    need_neo4j,
    neo4j_can_start,
)

from lea_graph.cypher import statement
from lea_graph.dataset import Dataset
from lea_graph.graph import to_graph
from lea_graph.process import alive
from lea_graph.store import StoreUnavailable
from lea_graph.store.base import graph_from_rows, load_batches, meta_props


@pytest.fixture
def own(tmp_path):
    """A Neo4j of this test's own, in an empty directory (stopped afterwards)."""
    neo4j_can_start()
    db = LocalNeo4j(tmp_path / "neo4j")
    yield db
    db.stop()


def _launchers(folder) -> list[int]:
    """Pids of the project's Neo4j launcher running for ``folder``."""
    from helpers import _stray_servers

    return _stray_servers(folder)


# -- the script --------------------------------------------------------------------------------


def test_start_prints_settings_that_eval_takes(own):
    env = own.start()
    assert env["LEA_NEO4J_URI"].startswith("bolt://127.0.0.1:")
    assert env["LEA_NEO4J_USER"] == "neo4j" and env["LEA_NEO4J_DATABASE"] == "neo4j"
    assert len(env["LEA_NEO4J_PASSWORD"]) >= 24
    # The lines are for eval: a shell that evaluates them has the settings exported.
    shown = subprocess.run(
        ["bash", "-c", f'eval "$({NEO4J_LOCAL} start {own.folder})"; env'],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for name, value in env.items():
        assert f"{name}={value}\n" in shown
    # The password is the directory's own, readable only by its owner.
    password_file = own.folder / "run" / "password"
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert stat.S_IMODE((own.folder / "run").stat().st_mode) == 0o700
    # Authentication is on: the password opens it, another one does not.
    with own.store() as store:
        assert store.stats()["loaded"] is False
    from lea_graph.store.neo4j import Neo4jStore

    with pytest.raises(StoreUnavailable, match="wachtwoord"):
        Neo4jStore(env["LEA_NEO4J_URI"], "neo4j", "niet-het-wachtwoord")


def test_status_start_again_and_stop(own):
    assert own.status().startswith("gestopt")
    assert own._script("status").returncode == 3
    env = own.start()
    status = own.status()
    assert status.startswith("actief") and env["LEA_NEO4J_URI"] in status
    pid = own.pid()
    assert pid and alive(pid) and _launchers(own.folder) == [pid]
    # A second start joins the running one: same process, same settings.
    assert own.start() == env and own.pid() == pid
    own.stop()
    assert not alive(pid) and _launchers(own.folder) == []
    assert own.status().startswith("gestopt")
    own.stop()  # stopping a stopped one is fine


def test_data_survive_a_restart_and_a_sigkill(own):
    own.start()
    with own.store() as store:
        version = store.load(Dataset.from_rows(TINY), source="overleeft").version
        before = store.stats()
    own.stop()
    env = own.start()
    with own.store() as store:
        assert store.stats() == before
    killed = own.kill()
    assert own.status().startswith("gestopt")
    # Started again on the same directory: the same port and password, the same network.
    assert own.start() == env and own.pid() != killed
    with own.store() as store:
        assert store.stats() == before and before["version"] == version


def test_a_first_start_on_an_empty_neo4j_loads_tilburg_and_says_so(own, tmp_path, monkeypatch):
    for name, value in own.start().items():
        monkeypatch.setenv(name, value)
    app = make_app(tmp_path / "data", STORE="neo4j")
    try:
        html = app.test_client().get("/").get_data(as_text=True)
        assert "Tilburgse voorbeeldnetwerk" in html and "was leeg" in html
        assert app.test_client().get("/wijk/w-heikant").status_code == 200
    finally:
        close_app(app)


# -- loads that are killed half-way, through the command line ---------------------------------


def _cli(args: list[str], env: dict[str, str], **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "lea_graph.cli", *args],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    proc = _cli(args, env)
    out, err = proc.communicate(timeout=600)
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


def _stats(env) -> dict:
    result = _run(["stats", "--format", "json"], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def big_network(tmp_path_factory):
    """A generated network of 20 gemeenten as CSV files (long enough to kill a load)."""
    out = tmp_path_factory.mktemp("twintig")
    result = _run(["generate", "--scale", "20", "--out", str(out)], {})
    assert result.returncode == 0, result.stderr
    return out


def _wait_for_progress(proc: subprocess.Popen) -> None:
    """Read the loader's progress lines until a tenth of the rows is written."""
    seen = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        seen.append(line)
        if line.startswith("Laden: 10%"):
            return
        if not line and proc.poll() is not None:
            break
    raise AssertionError(f"no progress from the loader: {''.join(seen)[-800:]}")


def test_neo4j_killed_during_a_cli_load_loses_nothing(own, seed_dir, big_network, tmp_path):
    """The issue's promise: SIGKILL Neo4j in the middle of ``lea-graph load``; after
    ``start`` again, ``lea-graph stats --store neo4j`` shows the network from before."""
    env = {**own.start(), "LEA_STORE": "neo4j", "LEA_DATA_DIR": str(tmp_path / "data")}
    assert _run(["load", str(seed_dir)], env).returncode == 0
    before = _stats(env)
    loader = _cli(["load", str(big_network)], env)
    _wait_for_progress(loader)
    own.kill()
    out, err = loader.communicate(timeout=120)
    assert loader.returncode != 0
    assert "ongewijzigd" in err and "Traceback" not in err + out
    own.start()
    assert _stats(env) == before
    # The next load clears what the interrupted one left and succeeds.
    again = _run(["load", str(seed_dir)], env)
    assert again.returncode == 0, again.stderr
    after = _stats(env)
    assert after["version"] != before["version"]
    assert (after["nodes"], after["edges"]) == (before["nodes"], before["edges"])


@pytest.mark.parametrize("backend", STORE_BACKENDS)
def test_a_killed_loader_leaves_the_network_and_frees_the_lock(
    backend, seed_dir, big_network, tmp_path
):
    """SIGKILL the ``lea-graph load`` process itself: the network stays, and the next
    load takes over the lock of the dead process at once and succeeds."""
    if backend == "neo4j":
        need_neo4j()
        db = {k: v for k, v in os.environ.items() if k.startswith("LEA_NEO4J_")}
    else:
        db = {"LEA_NEO4J_URI": ""}
    env = {**db, "LEA_STORE": backend, "LEA_DATA_DIR": str(tmp_path / "data")}
    assert _run(["load", str(seed_dir)], env).returncode == 0
    before = _stats(env)
    loader = _cli(["load", str(big_network)], env)
    _wait_for_progress(loader)
    loader.send_signal(signal.SIGKILL)
    loader.communicate(timeout=30)
    assert _stats(env) == before
    again = _run(["load", str(seed_dir)], env)
    assert again.returncode == 0, again.stderr
    assert "al een netwerk geladen" not in again.stderr
    assert _stats(env)["nodes"] == before["nodes"]


# -- the staged-load statements are portable ------------------------------------------------


def test_staged_load_statements_run_on_falkordb_too(tmp_path):
    """Neo4j's staged load (cypher/staging/) is plain openCypher: run step by step on the
    embedded FalkorDB, in a graph of its own, it gives the same network as a load."""
    from lea_graph.store.embedded import EmbeddedStore

    tiny = Dataset.from_rows(TINY)
    with EmbeddedStore(tmp_path / "data") as store:
        graph = store.db.select_graph("staging_proef")

        def run(name: str, **params):
            st = statement(name)
            return [list(row) for row in graph.query(st.cypher, st.bind(params)).result_set]

        for stmt in statement("schema/falkordb").statements():
            graph.query(stmt)
        graph.query("CREATE INDEX FOR (n:Laden) ON (n.id)")
        for version in ("eerste", "tweede"):  # the second replaces the first
            taken = run("staging/slot_nemen", houder=version, nu=1, tot=10**13, vrij=[])
            assert taken == [[version]]
            assert run("staging/slot_nemen", houder="ander", nu=1, tot=10**13, vrij=[]) == []
            assert run("staging/slot_verlengen", houder=version, tot=10**13) == [[1]]
            for name, rows in load_batches(tiny, 7):
                kind = name.removeprefix("load/")
                staged = f"staging/{kind}" if kind in _edge_kinds() else "staging/knopen"
                assert run(staged, rows=rows) == [[len(rows)]], name
            run("staging/wissel_begin", tot=10**13)
            for stmt in statement("staging/wissel").statements():
                graph.query(stmt)
            run("store/meta_schrijven", meta=meta_props(tiny, version))
            assert run("staging/wissel_einde") == [[1]]
            for part in ("relaties", "knopen"):
                run(f"staging/oud_{part}_wissen", aantal=1000)
                assert run(f"staging/oud_{part}_wissen", aantal=1000) == [[0]]
            assert run("staging/slot_vrijgeven", houder=version) == [[1]]
            meta = graph.query(statement("store/meta_lezen").cypher).result_set
            nodes = graph.query(statement("store/export_knopen").cypher).result_set
            edges = graph.query(statement("store/export_relaties").cypher).result_set
            got = graph_from_rows(
                [{"id": i, "props": p} for i, p in nodes],
                [{"source": a, "target": b, "props": p} for a, b, p in edges],
                meta[0][0],
            )
            assert len(meta) == 1 and meta[0][0]["versie"] == version
            assert nx.utils.graphs_equal(got, to_graph(tiny))
        # An unfinished load is removed by the laden_* statements.
        run("staging/knopen", rows=[{"id": "x", "props": {"kind": "partner"}}])
        run("staging/laden_relaties_wissen", aantal=10)
        assert run("staging/laden_knopen_wissen", aantal=10) == [[1]]
        graph.delete()


def _edge_kinds() -> set[str]:
    from lea_graph import model

    return set(model.EDGE_KINDS)
