"""Data for the pages, cached per loaded network version: the one path from the web
layer to the store and the analytics.

The screens (:mod:`web.screens`) and the few views that are not screens (upload,
console, health) call these functions; they call the store and the pure analytics.
Results that take time (the graph, the report) are computed once per version of the
network and schooljaar, and thrown away when a new network is loaded. Every result but
the graph and the dataset is also kept on disk per loaded network
(:mod:`web.diskcache`), so that a restarted explorer reads it back instead of
computing it again.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import networkx as nx
from flask import abort, current_app, g, request

from lea_graph import model
from lea_graph.analytics import entities, lookup
from lea_graph.analytics.coverage import GAP_RULE
from lea_graph.analytics.indicators import Indicator, schooljaren
from lea_graph.analytics.indicators import wijk_reach as _wijk_reach
from lea_graph.analytics.network import Network
from lea_graph.analytics.report import Report, analyse
from lea_graph.analytics.suggestions import gap_suggestions
from lea_graph.analytics.wijkpartners import WijkPartners, partners_in_wijk
from lea_graph.store import sandbox
from lea_graph.store.base import graph_from_rows
from web.db import get_store, meta
from web.diskcache import MISSING, DiskCache, stamp_of
from web.memcache import MemoryCache

__all__ = [
    "CURRENT",
    "GAP_RULE",
    "WARM_KEY",
    "activity_group",
    "actualiteit",
    "analyses_warm",
    "attr",
    "attrs",
    "cached",
    "comparison",
    "current_dataset",
    "data_dir",
    "dataset",
    "discard",
    "exclusive",
    "forget",
    "graph",
    "heatmap",
    "hub_partners",
    "hub_rows",
    "hub_tables",
    "is_cached",
    "isolated",
    "kaart_rows",
    "keep_results",
    "kind",
    "live_stats",
    "load",
    "loaded_version",
    "local",
    "local_network",
    "name",
    "names",
    "network",
    "network_file",
    "network_view",
    "node",
    "node_facts",
    "node_links",
    "nodes_of",
    "not_confirmed",
    "partner_broker",
    "partner_rows",
    "partner_suggestions",
    "per_version",
    "programma_rows",
    "programma_work",
    "recruit_lists",
    "recruits",
    "relation_rows",
    "report",
    "report_pdf",
    "scenario",
    "school_domain",
    "school_rows",
    "school_wijk",
    "schooljaar",
    "search",
    "snapshots",
    "template_file",
    "trend",
    "vulnerability",
    "warm_up",
    "warm_up_failed",
    "warming",
    "wie_doet_wat",
    "wijk_partners",
    "wijk_reach",
    "wijk_rows",
    "wijk_tables",
    "year_comparison",
    "years",
]

T = TypeVar("T")
_LOCK = threading.Lock()


def _version() -> str:
    return str(meta().get("versie", ""))


#: Values kept in memory only and pinned there, outside the memory budget: the graph and
#: the dataset are read from the store again faster than they are unpickled, every page
#: needs them, and there is one of each per loaded version; saved versions (at most
#: :data:`lea_graph.snapshots.KEEP`) have files of their own.
MEMORY_ONLY = frozenset({"graph", "dataset", "snapshot"})


def _megabytes(setting: str) -> int:
    """A size setting (``CACHE_MEMORY_MB``, ``CACHE_DISK_MB``) in bytes."""
    return int(float(current_app.config[setting]) * 1_000_000)


def _disk() -> DiskCache:
    """This loaded network's cache folder (:mod:`web.diskcache`)."""
    stamp = stamp_of({**meta(), "versie": _version()}) if meta() else ""
    return DiskCache(data_dir(), stamp, _megabytes("CACHE_DISK_MB"))


def _memory(app, version: str) -> MemoryCache:
    """The app's memory cache of ``version`` (a new, empty one for a new version)."""
    cache = app.extensions.get("lea_cache")
    if cache is None or cache.version != version:
        cache = MemoryCache(_megabytes("CACHE_MEMORY_MB"), version)
        app.extensions["lea_cache"] = cache
    return cache


