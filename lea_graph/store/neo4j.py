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
    from neo4j.graph import Node, Relationship

    if isinstance(value, Node):
        props = dict(value)
        return {"id": props.get("id"), "labels": sorted(value.labels), "properties": props}
    if isinstance(value, Relationship):
        return {"type": value.type, "properties": dict(value)}
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
        from neo4j import READ_ACCESS, Query, unit_of_work
        from neo4j.exceptions import Neo4jError, ServiceUnavailable

        @unit_of_work(timeout=timeout_ms / 1000)
        def work(tx):
            result = tx.run(Query(cypher), params)
            keys = list(result.keys())
            rows = [[_plain(record[k]) for k in keys] for record in result]
            return ReadResult(keys, rows)

        try:
            with self.driver.session(database=self.database, default_access_mode=READ_ACCESS) as s:
                return s.execute_read(work)
        except ServiceUnavailable as exc:
            raise StoreUnavailable(f"Neo4j is niet bereikbaar: {exc}") from exc
        except Neo4jError as exc:
            raise StoreError(f"Neo4j gaf een fout: {exc.message}") from exc

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
