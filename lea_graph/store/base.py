"""The store protocol the CLI, analytics and web use, and what both backends share.

A store holds exactly one network at a time. :meth:`Store.load` replaces it as a
whole: readers see the old network or the new one, never a mix, and a load that fails
leaves the old one as it was. Queries are the named files of ``cypher/queries/``; the
results are plain Python values (dicts, lists, str, int, float, bool, None).
"""

from __future__ import annotations

import contextlib
import json
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import networkx as nx

from lea_graph import model, tijd
from lea_graph.cypher import named_queries, statement
from lea_graph.dataset import Dataset
from lea_graph.store.errors import LoadFailed, StoreBusy
from lea_graph.store.guard import check_params, check_read_only, without_final_semicolon
from lea_graph.text import fold

T = TypeVar("T")

__all__ = [
    "CUT",
    "DERIVED_PROPERTIES",
    "LoadReport",
    "LoadSlot",
    "Progress",
    "ReadResult",
    "Store",
    "bounded",
    "load_batches",
    "meta_props",
]

#: Properties the store adds for its own use (search, row order); not part of the data.
DERIVED_PROPERTIES = ("zoeknaam", "rij")

#: Default time limit for a named query, in milliseconds.
QUERY_TIMEOUT_MS = 10_000

#: ``progress(phase, done, total)``: ``phase`` is ``"laden"`` (rows written),
#: ``"omschakelen"`` (the new network becomes current) or ``"opruimen"`` (the previous
#: version is removed, for stores that keep both in one database).
Progress = Callable[[str, int, int], None]

#: A load lock expires unless the load renews it (after every batch), so that a load
#: whose process or database died cannot block the next one for long.
LOCK_TTL_MS = 10 * 60 * 1000


@dataclass
class LoadReport:
    """What a successful load did."""

    nodes: int
    relationships: int
    seconds: float
    version: str

    @property
    def rows_per_second(self) -> float:
        return (self.nodes + self.relationships) / self.seconds if self.seconds else 0.0


@dataclass
class ReadResult:
    """The result of a free read-only query: columns, rows, and whether rows were left
    off (``truncated``: more than the row cap) or the answer was cut at its size cap
    (``cut``: see :func:`bounded`)."""

    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    truncated: bool = False
    cut: bool = False

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


#: What a list or text cut at the size cap ends with.
CUT = "…"


def _fit(value: Any, left: int) -> tuple[Any, int, bool]:
    """``value`` within about ``left`` bytes of text: (what fits, bytes, whether cut).

    Sizes are those of the value written as text (a string's UTF-8 bytes and quotes,
    a number's digits, a list's or map's parts and separators; a node or relationship
    is the map it is). A list or map keeps the parts that fit, the last one cut, and a
    cut text ends with :data:`CUT`; a number that does not fit becomes :data:`CUT`.
    """
    if isinstance(value, str):
        size = len(value.encode()) + 2
        if size <= left:
            return value, size, False
        kept = value.encode()[: max(0, left - 3)].decode(errors="ignore")
        return kept + CUT, left, True
    if isinstance(value, list | dict):
        parts = value.items() if isinstance(value, dict) else enumerate(value)
        out: Any = {} if isinstance(value, dict) else []
        used = 2
        for key, part in parts:
            label = len(key.encode()) + 4 if isinstance(key, str) else 2
            kept, size, cut = _fit(part, left - used - label)
            if isinstance(out, dict):
                out[key] = kept
            else:
                out.append(kept)
            used += label + size
            if cut:
                return out, used, True
        return out, used, False
    size = len(str(value))
    return (value, size, False) if size <= left else (CUT, 1, True)


def bounded(rows: list[list[Any]], max_bytes: int) -> tuple[list[list[Any]], bool]:
    """The rows that fit in ``max_bytes`` of text, and whether the answer was cut.

    The rows are taken in order; the cell where the cap is reached keeps its beginning
    (:func:`_fit`), the rest of that row becomes :data:`CUT` and later rows are left off.
    """
    out: list[list[Any]] = []
    used = 0
    for row in rows:
        kept = []
        for cell in row:
            value, size, cut = _fit(cell, max_bytes - used)
            kept.append(value)
            used += size
            if cut:
                out.append(kept + [CUT] * (len(row) - len(kept)))
                return out, True
        out.append(kept)
    return out, False