def cached(key: tuple, compute: Callable[[], T]) -> T:
    """Compute a value once per loaded version (and key).

    The value is kept in memory (:class:`web.memcache.MemoryCache`, within
    ``CACHE_MEMORY_MB``) and, unless it is :data:`MEMORY_ONLY`, on disk
    (:class:`web.diskcache.DiskCache`, within ``CACHE_DISK_MB``): a value dropped from
    memory is read back from disk before it is computed again. While one request (or
    the warm-up) computes a value, others asking for the same value wait for it instead
    of computing it a second time.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    version = _version()
    while True:
        with _LOCK:
            cache = _memory(app, version)
            value = cache.get(key)
            if value is not MISSING:
                return value
            pending: dict = app.extensions.setdefault("lea_pending", {})
            event = pending.get((version, key))
            owner = event is None
            if owner:
                event = pending[(version, key)] = threading.Event()
        if not owner:
            event.wait(600)
            continue  # now cached, or the other computation failed: try ourselves
        try:
            if key[0] in MEMORY_ONLY:
                value, size = compute(), None
            else:
                value, size = _disk().get(key)
                if value is MISSING:
                    value = compute()
                    size = _disk().put(key, value)
                    if size is None:  # cannot be pickled: not kept at all
                        return value
            with _LOCK:
                if app.extensions.get("lea_cache") is cache:
                    cache.put(key, value, size)
            return value
        finally:
            with _LOCK:
                pending.pop((version, key), None)
            event.set()


def forget() -> None:
    """Forget every kept result of the loaded network, in memory and on disk (for a
    setting that changes what the screens show, and for tests)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    with _LOCK:
        app.extensions.pop("lea_cache", None)
    _disk().clear()


def discard(key: tuple) -> None:
    """Forget the value kept for ``key`` of the loaded network, in memory and on disk
    (a published view that is unpublished)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    with _LOCK:
        cache = app.extensions.get("lea_cache")
        if cache is not None:
            cache.discard(key)
    _disk().discard(key)


def is_cached(key: tuple) -> bool:
    """Whether a value for ``key`` of the loaded network is kept in memory or on disk."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    with _LOCK:
        cache = app.extensions.get("lea_cache")
        if cache is not None and cache.version == _version() and cache.get(key) is not MISSING:
            return True
    return _disk().get(key)[0] is not MISSING


def warm_up(app) -> threading.Thread:
    """Compute the loaded network's graph and full report in a background thread.

    Started when the app starts (``WARM_UP``) and after an upload, so the first visitor
    does not wait for the analyses; requests meanwhile wait for the same computation.
    """

    def work() -> None:
        try:
            with app.app_context():
                keep_results()
        except Exception:  # the pages will say what is wrong when they are asked
            app.logger.exception("Voorberekenen van de analyses mislukt")
            app.extensions["lea_warm_up_failed"] = True

    thread = threading.Thread(target=work, name="lea-warm-up", daemon=True)
    app.extensions["lea_warm_up"] = thread
    app.extensions["lea_warm_up_failed"] = False
    thread.start()
    return thread


#: What the warm-up computes: once it is kept, the pages answer without waiting.
WARM_KEY = ("report", None)


def keep_results(year: str | None = None) -> None:
    """Compute and keep what the pages read of the whole network for a schooljaar (None:
    all years): the analyses, the names, the schooljaren, the figures of every wijk and
    the boundaries. The pages about one node read these and their node's buurt
    (:func:`local`), never the whole network: after this, a restarted explorer answers
    them from the store and the kept results alone."""
    report(year)
    for keep in (names, years, illustrative, node_names, wijkgrenzen):
        keep()
    for rows in (wijk_partners, kaart_rows, wijk_rows, hub_rows, partner_rows, school_rows,
                 programma_rows, heatmap):  # fmt: skip
        rows(year)
    for kind in ("wijk", "hub", "partner"):
        nodes_of(kind)
    # One buurt of every kind: the store prepares the pages' queries now (Neo4j plans a
    # query the first time it sees it), not while the first visitor waits.
    for kind in ("wijk", "hub", "partner", "school", "programma"):
        first = next(iter(nodes_of(kind)), None)
        if first is not None:
            local(first["id"])


def analyses_warm() -> bool:
    """Whether the loaded network's analyses are computed (:func:`warm_up`): kept in
    memory, or on disk for this version."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    cache = app.extensions.get("lea_cache")
    if cache is not None and cache.version == _version() and WARM_KEY in set(cache):
        return True
    return _disk().has(WARM_KEY)


def warming() -> bool:
    """Whether a warm-up runs now in this process."""
    thread = current_app.extensions.get("lea_warm_up")
    return thread is not None and thread.is_alive()


def warm_up_failed() -> bool:
    """Whether the last warm-up of this process ended in an error (see the log)."""
    return bool(current_app.extensions.get("lea_warm_up_failed"))


def per_version(fn: Callable[..., T]) -> Callable[..., T]:
    """Keep what a screen function returns per loaded version and arguments
    (:func:`cached`).

    A screen (the data of one page) is computed on its first request and served from
    memory or disk until a new network is loaded. Its arguments are part of the key:
    a view passes them in one canonical form (sorted, without repeats) so that requests
    that mean the same share one key.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any) -> T:
        return cached((fn.__module__, fn.__qualname__, *args), lambda: fn(*args))

    return wrapper


def graph() -> nx.MultiDiGraph:
    """The loaded network as a graph."""
    return cached(("graph",), lambda: get_store().to_networkx())


