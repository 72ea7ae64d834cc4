"""The Neo4j store, for production and for networks that outgrow one machine.

Configured by ``LEA_NEO4J_URI``, ``LEA_NEO4J_USER``, ``LEA_NEO4J_PASSWORD`` and
``LEA_NEO4J_DATABASE`` (default ``neo4j``). Reads run in READ sessions and read
transactions (so a cluster sends them to a reader), each with a time limit.

A staged load
-------------
Neo4j Community has one database, so a new network version is written beside the
current one, in batches of their own transactions (``cypher/staging/``):

1. the load lock (a ``:Laadslot`` node) is taken; leftovers of an interrupted load are
   removed;
2. the nodes of the new version are written with only the label ``Laden`` (their kind
   is a property), and their relationships between them. No query of the network sees
   them: every query starts from a labelled node of the current version, and the two
   versions share no relationship;
3. one transaction (``staging/wissel``) makes it current: the current nodes and Meta
   become ``Oud``, the new ones get their labels, the new Meta is written. Its size
   grows with the number of nodes only (labels change; no relationship is touched);
4. the ``Oud`` version is removed in batches, and the lock released.

A load that fails (or whose process or database dies) before step 3 leaves the current
network as it was; what it wrote under ``Laden`` is removed then, or by the next load.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from lea_graph import model, tijd
from lea_graph.cypher import statement
from lea_graph.errors import reason_of
from lea_graph.process import holder_gone, holder_token
from lea_graph.store.base import LOCK_TTL_MS, Progress, ReadResult, Store
from lea_graph.store.errors import (
    ForbiddenQuery,
    LoadFailed,
    StoreBusy,
    StoreError,
    StoreUnavailable,
    neo4j_message,
)
from lea_graph.store.guard import check_plan

__all__ = ["Neo4jStore"]

#: Rows per transaction when removing a version.
DELETE_BATCH = 10_000
#: How long a write of a load waits for Neo4j to come back before the load fails.
WRITE_RETRY_S = 3.0
#: How long a read waits for a load's switch to the new version to finish.
SWITCH_WAIT_S = 30.0
#: How long a switch mark counts: a load that died mid-switch blocks readers no longer.
SWITCH_MARK_MS = 120_000

_NODE_STATEMENTS = frozenset(f"load/{nk.kind}" for nk in model.NODE_KINDS)

#: The operators of Neo4j 5 plans that only read (``EXPLAIN``, ``summary.plan``, without
#: the ``@neo4j`` suffix): what the named queries of ``cypher/queries/`` and the store's
#: own reads are planned with, and the other scans, seeks, joins, expands, subquery
#: applies, sorts and aggregations a read can use. An allow-list: a free query whose plan
#: has any other step (``ProcedureCall``, ``LoadCSV``, ``ShowSettings``,
#: ``TerminateTransactions``, ``Create``, ``SetProperty``, ``Merge``, ``Delete``,
#: ``Foreach``, ``TransactionForeach``, ``EmptyResult``, an operator of a later Neo4j) is
#: refused before it runs (:func:`lea_graph.store.guard.check_plan`).
READ_OPERATORS = frozenset({
    # where rows come from
    "AllNodesScan", "Argument", "ArgumentTracker", "EmptyRow",
    "NodeByLabelScan", "NodeByIdSeek", "NodeByElementIdSeek",
    "NodeIndexSeek", "NodeUniqueIndexSeek", "NodeIndexSeekByRange",
    "NodeUniqueIndexSeekByRange", "NodeIndexScan", "NodeIndexContainsScan",
    "NodeIndexEndsWithScan", "MultiNodeIndexSeek", "AssertingMultiNodeIndexSeek",
    "IntersectionNodeByLabelsScan", "UnionNodeByLabelsScan", "SubtractionNodeByLabelsScan",
    "DirectedAllRelationshipsScan", "UndirectedAllRelationshipsScan",
    "DirectedRelationshipTypeScan", "UndirectedRelationshipTypeScan",
    "DirectedUnionRelationshipTypesScan", "UndirectedUnionRelationshipTypesScan",
    "DirectedRelationshipByIdSeek", "UndirectedRelationshipByIdSeek",
    "DirectedRelationshipByElementIdSeek", "UndirectedRelationshipByElementIdSeek",
    "DirectedRelationshipIndexSeek", "UndirectedRelationshipIndexSeek",
    "DirectedRelationshipUniqueIndexSeek", "UndirectedRelationshipUniqueIndexSeek",
    "DirectedRelationshipIndexSeekByRange", "UndirectedRelationshipIndexSeekByRange",
    "DirectedRelationshipIndexScan", "UndirectedRelationshipIndexScan",
    "DirectedRelationshipIndexContainsScan", "UndirectedRelationshipIndexContainsScan",
    "DirectedRelationshipIndexEndsWithScan", "UndirectedRelationshipIndexEndsWithScan",
    "NodeCountFromCountStore", "RelationshipCountFromCountStore",
    # following relationships and paths
    "Expand(All)", "Expand(Into)", "OptionalExpand(All)", "OptionalExpand(Into)",
    "VarLengthExpand(All)", "VarLengthExpand(Into)", "VarLengthExpand(Pruning)",
    "VarLengthExpand(Pruning,BFS,All)", "VarLengthExpand(Pruning,BFS,Into)",
    "ShortestPath", "StatefulShortestPath(All)", "StatefulShortestPath(Into)",
    "Repeat(Trail)", "Repeat(Walk)", "BidirectionalRepeat(Trail)", "NullifyMetadata",
    "ProjectEndpoints", "TriadicSelection", "TriadicBuild", "TriadicFilter",
    "AssertSameNode", "AssertSameRelationship",
    # combining rows, subqueries, EXISTS/COUNT/COLLECT, OPTIONAL MATCH, UNION
    "Apply", "SemiApply", "AntiSemiApply", "LetSemiApply", "LetAntiSemiApply",
    "SelectOrSemiApply", "SelectOrAntiSemiApply", "LetSelectOrSemiApply",
    "LetSelectOrAntiSemiApply", "ConditionalApply", "AntiConditionalApply", "RollUpApply",
    "Anti", "Optional", "CartesianProduct", "NodeHashJoin", "ValueHashJoin",
    "NodeLeftOuterHashJoin", "NodeRightOuterHashJoin", "Union", "OrderedUnion",
    # shaping the answer
    "ProduceResults", "Projection", "Filter", "Limit", "ExhaustiveLimit", "Skip", "Sort",
    "PartialSort", "Top", "PartialTop", "Distinct", "OrderedDistinct", "EagerAggregation",
    "OrderedAggregation", "Unwind", "CacheProperties", "Eager",
})  # fmt: skip


def _size(meta: dict[str, Any] | None, *, nodes_only: bool = False) -> int:
    """Rows of the network a Meta node describes (its ``aantallen``)."""
    if not meta or not meta.get("aantallen"):
        return 0
    counts = json.loads(meta["aantallen"])
    tables = [nk.table for nk in model.NODE_KINDS] if nodes_only else list(counts)
    return sum(counts.get(t, 0) for t in tables)


def _plain(value: Any) -> Any:
    """Turn Neo4j result values into plain Python values (as the embedded store does).

    ``_intern``, ``_van`` and ``_naar`` are element ids; a path becomes ``{"nodes", "edges"}``.
    """
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        props = dict(value)
        return {
            "id": props.get("id"),
            "labels": sorted(value.labels),
            "properties": props,
            "_intern": value.element_id,
        }
    if isinstance(value, Relationship):
        return {
            "type": value.type,
            "properties": dict(value),
            "_van": value.start_node.element_id if value.start_node is not None else None,
            "_naar": value.end_node.element_id if value.end_node is not None else None,
        }
    if isinstance(value, Path):
        return {
            "nodes": [_plain(n) for n in value.nodes],
            "edges": [_plain(r) for r in value.relationships],
        }
    return value


def _steps(plan: dict[str, Any]) -> Iterator[str]:
    """The operator names of an ``EXPLAIN`` plan (``summary.plan``), without ``@neo4j``."""
    yield plan["operatorType"].rsplit("@", 1)[0]
    for child in plan.get("children") or []:
        yield from _steps(child)


def _rows(result, limit: int | None = None) -> ReadResult:
    keys = list(result.keys())
    rows = []
    for record in result:
        rows.append([_plain(v) for v in record.values()])
        if limit is not None and len(rows) > limit:
            break
    result.consume()  # discards the rest
    return ReadResult(keys, rows)


def _now_ms() -> int:
    return int(time.time() * 1000)


def _version(rows: list[dict[str, Any]]) -> tuple[str | None] | None:
    """The version the rows of ``store/versie`` show, or None while a load switches.

    Switching: a switch mark that has not expired, or not exactly one Meta node (or
    none, when nothing is loaded).
    """
    if any(r["wissel_tot"] is not None and r["wissel_tot"] > _now_ms() for r in rows):
        return None
    versions = {r["versie"] for r in rows}
    return (versions.pop(),) if len(versions) == 1 else None


class Neo4jStore(Store):
    """The network in a Neo4j database.

    Parameters default to the ``LEA_NEO4J_*`` environment variables.
    """

    backend = "neo4j"

    def __init__(
        self,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
    ):
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError, DriverError, Neo4jError

        self.uri = uri or os.environ.get("LEA_NEO4J_URI", "")
        if not self.uri:
            raise StoreUnavailable("Zet LEA_NEO4J_URI om Neo4j te gebruiken.")
        user = user or os.environ.get("LEA_NEO4J_USER", "neo4j")
        password = password if password is not None else os.environ.get("LEA_NEO4J_PASSWORD", "")
        self.database = database or os.environ.get("LEA_NEO4J_DATABASE", "neo4j")
        self._auth = (user, password)
        self._left_locks: set[str] = set()
        self._replaced_size = 0
        try:
            self.driver = GraphDatabase.driver(
                self.uri,
                auth=(user, password),
                max_transaction_retry_time=WRITE_RETRY_S,
                connection_timeout=5.0,
                connection_acquisition_timeout=10.0,
                notifications_min_severity="OFF",
            )
        except (DriverError, ValueError) as exc:
            raise StoreUnavailable(f"Neo4j-adres {self.uri} is niet bruikbaar: {exc}") from exc
        try:
            self.driver.verify_connectivity()
        except AuthError as exc:
            self.driver.close()
            raise StoreUnavailable(
                f"Neo4j op {self.uri} weigert de gebruiker of het wachtwoord "
                "(LEA_NEO4J_USER, LEA_NEO4J_PASSWORD)."
            ) from exc
        except (DriverError, Neo4jError, OSError) as exc:
            self.driver.close()
            raise StoreUnavailable(
                f"Neo4j op {self.uri} is niet bereikbaar ({reason_of(exc)})."
            ) from exc

    def __reduce__(self):
        """Pickled as the settings that connect to the same database again (the console
        reads in a child process of its own: :mod:`lea_graph.store.sandbox`)."""
        return (Neo4jStore, (self.uri, *self._auth, self.database))

    # -- reading -------------------------------------------------------------------------

    def _read(self, cypher: str, params: dict[str, Any], timeout_ms: int) -> ReadResult:
        return self._read_together([(cypher, params)], timeout_ms)[0]

    def _read_together(
        self, statements: list[tuple[str, dict[str, Any]]], timeout_ms: int
    ) -> list[ReadResult]:
        """All statements in one read transaction, on one version (see :meth:`_consistent`)."""
        return self._consistent(
            lambda tx: [_rows(tx.run(cypher, params)) for cypher, params in statements],
            timeout_ms,
        )

    def _reading(self, work, timeout_ms: int):
        """The work's reads in one read transaction, on one version (:meth:`_consistent`)."""
        return self._consistent(
            lambda tx: work(lambda cypher, params: _rows(tx.run(cypher, params))), timeout_ms
        )

    def _read_untrusted(
        self, cypher: str, params: dict[str, Any], timeout_ms: int, max_rows: int
    ) -> ReadResult:
        """A free query that passed the guard, in one read transaction:

        first ``EXPLAIN`` it and refuse it unless every operator of Neo4j's own plan is
        a read (:data:`READ_OPERATORS`) and Neo4j calls it a read (``query_type ==
        "r"``), then run it, fetching at most ``max_rows + 1`` rows. The READ session
        and read transaction make Neo4j refuse any write as well.
        """

        from neo4j.exceptions import Neo4jError

        def work(tx):
            try:
                summary = tx.run("EXPLAIN\n" + cypher, params).consume()
            except Neo4jError as exc:  # its line numbers count from the line of EXPLAIN
                raise StoreError(neo4j_message(exc.code, exc.message, first_line=2)) from exc
            check_plan(_steps(summary.plan) if summary.plan else ["?"], READ_OPERATORS)
            if summary.query_type != "r":
                raise ForbiddenQuery(
                    "Deze vraag is geweigerd: Neo4j rekent haar niet tot de lezende vragen "
                    f"(soort '{summary.query_type}'). De console voert alleen lezende vragen uit."
                )
            return _rows(tx.run(cypher, params), limit=max_rows)

        return self._consistent(work, timeout_ms)

    def _consistent(self, work: Callable[[Any], Any], timeout_ms: int) -> Any:
        """Run ``work(tx)`` in a read transaction that saw exactly one network version.

        Neo4j reads are *read committed*: a read that runs while a large transaction is
        being applied can see part of it. So a load marks its switch (a ``:Wissel`` node,
        ``staging/wissel_begin``) before the switching transaction and removes the mark
        only after it has committed (``staging/wissel_einde``). A read checks the version
        and the mark before and after its statements; if a switch was under way at
        either moment or the version changed in between, it waits and runs again. After
        ``SWITCH_WAIT_S`` it gives up with :class:`StoreUnavailable` (a 503 page).
        """
        state = statement("store/versie").cypher
        deadline = time.monotonic() + SWITCH_WAIT_S

        def attempt(tx):
            before = _version(tx.run(state).data())
            if before is None:
                return False, None
            out = work(tx)
            return _version(tx.run(state).data()) == before, out

        while True:
            ok, out = self._in_read_transaction(attempt, timeout_ms)
            if ok:
                return out
            if time.monotonic() > deadline:
                raise StoreUnavailable(
                    "Het netwerk wordt op dit moment vervangen; probeer het over een ogenblik "
                    "opnieuw."
                )
            time.sleep(0.05)

    def _in_read_transaction(self, work: Callable[[Any], Any], timeout_ms: int) -> Any:
        """Run ``work`` in one read transaction of a READ session (routed to a reader).

        No waiting retries: when Neo4j cannot be reached, the page says so at once.
        """
        from neo4j import READ_ACCESS
        from neo4j.exceptions import DriverError, Neo4jError

        try:
            with (
                self.driver.session(database=self.database, default_access_mode=READ_ACCESS) as s,
                s.begin_transaction(timeout=timeout_ms / 1000) as tx,
            ):
                return work(tx)
        except StoreError:
            raise
        except Neo4jError as exc:
            raise StoreError(neo4j_message(exc.code, exc.message)) from exc
        except (DriverError, OSError) as exc:
            raise StoreUnavailable(f"Neo4j is niet bereikbaar ({exc}).") from exc

    # -- loading (see the module docstring) ------------------------------------------------

    def _write(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run the statement file ``name`` in a transaction of its own; return its rows."""
        st = statement(name)
        cypher, bound = st.cypher, st.bind(params)
        with self.driver.session(database=self.database) as s:
            return s.execute_write(lambda tx: [r.data() for r in tx.run(cypher, bound)])

    @contextlib.contextmanager
    def _load_lock(self) -> Iterator[Callable[[], None]]:
        """Hold the ``:Laadslot`` node, or raise :class:`StoreBusy`.

        The slot expires unless renewed; one left by a process that no longer runs, or by
        this process when the database died under it, is taken over at once.
        """
        from neo4j.exceptions import DriverError, Neo4jError

        token = holder_token()
        try:
            self._schema()
            held = self._write("staging/slot_lezen")
            stale = [
                h["houder"]
                for h in held
                if h["houder"] in self._left_locks or holder_gone(h["houder"] or "")
            ]
            got = self._write(
                "staging/slot_nemen",
                houder=token,
                nu=_now_ms(),
                tot=_now_ms() + LOCK_TTL_MS,
                vrij=stale,
            )
        except (DriverError, OSError) as exc:
            raise StoreUnavailable(f"Neo4j is niet bereikbaar ({exc}).") from exc
        except Neo4jError as exc:
            raise StoreError(neo4j_message(exc.code, exc.message)) from exc
        if not got:
            raise StoreBusy(
                "Er wordt al een netwerk geladen. Probeer het opnieuw als dat klaar is."
            )

        renewed = [time.monotonic()]

        def renew() -> None:  # a transaction of its own: at most every 30 s
            if time.monotonic() - renewed[0] > 30:
                self._write("staging/slot_verlengen", houder=token, tot=_now_ms() + LOCK_TTL_MS)
                renewed[0] = time.monotonic()

        try:
            yield renew
        finally:
            try:
                self._write("staging/slot_vrijgeven", houder=token)
            except Exception:
                self._left_locks.add(token)  # the database was gone; it may come back with it

    def _schema(self) -> None:
        """Constraints and indexes (each in a transaction of its own, as Neo4j requires)."""
        for stmt in statement("schema/neo4j").statements():
            self.driver.execute_query(stmt, database_=self.database)

    def _remove(self, which: str, progress: Progress | None = None, total: int = 0) -> int:
        """Remove the ``oud`` or ``laden`` version in batches; return how much went."""
        removed = 0
        for part in ("relaties", "knopen"):
            while True:
                rows = self._write(f"staging/{which}_{part}_wissen", aantal=DELETE_BATCH)
                n = rows[0]["verwijderd"] if rows else 0
                removed += n
                if progress and n:
                    progress("opruimen", removed, max(total, removed))
                if n < DELETE_BATCH:
                    break
        return removed

    def _begin_load(self) -> str:
        self._write("staging/wissel_einde")  # the mark of a switch that was interrupted
        self._remove("laden")  # an interrupted load's rows
        self._remove("oud")  # a replaced version whose removal was interrupted
        self._replaced_size = _size(self.meta())
        return f"neo4j-{tijd.file_stamp().replace('-', 'T')}-{os.urandom(3).hex()}"

    def _write_batch(self, version: str, name: str, rows: list[dict[str, Any]]) -> int:
        kind = name.removeprefix("load/")
        staged = "staging/knopen" if f"load/{kind}" in _NODE_STATEMENTS else f"staging/{kind}"
        got = self._write(staged, rows=rows)
        return got[0]["created"] if got else 0

    def _commit_load(self, version: str, meta: dict[str, Any]) -> None:
        """The one transaction that makes ``version`` current (``staging/wissel``)."""
        switch = statement("staging/wissel").statements()
        write_meta = statement("store/meta_schrijven").cypher
        expected = _size(meta, nodes_only=True)

        def work(tx):
            activated = 0
            for stmt in switch:
                activated += sum(r.get("geactiveerd", 0) for r in tx.run(stmt).data())
            if activated != expected:
                raise LoadFailed(
                    f"Omschakelen afgebroken: {activated} van {expected} knopen gevonden. "
                    "Het vorige netwerk is ongewijzigd."
                )
            tx.run(write_meta, meta=meta).consume()

        from neo4j.exceptions import DriverError, Neo4jError

        self._write("staging/wissel_begin", tot=_now_ms() + SWITCH_MARK_MS)
        with self.driver.session(database=self.database) as s:
            s.execute_write(work)
        # The new version is current now, whatever happens next: if the mark cannot be
        # removed, it expires (SWITCH_MARK_MS) and the next load removes it.
        with contextlib.suppress(DriverError, Neo4jError, OSError):
            self._write("staging/wissel_einde")

    def _abort_load(self, version: str) -> None:
        self._write("staging/wissel_einde")
        self._remove("laden")

    def _load_error(self, exc: BaseException) -> BaseException:
        from neo4j.exceptions import DriverError, Neo4jError

        if isinstance(exc, Neo4jError):
            return LoadFailed(
                f"Laden mislukt ({neo4j_message(exc.code, exc.message)}); "
                "het vorige netwerk is ongewijzigd."
            )
        if isinstance(exc, DriverError | OSError):
            return StoreUnavailable(
                f"Neo4j viel weg tijdens het laden; het vorige netwerk is ongewijzigd ({exc})."
            )
        return exc

    def _after_load(self, version: str, progress: Progress | None) -> None:
        """Remove the replaced version. If that is interrupted, the next load finishes it;
        the new network is current either way."""
        from neo4j.exceptions import DriverError, Neo4jError

        with contextlib.suppress(DriverError, Neo4jError, OSError):
            self._remove("oud", progress, self._replaced_size)

    # -- closing -------------------------------------------------------------------------

    def close(self) -> None:
        self.driver.close()