# -- what goes into a store ----------------------------------------------------------------


def _typed(table: str, column: str, value: str) -> Any:
    col = next((c for c in model.TABLES[table].columns if c.name == column), None)
    return int(value) if col is not None and col.type == "int" else value


def load_batches(dataset: Dataset, batch_size: int) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Yield ``(load statement name, rows)`` in load order: nodes, then relationships.

    Node rows are ``{"id", "props"}``; relationship rows ``{"source", "target", "props"}``.
    Every item carries ``kind`` and its row number ``rij``, so that two identical
    relationship rows stay two relationships and every table comes back in its order.
    """

    def chunks(name: str, rows: list[dict[str, Any]]):
        for i in range(0, len(rows), batch_size):
            yield name, rows[i : i + batch_size]

    for nk in model.NODE_KINDS:
        rows = []
        for i, r in enumerate(dataset.rows(nk.table)):
            props = {c: _typed(nk.table, c, v) for c, v in r.items() if c != "id" and v != ""}
            props["kind"] = nk.kind
            props["rij"] = i
            props["zoeknaam"] = fold(r.get("naam", ""))
            rows.append({"id": r["id"], "props": props})
        yield from chunks(f"load/{nk.kind}", rows)
    for link in model.LINKS:
        rows = [
            {"source": r["id"], "target": r[link.column], "props": {"kind": link.kind}}
            for r in dataset.rows(link.table)
            if r.get(link.column)
        ]
        yield from chunks(f"load/{link.kind}", rows)
    for rel in model.RELATIONS:
        ends = (rel.source, rel.target)
        rows = []
        for i, r in enumerate(dataset.rows(rel.table)):
            props = {c: _typed(rel.table, c, v) for c, v in r.items() if c not in ends and v != ""}
            props["kind"] = rel.kind
            props["rij"] = i
            rows.append({"source": r[rel.source], "target": r[rel.target], "props": props})
        yield from chunks(f"load/{rel.kind}", rows)


def meta_props(dataset: Dataset, version: str, source: str = "") -> dict[str, Any]:
    """The properties of the one ``:Meta`` node that describes the loaded network."""
    counts = dataset.counts()
    return {
        "id": "meta",
        "versie": version,
        "bron": source,
        "geladen_op": tijd.stamp(),
        "kolommen": json.dumps({t: dataset.columns(t) for t in model.TABLES}),
        "aantallen": json.dumps(counts),
    }


def graph_from_rows(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]], meta: dict[str, Any] | None
) -> nx.MultiDiGraph:
    """Rebuild the network graph (as :func:`lea_graph.graph.to_graph` makes it) from a store."""
    g = nx.MultiDiGraph()
    if meta and meta.get("kolommen"):
        g.graph["columns"] = json.loads(meta["kolommen"])
    kind_order = {nk.kind: i for i, nk in enumerate(model.NODE_KINDS)}
    nodes = sorted(
        nodes, key=lambda n: (kind_order.get(n["props"].get("kind"), 99), n["props"].get("rij", 0))
    )
    for row in nodes:
        props = {k: v for k, v in row["props"].items() if k not in ("id", *DERIVED_PROPERTIES)}
        g.add_node(row["id"], **props)
    relation_kinds = {r.kind for r in model.RELATIONS}
    ordered = sorted(edges, key=lambda e: (e["props"].get("kind", ""), e["props"].get("rij", -1)))
    for row in ordered:
        props = dict(row["props"])
        kind = props.get("kind", "")
        rij = props.pop("rij", None)
        key = f"{kind}:{rij}" if kind in relation_kinds else kind
        g.add_edge(row["source"], row["target"], key=key, **props)
    return g


class Reads:
    """The named queries of one :meth:`Store.reading`: ``query(name, **params)``."""

    def __init__(self, read: Callable[[str, dict[str, Any]], ReadResult]) -> None:
        self._read = read

    def query(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run a named query from ``cypher/queries/`` (as :meth:`Store.query`)."""
        queries = named_queries()
        if name not in queries:
            raise KeyError(name)
        st = queries[name]
        return self._read(st.cypher, st.bind(params)).dicts()