def stats() -> dict[str, Any]:
    """What is loaded, with counts per kind (counting takes ~0.5 s at 100× scale)."""
    return cached(("stats",), lambda: get_store().stats())


def illustrative() -> list:
    """How much of the loaded network is made up (:func:`lea_graph.provenance.illustrative_shares`)."""
    from lea_graph.provenance import illustrative_shares

    return cached(("illustrative",), lambda: illustrative_shares(graph()))


def years() -> list[str]:
    """The schooljaren that occur in the data, oldest first
    (:func:`lea_graph.analytics.indicators.schooljaren`, kept per version)."""
    return cached(("years",), lambda: schooljaren(graph()))


def schooljaar() -> str | None:
    """The schooljaar chosen on the page (``?schooljaar=``), or None for all years."""
    value = request.args.get("schooljaar") or None
    if value is not None and value not in years():
        abort(404, description=f"Het schooljaar '{value}' komt niet voor in de gegevens.")
    return value


def actualiteit(today):
    """How many partners confirmed their data this schooljaar
    (:func:`lea_graph.analytics.actualiteit.this_schooljaar`), kept per version and day."""
    from lea_graph.analytics.actualiteit import this_schooljaar

    def compute():
        partners = nx.MultiDiGraph()  # the partners alone are what it counts
        partners.add_nodes_from((d["id"], d) for d in nodes_of("partner"))
        return this_schooljaar(partners, today)

    return cached(("actualiteit", today.isoformat()), compute)


def network(year: str | None = None) -> Network:
    return Network.of(graph(), year)


def report(year: str | None = None) -> Report:
    """Every analysis for a schooljaar (computed once per network version)."""
    return cached(("report", year), lambda: analyse(graph(), year, seed=0))


def node_kinds() -> dict[str, str]:
    """The kind of every node by id (kept per version: checking an id does not need the
    network read from the store)."""
    return cached(("knoop_soorten",), lambda: dict(graph().nodes(data="kind")))


def local(node_id: str) -> nx.MultiDiGraph:
    """The graph a page about one node reads: its buurt (:func:`lea_graph.buurt.buurt`),
    read from the store with named queries and kept for the request; never the whole
    network. With ``PAGES_FROM_STORE`` off, the whole network (:func:`graph`): the tests
    compare the two."""
    if not _from_store():
        return graph()
    from lea_graph.buurt import buurt

    kept = g.setdefault("lea_buurt", {})
    if node_id not in kept:
        kept[node_id] = buurt(get_store(), node_id, meta())
    return kept[node_id]


def _from_store() -> bool:
    """Whether pages read their node's buurt and nodes from the store
    (``PAGES_FROM_STORE``, on), or the whole network (off: the tests compare the two)."""
    return bool(current_app.config.get("PAGES_FROM_STORE", True))


def local_network(node_id: str, year: str | None) -> Network:
    """The analyses' view of a node's buurt (:func:`local`) for a schooljaar."""
    return Network.of(local(node_id), year)


def _node_data(node_id: str) -> dict[str, Any] | None:
    """A node's attributes as the graph holds them (None when it is not in the network),
    read from the store by id and kept per version (not a copy: do not change it)."""
    if not _from_store():
        return graph().nodes.get(node_id)

    def compute() -> dict[str, Any] | None:
        rows = get_store().query("deelgraaf_knopen", ids=[node_id])
        return graph_from_rows(rows, [], None).nodes.get(node_id)

    return cached(("knoop", node_id), compute)


def node(node_id: str, kind: str | None = None) -> dict[str, Any]:
    """A node's attributes (404 if it does not exist or is of another kind)."""
    data = _node_data(node_id)
    if data is None or (kind and data.get("kind") != kind):
        label = model.node_kind(kind).singular if kind else "knoop"
        abort(404, description=f"Er is geen {label} met id '{node_id}'.")
    return {"id": node_id, **data}


# -- records per entity: plain rows, names resolved (the screens compute nothing) ------------


def names() -> dict[str, str]:
    """The name of every node by id (kept per version)."""
    return cached(
        ("namen",), lambda: {n: str(d.get("naam", n)) for n, d in graph().nodes(data=True)}
    )


def name(node_id: str | None) -> str:
    """The name of a node ("" for none, its id when it has no name or is not in the
    network)."""
    if not node_id:
        return ""
    return names().get(node_id, node_id)


def kind(node_id: str | None) -> str | None:
    """The kind of a node (None when it is not in the network)."""
    return (_node_data(node_id) or {}).get("kind") if node_id else None


