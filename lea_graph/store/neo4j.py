"""The Neo4j store, for production and for networks that outgrow one machine.

Configured by ``LEA_NEO4J_URI``, ``LEA_NEO4J_USER``, ``LEA_NEO4J_PASSWORD`` and
``LEA_NEO4J_DATABASE`` (default ``neo4j``). Reads run with ``routing_=READ`` (so a
cluster sends them to a reader); a load replaces the network inside one write
transaction, so it is visible all at once or not at all.
"""

from __future__ import annotations

import os
import time
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
    StoreError,
    StoreUnavailable,
    load_batches,
    meta_props,
)

__all__ = ["Neo4jStore"]

_NODE_KINDS = {nk.kind for nk in model.NODE_KINDS}


def _plain(value: Any) -> Any:
    """Turn Neo4j result values into plain Python values (as the embedded store does).

    ``_intern``, ``_van`` and ``_naar`` are element ids; a path becomes ``{"nodes", "edges"}``.
    """
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
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


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
        from neo4j.exceptions import AuthError, ServiceUnavailable

        self.uri = uri or os.environ.get("LEA_NEO4J_URI", "")
        if not self.uri:
            raise StoreUnavailable("Zet LEA_NEO4J_URI om Neo4j te gebruiken.")
        user = user or os.environ.get("LEA_NEO4J_USER", "neo4j")
        password = password if password is not None else os.environ.get("LEA_NEO4J_PASSWORD", "")
        self.database = database or os.environ.get("LEA_NEO4J_DATABASE", "neo4j")
        self.driver = GraphDatabase.driver(self.uri, auth=(user, password))
        try:
            self.driver.verify_connectivity()
        except (ServiceUnavailable, AuthError, OSError) as exc:
            self.driver.close()
            raise StoreUnavailable(f"Neo4j op {self.uri} is niet bereikbaar: {exc}") from exc

    def _read(self, cypher: str, params: dict[str, Any], timeout_ms: int) -> ReadResult:
        from neo4j import Query, unit_of_work

        @unit_of_work(timeout=timeout_ms / 1000)
        def work(tx):
            result = tx.run(Query(cypher), params)
            keys = list(result.keys())
            rows = [[_plain(record[k]) for k in keys] for record in result]
            return ReadResult(keys, rows)

        return self._in_read_session(work)

    def _read_together(
        self, statements: list[tuple[str, dict[str, Any]]], timeout_ms: int
    ) -> list[ReadResult]:
        """All statements in one read transaction: a load (one write transaction)
        is seen entirely or not at all."""
        from neo4j import Query, unit_of_work

        @unit_of_work(timeout=timeout_ms / 1000)
        def work(tx):
            out = []
            for cypher, params in statements:
                result = tx.run(Query(cypher), params)
                keys = list(result.keys())
                out.append(
                    ReadResult(keys, [[_plain(record[k]) for k in keys] for record in result])
                )
            return out

        return self._in_read_session(work)

    def _in_read_session(self, work) -> Any:
        """Run ``work`` as a read transaction in a READ session (routed to a reader)."""
        from neo4j import READ_ACCESS
        from neo4j.exceptions import Neo4jError, ServiceUnavailable

        try:
            with self.driver.session(database=self.database, default_access_mode=READ_ACCESS) as s:
                return s.execute_read(work)
        except ServiceUnavailable as exc:
            raise StoreUnavailable(f"Neo4j is niet bereikbaar: {exc}") from exc
        except Neo4jError as exc:
            code = exc.code or ""
            if "TimedOut" in code or "Terminated" in code:
                raise StoreError("De vraag duurde te lang en is afgebroken.") from exc
            if "AccessMode" in code or "ForbiddenOnReadOnlyDatabase" in code:
                raise StoreError("Alleen lezende vragen zijn toegestaan.") from exc
            raise StoreError(f"Neo4j gaf een fout: {exc.message}") from exc

    def _read_untrusted(
        self, cypher: str, params: dict[str, Any], timeout_ms: int, max_rows: int
    ) -> ReadResult:
        """A free query that passed the guard, in one read transaction:

        first ``EXPLAIN`` it and refuse it unless Neo4j itself calls it a read
        (``query_type == "r"``), then run it, fetching at most ``max_rows + 1`` rows.
        The READ session and read transaction make Neo4j refuse any write as well.
        """
        from neo4j import Query, unit_of_work

        from lea_graph.store.guard import ForbiddenQuery

        @unit_of_work(timeout=timeout_ms / 1000)
        def work(tx):
            summary = tx.run(Query("EXPLAIN " + cypher), params).consume()
            if summary.query_type != "r":
                raise ForbiddenQuery(
                    "Deze vraag is geweigerd: Neo4j rekent haar niet tot de lezende vragen "
                    f"(soort '{summary.query_type}'). De console voert alleen lezende vragen uit."
                )
            result = tx.run(Query(cypher), params)
            keys = list(result.keys())
            rows = []
            for record in result:
                rows.append([_plain(record[k]) for k in keys])
                if len(rows) > max_rows:
                    break
            result.consume()  # discards the rest
            return ReadResult(keys, rows)

        return self._in_read_session(work)

    def load(
        self,
        dataset: Dataset,
        *,
        batch_size: int = 1000,
        progress: Progress | None = None,
        source: str = "",
    ) -> LoadReport:
        """Replace the network in one write transaction."""
        from neo4j.exceptions import Neo4jError, ServiceUnavailable

        started = time.perf_counter()
        batches = list(load_batches(dataset, batch_size))
        total = sum(len(rows) for _, rows in batches)
        version = time.strftime("neo4j-%Y%m%dT%H%M%S")
        for stmt in statement("schema/neo4j").statements():
            self.driver.execute_query(stmt, database_=self.database)
        counts = {"nodes": 0, "rels": 0}

        def replace(tx):
            counts.update(nodes=0, rels=0)
            for stmt in statement("store/wis_netwerk").statements():
                tx.run(stmt).consume()
            done = 0
            for stmt_name, rows in batches:
                created = tx.run(statement(stmt_name).cypher, rows=rows).single()["created"]
                if created != len(rows):
                    raise LoadFailed(
                        f"Laden afgebroken bij {stmt_name}: {created} van {len(rows)} rijen "
                        "aangemaakt. Het vorige netwerk is ongewijzigd."
                    )
                counts["nodes" if stmt_name.split("/")[1] in _NODE_KINDS else "rels"] += created
                done += len(rows)
                if progress:
                    progress(done, total)
            tx.run(
                statement("store/meta_schrijven").cypher, meta=meta_props(dataset, version, source)
            ).consume()

        try:
            with self.driver.session(database=self.database) as s:
                s.execute_write(replace)
        except ServiceUnavailable as exc:
            raise StoreUnavailable(
                f"Neo4j viel weg tijdens het laden; het vorige netwerk is ongewijzigd ({exc})."
            ) from exc
        except Neo4jError as exc:
            raise LoadFailed(
                f"Laden mislukt ({exc.message}); het vorige netwerk is ongewijzigd."
            ) from exc
        return LoadReport(counts["nodes"], counts["rels"], time.perf_counter() - started, version)

    def close(self) -> None:
        self.driver.close()