class LoadSlot:
    """The load lock of a store, held (:meth:`Store.load_slot`): the one way to load."""

    def __init__(self, store: Store, renew: Callable[[], None]) -> None:
        self.store = store
        self.renew = renew

    def load(
        self,
        dataset: Dataset,
        *,
        batch_size: int = 1000,
        progress: Progress | None = None,
        source: str = "",
        **extra_meta: Any,
    ) -> LoadReport:
        """Replace the whole network by ``dataset``, atomically.

        The rows go to the store in batches of ``batch_size`` (:func:`load_batches`),
        each checked: a batch that creates fewer items than it has rows (a reference to
        an unknown id) stops the load. The new network becomes current in one step at
        the end; until then readers see the previous one, and a load that fails (or
        whose database dies) leaves the previous one as it was.

        ``source`` says where the data came from (a file name, "upload", ...); it is
        kept with the network and shown to users. ``extra_meta`` is kept with it too
        (plain values), e.g. the id of the recorded load (:mod:`lea_graph.loading`).

        Raises
        ------
        LoadFailed, StoreUnavailable
            If the load stopped; the message says the previous network is unchanged.
        """
        return self.store._load_held(
            dataset,
            self.renew,
            batch_size=batch_size,
            progress=progress,
            source=source,
            extra_meta=extra_meta,
        )