def nodes_of(kind: str) -> list[dict[str, Any]]:
    """Every node of a kind: its id and attributes, in the order of the network (the
    named query ``knopen_van_soort``, kept per version)."""

    def compute() -> list[dict[str, Any]]:
        if not _from_store():
            found = graph()
        else:
            found = graph_from_rows(get_store().query("knopen_van_soort", soort=kind), [], None)
        return [{"id": n, **d} for n, d in found.nodes(data=True) if d.get("kind") == kind]

    return cached(("knopen", kind), compute)


def attr(node_id: str, key: str, default: Any = None) -> Any:
    """One attribute of a node (``default`` when it has none or is not in the network)."""
    return (_node_data(node_id) or {}).get(key, default)


def node_links(node_id: str) -> list[dict[str, Any]]:
    """Every relation of a node, both ways (:func:`lea_graph.analytics.entities.node_links`)."""
    return entities.node_links(local(node_id), node_id)


def school_wijk(school: str) -> str | None:
    """The wijk of a school or childcare location (None if it has none)."""
    return local_network(school, None).school_wijk.get(school)


def relation_rows(
    node_id: str, kind: str, year: str | None, *, incoming: bool = False
) -> list[dict[str, Any]]:
    """A node's relations of one kind as rows (:func:`lea_graph.analytics.entities.relation_rows`)."""
    return entities.relation_rows(local_network(node_id, year), node_id, kind, incoming=incoming)


def partner_rows(year: str | None) -> list[dict[str, Any]]:
    """Every partner as a row (:func:`lea_graph.analytics.entities.partner_rows`), kept
    per version."""
    return cached(("partner-rijen", year), lambda: entities.partner_rows(network(year)))


def partner_suggestions(partner: str, year: str | None) -> list[dict[str, Any]]:
    """The partner's pairs among the city's strongest missing links."""
    return entities.partner_suggestions(report(year).missing_links, partner)


def partner_broker(partner: str, year: str | None) -> dict[str, Any] | None:
    """The partner's rank as a broker (None if it is none)."""
    return entities.broker_of(report(year).brokers, partner)


def hub_rows(year: str | None) -> list[dict[str, Any]]:
    """Every hub as a row (:func:`lea_graph.analytics.entities.hub_rows`), kept per
    version."""

    def compute() -> list[dict[str, Any]]:
        r = report(year)
        return entities.hub_rows(network(year), r.coverage, r.gaps, r.bastions)

    return cached(("hub-rijen", year), compute)


def attrs(node_id: str) -> dict[str, Any]:
    """A node's attributes ({} when it is not in the network; a copy)."""
    return dict(_node_data(node_id) or {})


def school_rows(year: str | None) -> list[dict[str, Any]]:
    """Every school and childcare location as a row
    (:func:`lea_graph.analytics.entities.school_rows`), kept per version."""
    return cached(
        ("school-rijen", year),
        lambda: entities.school_rows(network(year), report(year).school_domains),
    )


def school_domain(school: str, year: str | None) -> dict[str, Any]:
    """The domains of one location ({} when it has none)."""
    return entities.school_domain(report(year).school_domains, school)


def programma_rows(year: str | None) -> list[dict[str, Any]]:
    """Every programme as a row (:func:`lea_graph.analytics.entities.programma_rows`),
    kept per version."""
    return cached(("programma-rijen", year), lambda: entities.programma_rows(network(year)))


def programma_work(programma: str, year: str | None) -> dict[str, Any]:
    """One programme's cluster, thema, activities and wijkinzet
    (:func:`lea_graph.analytics.entities.programma_work`)."""
    return entities.programma_work(local_network(programma, year), programma)


def not_confirmed(months: int, today) -> list[dict[str, Any]]:
    """Partners that have not confirmed their data for ``months`` months
    (:func:`lea_graph.analytics.actualiteit.not_confirmed`)."""
    from lea_graph.analytics.actualiteit import not_confirmed as _not_confirmed

    return _not_confirmed(graph(), months, today)


# -- one wijk or hub, from the network (the pages' one data path) ----------------------------


def wie_doet_wat(wijk: str, year: str | None) -> list[dict[str, Any]]:
    """Who does what in a wijk (:func:`lea_graph.analytics.lookup.wie_doet_wat`)."""
    return lookup.wie_doet_wat(local(wijk), wijk, year)


def wie_doet_wat_per_partner(wijk: str, year: str | None) -> list[dict[str, Any]]:
    """Who does what in a wijk, one entry per organisation
    (:func:`lea_graph.analytics.lookup.per_partner`)."""
    return lookup.per_partner(local(wijk), wie_doet_wat(wijk, year))


def activity_group(wijk: str, row: dict[str, Any]) -> str:
    """The cluster a row of :func:`wie_doet_wat` of ``wijk`` is grouped under."""
    return lookup.activity_group(local(wijk), row)


def hub_partners(hub: str, year: str | None) -> list[dict[str, Any]]:
    """A hub's members and their reach (:func:`lea_graph.analytics.lookup.hub_partners`)."""
    return lookup.hub_partners(local(hub), hub, year)


def wijk_reach(wijk: str, year: str | None) -> Indicator:
    """The reach target of one wijk, with its bounds."""
    return _wijk_reach(local(wijk), wijk, year)


def recruits(hub: str, year: str | None) -> list[dict[str, Any]]:
    """Partners to recruit for a hub's eight largest gaps
    (:func:`lea_graph.analytics.suggestions.gap_suggestions`), as records; kept per
    version."""

    def compute() -> list[dict[str, Any]]:
        gaps = report(year).gaps
        mine = gaps[gaps["hub"] == hub].head(RECRUIT_GAPS)
        # Every candidate: the hub page splits them into members and organisations to
        # recruit (recruit_lists), and members score higher, so a short top is all members.
        return gap_suggestions(local(hub), mine, year, per_gap=10_000).to_dict(orient="records")

    return cached(("kandidaten", hub, year), compute)


#: How many of a hub's gaps get candidates (the most urgent first).
RECRUIT_GAPS = 8


def recruit_lists(hub: str, year: str | None) -> list[dict[str, Any]]:
    """Per gap of a hub (the eight most urgent) the members that could extend into the
    wijk and the organisations to recruit
    (:func:`lea_graph.analytics.entities.recruit_lists`)."""
    gaps = hub_tables(hub, year)["gaten"][:RECRUIT_GAPS]
    return entities.recruit_lists(gaps, recruits(hub, year))


def hub_tables(hub: str, year: str | None) -> dict[str, Any]:
    """One hub's reach per wijk, by stadsdeel, its gaps and its bastion explanation
    (:func:`lea_graph.analytics.entities.hub_tables`)."""
    r = report(year)
    return entities.hub_tables(local_network(hub, year), hub, r.coverage, r.gaps, r.bastions)


# -- the network view ------------------------------------------------------------------------


def network_view(f, cap: int) -> dict[str, Any]:
    """The drawn network view of the filter ``f`` (:class:`web.netview.ViewFilter`) with
    at most ``cap`` nodes, as vis-network data (:func:`web.netview.build_view`): its
    ``nodes`` and ``edges`` records and what else the page draws."""
    from web.netview import build_view

    r = report(f.schooljaar)
    return build_view(
        graph(),
        f,
        cap=cap,
        communities=r.communities.membership if f.colour == "gemeenschap" else None,
        betweenness=dict(zip(r.brokers["partner"], r.brokers["betweenness"], strict=True))
        if f.size == "betweenness"
        else None,
    ).to_json()


def node_facts(ids: list[str]) -> dict[str, dict[str, Any]]:
    """Kind, name, wijk, stadsdeel and ``bron`` of each node of ``ids`` in the network
    (:func:`lea_graph.analytics.entities.node_facts`)."""
    return entities.node_facts(graph(), ids)


# -- the store itself: search, the console, uploads, health ----------------------------------


def search(text: str, limit: int = 60) -> list[dict[str, Any]]:
    """Nodes whose name contains ``text`` (the named query ``zoeken``)."""
    return get_store().query("zoeken", term=text, limit=limit)


def node_names() -> list[str]:
    """The names of every node of the loaded network, each once, sorted (kept per
    version): what a search with a typo can have meant."""
    return cached(
        ("knoopnamen",),
        lambda: sorted({str(d["naam"]) for _, d in graph().nodes(data=True) if d.get("naam")}),
    )


def isolated(
    work: Callable[..., Iterator[Any]], *args: Any, timeout_s: float, memory_bytes: int
) -> tuple[list[Any], bool]:
    """``work(store, *args)`` in a child process with its own connection to the store, a
    time and a memory limit: the parts it yielded in time, and whether it finished
    (:func:`lea_graph.store.sandbox.run`)."""
    return sandbox.run(work, get_store(), *args, timeout_s=timeout_s, memory_bytes=memory_bytes)


def live_stats() -> dict[str, Any]:
    """What the store holds right now, counted live (for /health; not cached)."""
    return get_store().stats()


def loaded_version() -> str | None:
    """The version of the loaded network this request sees (None: nothing is loaded)."""
    return meta().get("versie")


def current_dataset():
    """The loaded network as a dataset (None if nothing is loaded), to compare an upload."""
    return dataset() if meta() else None


def dataset():
    """The loaded network in the data format (kept per version; do not change it)."""
    from lea_graph.graph import from_graph

    return cached(("dataset",), lambda: from_graph(graph()))