class Store(ABC):
    """A graph database holding one LEA network."""

    backend: str = ""

    # -- loading: one loop for both stores ----------------------------------------------

    def load(
        self,
        dataset: Dataset,
        *,
        batch_size: int = 1000,
        progress: Progress | None = None,
        source: str = "",
    ) -> LoadReport:
        """Replace the whole network by ``dataset``, atomically (:meth:`LoadSlot.load`).

        Raises
        ------
        StoreBusy
            If another load is running.
        LoadFailed, StoreUnavailable
            If the load stopped; the message says the previous network is unchanged.
        """
        with self.load_slot() as slot:
            return slot.load(dataset, batch_size=batch_size, progress=progress, source=source)

    @contextlib.contextmanager
    def load_slot(self, wait_s: float = 0.0) -> Iterator[LoadSlot]:
        """Hold the one load lock of this database while the block runs.

        Whatever the block reads while it holds the slot stays current until it loads:
        no other load (of this or another process) can come between. That is what makes
        a load that depends on the current network a compare-and-swap.

        Parameters
        ----------
        wait_s
            How long to wait for a load of someone else to finish (0: not at all).

        Raises
        ------
        StoreBusy
            If another load still holds the lock after ``wait_s`` seconds.
        """
        deadline = time.monotonic() + wait_s
        pause = 0.05
        with contextlib.ExitStack() as held:
            while True:
                try:
                    renew = held.enter_context(self._load_lock())
                    break
                except StoreBusy:
                    if time.monotonic() + pause > deadline:
                        raise
                    time.sleep(pause)
                    pause = min(pause * 2, 0.5)
            yield LoadSlot(self, renew)

    def _load_held(
        self,
        dataset: Dataset,
        renew: Callable[[], None],
        *,
        batch_size: int,
        progress: Progress | None,
        source: str,
        extra_meta: dict[str, Any],
    ) -> LoadReport:
        """The load itself, with the load lock held (see :meth:`LoadSlot.load`)."""
        started = time.perf_counter()
        batches = list(load_batches(dataset, batch_size))
        total = sum(len(rows) for _, rows in batches)
        node_statements = {f"load/{nk.kind}" for nk in model.NODE_KINDS}
        version = self._begin_load()
        nodes = rels = done = 0
        try:
            for name, rows in batches:
                created = self._write_batch(version, name, rows)
                if created != len(rows):
                    raise LoadFailed(
                        f"Laden afgebroken bij {name}: {created} van {len(rows)} rijen "
                        "aangemaakt (een verwijzing naar een onbekend id?). "
                        "Het vorige netwerk is ongewijzigd."
                    )
                if name in node_statements:
                    nodes += created
                else:
                    rels += created
                done += len(rows)
                renew()
                if progress:
                    progress("laden", done, total)
            if progress:
                progress("omschakelen", 0, 1)
            self._commit_load(version, {**meta_props(dataset, version, source), **extra_meta})
        except BaseException as exc:
            with contextlib.suppress(Exception):
                self._abort_load(version)
            error = self._load_error(exc)
            if error is exc:
                raise
            raise error from exc
        if progress:
            progress("omschakelen", 1, 1)
        self._after_load(version, progress)
        return LoadReport(nodes, rels, time.perf_counter() - started, version)

    @abstractmethod
    def _load_lock(self) -> contextlib.AbstractContextManager[Callable[[], None]]:
        """Hold the one load lock of this database, or raise :class:`StoreBusy`.

        The context gives a function that renews the lock (called after every batch).
        """

    @abstractmethod
    def _begin_load(self) -> str:
        """Prepare an empty place for a new network version and return its name."""

    @abstractmethod
    def _write_batch(self, version: str, name: str, rows: list[dict[str, Any]]) -> int:
        """Write one batch of the load statement ``name``; return how many items it made."""

    @abstractmethod
    def _commit_load(self, version: str, meta: dict[str, Any]) -> None:
        """Write the ``:Meta`` node and make ``version`` the current network, in one step."""

    @abstractmethod
    def _abort_load(self, version: str) -> None:
        """Remove what an unfinished load of ``version`` wrote (may fail if the store died)."""

    def _load_error(self, exc: BaseException) -> BaseException:
        """The error to raise for ``exc`` from a failed load (the store's own in Dutch)."""
        return exc

    def _after_load(self, version: str, progress: Progress | None) -> None:  # noqa: B027
        """Work after the switch: remove older versions, wait until it is on disk."""

    # -- reading: to implement --------------------------------------------------------

    @abstractmethod
    def _read(self, cypher: str, params: dict[str, Any], timeout_ms: int) -> ReadResult:
        """Run a read-only statement on the current network."""

    @abstractmethod
    def _read_together(
        self, statements: list[tuple[str, dict[str, Any]]], timeout_ms: int
    ) -> list[ReadResult]:
        """Run several read-only statements on one and the same version of the network.

        A load that finishes between two of them must not mix versions (nodes of the
        old network with relationships of the new one).
        """

    @abstractmethod
    def _reading(self, work: Callable[[Callable[[str, dict[str, Any]], ReadResult]], T],
                 timeout_ms: int) -> T:  # fmt: skip
        """``work(read)`` where ``read(cypher, params)`` runs a read-only statement, every
        one of them on one and the same version of the network (the work may run again
        when a load switched meanwhile: it must only read)."""

    @abstractmethod
    def close(self) -> None:
        """Release connections (and, for the embedded store, maybe the server)."""

    # -- shared ------------------------------------------------------------------------

    def query(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run a named query from ``cypher/queries/`` and return its rows as dicts.

        Raises
        ------
        KeyError
            If there is no query of that name.
        lea_graph.cypher.QueryParamError
            If a parameter is missing, unknown or of the wrong type.
        """
        return Reads(lambda cypher, bound: self._read(cypher, bound, QUERY_TIMEOUT_MS)).query(
            name, **params
        )

    def reading(self, work: Callable[[Reads], T]) -> T:
        """``work(reads)`` where ``reads.query(name, **params)`` runs named queries as
        :meth:`query` does, all on one version of the network and, on Neo4j, in one read
        transaction (a page that asks several questions that depend on each other: one
        version check instead of one per question). ``work`` may run again when a load
        switched meanwhile: it must only read."""

        def with_read(read: Callable[[str, dict[str, Any]], ReadResult]) -> T:
            return work(Reads(read))

        return self._reading(with_read, QUERY_TIMEOUT_MS)

    def run(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run one of the store's own read statements (``cypher/store/``)."""
        st = statement(f"store/{name}")
        return self._read(st.cypher, st.bind(params), QUERY_TIMEOUT_MS * 6).dicts()

    def read_only(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        timeout_ms: int = 5000,
        max_rows: int = 1000,
        max_bytes: int = 1_000_000,
    ) -> ReadResult:
        """Run a free Cypher text read-only, with a time limit, a row cap and a size cap.

        The text first passes :func:`lea_graph.store.guard.check_read_only` (and the
        parameters :func:`~lea_graph.store.guard.check_params`); then the store checks
        its own plan for it and runs it in its own read-only way (:meth:`_read_untrusted`).
        At most ``max_rows`` rows come back, cut to ``max_bytes`` of text
        (:func:`bounded`). The rows are in memory in full before they are cut: a caller
        that runs texts of strangers does so in a child process with a memory limit
        (:mod:`lea_graph.store.sandbox`), as the console does.

        Raises
        ------
        ForbiddenQuery
            If the text or the store's plan for it is refused.
        StoreError
            If the database refuses or stops it (a timeout says "te lang").
        """
        check_read_only(cypher)
        params = dict(params or {})
        check_params(params)
        result = self._read_untrusted(without_final_semicolon(cypher), params, timeout_ms, max_rows)
        rows, cut = bounded(result.rows[:max_rows], max_bytes)
        return ReadResult(result.columns, rows, truncated=len(result.rows) > max_rows, cut=cut)

    @abstractmethod
    def _read_untrusted(
        self, cypher: str, params: dict[str, Any], timeout_ms: int, max_rows: int
    ) -> ReadResult:
        """Run a free text that passed the guard; may return more than ``max_rows`` rows.

        Refuses it (:class:`ForbiddenQuery`) unless every step of the store's own plan
        for it is a read (:func:`lea_graph.store.guard.check_plan`), then runs it in the
        store's read-only mode.
        """

    def run_together(self, *names: str) -> list[list[dict[str, Any]]]:
        """Run several of the store's own read statements on one version of the network."""
        statements = [(statement(f"store/{n}").cypher, {}) for n in names]
        return [r.dicts() for r in self._read_together(statements, QUERY_TIMEOUT_MS * 6)]

    def meta(self) -> dict[str, Any] | None:
        """Properties of the loaded network's ``:Meta`` node, or None if nothing is loaded."""
        rows = self.run("meta_lezen")
        return rows[0]["meta"] if rows else None

    def to_networkx(self) -> nx.MultiDiGraph:
        """The loaded network as the typed graph of :mod:`lea_graph.graph`.

        Nodes, relationships and metadata come from one version, also when a load
        finishes while they are read.
        """
        meta, nodes, edges = self.run_together("meta_lezen", "export_knopen", "export_relaties")
        return graph_from_rows(nodes, edges, meta[0]["meta"] if meta else None)

    def stats(self) -> dict[str, Any]:
        """Counts per node and relationship kind, and when and what was loaded."""
        meta_rows, node_rows, edge_rows = self.run_together(
            "meta_lezen", "tellingen_knopen", "tellingen_relaties"
        )
        meta = meta_rows[0]["meta"] if meta_rows else None
        nodes = {nk.kind: 0 for nk in model.NODE_KINDS}
        edges = {kind: 0 for kind in model.EDGE_KINDS}
        if meta is not None:
            for row in node_rows:
                nodes[row["kind"]] = row["aantal"]
            for row in edge_rows:
                edges[row["kind"]] = row["aantal"]
        return {
            "backend": self.backend,
            "loaded": meta is not None,
            "version": meta.get("versie") if meta else None,
            "loaded_at": tijd.iso(meta.get("geladen_op")) if meta else None,
            "source": meta.get("bron") if meta else None,
            "nodes": nodes,
            "edges": edges,
            "total_nodes": sum(nodes.values()),
            "total_edges": sum(edges.values()),
        }

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