def load(change, *, user: str, source: str, action: str = "laden", **details: Any):
    """A recorded load on the app's store (:func:`lea_graph.loading.load_recorded`):
    ``change`` makes the network to load from the current one, with the load lock held.

    The rest of the request sees the network as it is afterwards (or, when ``change``
    refused, as it is now).
    """
    from lea_graph.loading import load_recorded

    def at_hand(version: str | None):
        return dataset() if version is not None and version == _version() else None

    try:
        return load_recorded(
            get_store(),
            data_dir(),
            change,
            user=user,
            source=source,
            action=action,
            cached=at_hand,
            wait_s=float(current_app.config.get("LOAD_WAIT_S", 60)),
            **details,
        )
    finally:
        g.pop("lea_meta", None)


def exclusive():
    """Hold the store's load lock (waiting like a load does): no load runs meanwhile."""
    return get_store().load_slot(float(current_app.config.get("LOAD_WAIT_S", 60)))


# -- what changed, what if, the report to bring ------------------------------------------------

#: The name that stands for the loaded network where a snapshot name is expected.
CURRENT = "huidig"


def data_dir():
    """The data directory (``DATA_DIR``, else the default): accounts, snapshots, the
    audit log, invitations and proposals live here with either store."""
    from pathlib import Path

    from lea_graph.datadir import default_data_dir

    return Path(current_app.config.get("DATA_DIR") or default_data_dir())


def snapshots() -> list[dict[str, Any]]:
    """The saved versions of the network, newest first: ``naam`` (to pass back) and
    ``label`` (:func:`lea_graph.snapshots.snapshot_label`)."""
    from lea_graph.snapshots import list_snapshots, snapshot_label

    return [{"naam": p.stem, "label": snapshot_label(p)} for p in list_snapshots(data_dir())]


def _version_graph(name: str) -> tuple[nx.MultiDiGraph, str]:
    """The graph of the loaded network (``huidig``) or of a snapshot, and its label."""
    if name == CURRENT:
        return graph(), "huidig netwerk"
    known = {s["naam"]: s["label"] for s in snapshots()}
    if name not in known:
        abort(404, description=f"Er is geen opgeslagen versie '{name}'.")

    def compute() -> nx.MultiDiGraph:
        from lea_graph.graph import to_graph
        from lea_graph.ingest import load_dataset

        return to_graph(load_dataset(data_dir() / "snapshots" / f"{name}.zip"))

    return cached(("snapshot", name), compute), known[name]


def comparison(voor: str, na: str, year: str | None):
    """What changed between two versions (``huidig`` or snapshot names)."""
    from lea_graph.analytics.compare import compare

    def compute():
        old, old_label = _version_graph(voor)
        new, new_label = _version_graph(na)
        return compare(old, new, schooljaar=year, voor=old_label, na=new_label)

    return cached(("vergelijking", voor, na, year), compute)


def year_comparison(voor: str, na: str):
    """What changed in the loaded network from one schooljaar to another."""
    from lea_graph.analytics.compare import compare_years

    for y in (voor, na):
        if y not in years():
            abort(404, description=f"Het schooljaar '{y}' komt niet voor in de gegevens.")
    return cached(("jaarvergelijking", voor, na), lambda: compare_years(graph(), voor, na))


def trend():
    """The targets and network health per schooljaar of the loaded network."""
    from lea_graph.analytics.compare import trend as _trend

    return cached(("trend",), lambda: _trend(graph()))


def scenario(zonder: list[str], met_lid: list[str], met_activiteit: list[str], year: str | None):
    """A what-if on the loaded network (:func:`lea_graph.analytics.scenario.run`).

    Raises :class:`~lea_graph.errors.LeaGraphError` (Dutch) for a value that is not in
    the network.
    """
    from lea_graph.analytics.scenario import Scenario, parse_scenario, run

    parsed = parse_scenario(graph(), zonder, met_lid, met_activiteit)
    # One order and no repeats, whatever order and names the request used: one key.
    plan = Scenario(
        zonder=sorted(set(parsed.zonder)),
        met_lid=sorted(set(parsed.met_lid)),
        met_activiteit=sorted(
            set(parsed.met_activiteit), key=lambda a: tuple(part or "" for part in a)
        ),
    )
    key = ("scenario", *map(tuple, (plan.zonder, plan.met_lid, plan.met_activiteit)), year)
    return cached(key, lambda: run(graph(), plan, year))


def vulnerability(year: str | None):
    """What every partner's leaving would cost, ranked (kept per version)."""
    from lea_graph.analytics.scenario import vulnerability as _vulnerability

    return cached(("kwetsbaarheid", year), lambda: _vulnerability(graph(), year))


def report_pdf(year: str | None, samenwerking: dict[str, Any] | None = None) -> bytes:
    """The report to bring (A4, Dutch): every analysis, what changed since the previous
    version (:func:`lea_graph.analytics.compare.since_previous`: the newest saved version,
    else the last two schooljaren), the most vulnerable partners and the trend; with
    ``samenwerking`` (the monitor's screen as JSON, for a reader who may see it) its
    section too."""
    import tempfile
    from pathlib import Path

    from lea_graph.analytics.compare import since_previous
    from lea_graph.report_pdf import write_report_pdf

    def compute() -> bytes:
        saved = snapshots()
        previous, label = _version_graph(saved[0]["naam"]) if saved else (None, "")
        changed = since_previous(
            graph(), previous, previous_label=label, label="huidig netwerk", schooljaar=year
        )
        with tempfile.TemporaryDirectory(prefix="lea-rapport-") as tmp:
            out = Path(tmp) / "rapport.pdf"
            write_report_pdf(
                report(year),
                out,
                comparison=changed,
                vulnerability=vulnerability(year),
                trend=trend(),
                wijkvormen=wijkvormen(),
                samenwerking=samenwerking,
            )
            return out.read_bytes()

    if samenwerking is None:
        return cached(("rapport-pdf", year), compute)
    ronde = samenwerking["ronde"]
    view = "volledig" if samenwerking.get("volledig") else "drempel"
    # A closed round never changes: its id, closing time and view are the key.
    return cached(("rapport-pdf", year, ronde["id"], str(ronde["gesloten"]), view), compute)


# -- downloads of the whole network ------------------------------------------------------------


def _bytes_of(write: Callable[[Any], Any], suffix: str) -> bytes:
    """What ``write(path)`` writes to a file named ``netwerk<suffix>``."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"netwerk{suffix}"
        write(path)
        return path.read_bytes()


def network_file(fmt: str) -> bytes:
    """The loaded network as a download (kept per version): ``graphml``, ``gexf``,
    ``json`` (node-link), ``kumu.xlsx``, ``xlsx`` (the data format) or ``zip`` (the data
    format as CSV files). An ``xlsx`` that cannot be written raises
    :class:`lea_graph.errors.ExportError` (a wijk boundary too long for an Excel cell)."""
    import io
    import tempfile
    import zipfile

    from lea_graph import export
    from lea_graph.graph import from_graph
    from lea_graph.kumu import write_kumu_xlsx

    def make() -> bytes:
        g = graph()
        if fmt == "graphml":
            return _bytes_of(lambda p: export.write_graphml(g, p), ".graphml")
        if fmt == "gexf":
            return _bytes_of(lambda p: export.write_gexf(g, p), ".gexf")
        if fmt == "json":
            return _bytes_of(lambda p: export.write_json(g, p), ".json")
        if fmt == "kumu.xlsx":
            return _bytes_of(lambda p: write_kumu_xlsx(g, p), ".xlsx")
        dataset = from_graph(g)
        if fmt == "xlsx":
            return _bytes_of(lambda p: export.write_xlsx(dataset, p), ".xlsx")
        buf = io.BytesIO()
        with (
            tempfile.TemporaryDirectory() as tmp,
            zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf,
        ):
            for path in export.write_csv_folder(dataset, tmp):
                zf.write(path, path.name)
        return buf.getvalue()

    return cached(("download", fmt), make)


def template_file() -> bytes:
    """The empty workbook with every sheet, header row and instructions."""
    from lea_graph import export

    return cached(("sjabloon",), lambda: _bytes_of(export.write_template, ".xlsx"))


# -- the map of the wijken ---------------------------------------------------------------------


def wijkgrenzen() -> dict[str, list]:
    """The (lon, lat) polygons of the wijken that have a boundary, by wijk id
    (:func:`lea_graph.geometry.wijk_shapes`); kept per version."""
    from lea_graph.geometry import wijk_shapes

    return cached(("wijkgrenzen",), lambda: wijk_shapes(graph()))


def wijkvormen() -> dict[str, list]:
    """The same boundaries projected to a plane in km, x east and y north
    (:func:`lea_graph.geometry.plane`), for the map in the PDF report."""
    from lea_graph.geometry import plane

    return plane(wijkgrenzen())


def wijk_bereiken(year: str | None) -> dict[str, Indicator]:
    """The reach target of every wijk (:func:`lea_graph.analytics.indicators.wijk_reach`),
    kept per version."""

    def compute() -> dict[str, Indicator]:
        g = graph()
        return {w: _wijk_reach(g, w, year) for w in network(year).ids["wijk"]}

    return cached(("wijk-bereiken", year), compute)


def wijk_partners(year: str | None) -> dict[str, WijkPartners]:
    """The partners of every wijk by kind (:func:`lea_graph.analytics.wijkpartners.partners_in_wijk`),
    kept per version: every page that counts a wijk's partners takes them from here."""
    return cached(("wijk-partners", year), lambda: partners_in_wijk(graph(), year))


def kaart_rows(year: str | None) -> list[dict[str, Any]]:
    """The figures of every wijk for a schooljaar, sorted by name: the rows the maps
    colour and the map's table shows (:func:`lea_graph.analytics.entities.kaart_rows`);
    kept per version."""

    def compute() -> list[dict[str, Any]]:
        r = report(year)
        return entities.kaart_rows(
            network(year),
            r.coverage,
            r.gaps,
            wijk_partners(year),
            wijk_bereiken(year),
            frozenset(wijkgrenzen()),
        )

    return cached(("kaart-rijen", year), compute)


def wijk_rows(year: str | None) -> list[dict[str, Any]]:
    """Every wijk as a row (:func:`lea_graph.analytics.entities.wijk_rows`), kept per
    version."""

    def compute() -> list[dict[str, Any]]:
        r = report(year)
        return entities.wijk_rows(network(year), r.coverage, r.gaps, wijk_partners(year))

    return cached(("wijk-rijen", year), compute)


def dunste_wijken(year: str | None, n: int = 10) -> list[dict[str, Any]]:
    """The wijken where the network is thinnest (:func:`lea_graph.analytics.dunst.dunste_wijken`)."""
    from lea_graph.analytics.dunst import dunste_wijken as _dunste

    return _dunste(wijk_rows(year), n)


def wijk_tables(wijk: str, year: str | None) -> dict[str, list[dict[str, Any]]]:
    """One wijk's schools with their domains, gaps and candidates to fill them
    (:func:`lea_graph.analytics.entities.wijk_tables`)."""
    r = report(year)
    return entities.wijk_tables(
        local_network(wijk, year), wijk, r.school_domains, r.gaps, r.gap_candidates
    )


def heatmap(year: str | None) -> entities.Heatmap:
    """The columns and rows of partners per wijk and hub
    (:func:`lea_graph.analytics.entities.heatmap_rows`), kept per version."""
    return cached(
        ("heatmap", year), lambda: entities.heatmap_rows(network(year), report(year).coverage)
    )


# -- the samenwerkingsmonitor ---------------------------------------------------------------------


def monitor_rondes() -> list[dict[str, Any]]:
    """Every round of the samenwerkingsmonitor, newest first (:mod:`lea_graph.monitor`;
    read from the data directory on each request: rounds change apart from the network)."""
    from lea_graph import monitor

    if "lea_monitor_rondes" not in g:
        g.lea_monitor_rondes = monitor.list_rounds(data_dir())
    return g.lea_monitor_rondes


def monitor_indeling(year: str | None) -> dict[str, Any]:
    """The current network as a round keeps it when it closes
    (:func:`lea_graph.analytics.samenwerking.indeling`, kept per version)."""
    from lea_graph.analytics.samenwerking import indeling

    return cached(("monitor-indeling", year), lambda: indeling(graph(), year))


def _monitor_key(ronde: dict[str, Any] | None) -> tuple:
    """What identifies a closed round's answers in a cache key (they never change)."""
    return ("", "") if ronde is None else (ronde["id"], str(ronde.get("gesloten") or ""))


def bastions_met_monitor(year: str | None, ronde: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The bastion scores (:func:`lea_graph.analytics.isolation.bastion_scores`) of the
    network in ``year``, with the collaborations named in ``ronde`` added (None: the
    network alone)."""
    from lea_graph.analytics.isolation import bastion_scores
    from lea_graph.analytics.report import records
    from lea_graph.analytics.samenwerking import genoemde_paren

    def compute():
        return records(bastion_scores(graph(), year, extra=genoemde_paren(ronde)))

    return cached(("bastion-monitor", year, *_monitor_key(ronde)), compute)


#: How many missing links the monitor's page lists.
MONITOR_TOP = 50


def ontbrekend_met_monitor(year: str | None, ronde: dict[str, Any]) -> dict[str, Any]:
    """The missing links of the network in ``year`` (:func:`lea_graph.analytics.suggestions.missing_links`)
    leaving out the pairs named in ``ronde``: ``rijen`` (the best :data:`MONITOR_TOP`) and
    ``weg`` (how many of the best pairs without the monitor it left out)."""
    from lea_graph.analytics.report import records
    from lea_graph.analytics.samenwerking import genoemde_paren
    from lea_graph.analytics.suggestions import missing_links

    def compute():
        named = genoemde_paren(ronde)
        plain = missing_links(graph(), year, top=MONITOR_TOP)
        dropped = sum(
            1 for a, b in zip(plain["partner_a"], plain["partner_b"], strict=True)
            if frozenset((a, b)) in named
        )  # fmt: skip
        rows = records(missing_links(graph(), year, top=MONITOR_TOP, bekend=named))
        return {"rijen": rows, "weg": dropped}

    return cached(("ontbrekend-monitor", year, *_monitor_key(ronde)), compute)
