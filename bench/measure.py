"""The measurements of the benchmark suite, one function per stage (see run.py)."""

from __future__ import annotations

import gc
import os
import random
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from lea_graph.analytics.brokers import _with_distance
from lea_graph.analytics.network import Network
from lea_graph.analytics.report import analyse
from lea_graph.dataset import Dataset
from lea_graph.export import write_csv_folder
from lea_graph.ingest import load_dataset
from lea_graph.store import Store
from lea_graph.store.embedded import EmbeddedStore


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (nearest rank) of the values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    gc.collect()
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def rows_of(dataset: Dataset) -> int:
    return sum(len(t) for t in dataset.tables.values())


# -- validate, load, analyse ------------------------------------------------------------------


def validate(dataset: Dataset, workdir: Path) -> dict[str, Any]:
    """Write the dataset as CSV files and time reading and validating them."""
    folder = workdir / "csv"
    write_csv_folder(dataset, folder)
    loaded, seconds = timed(lambda: load_dataset(folder))
    return {"validate_s": round(seconds, 2), "rows": rows_of(loaded)}


def load(
    dataset: Dataset, data_dir: Path, batch_size: int = 1000, store: Store | None = None
) -> tuple[Store, dict]:
    """Load into a fresh embedded store (or into ``store``); the store is returned open
    for the next stages."""
    store = store or EmbeddedStore(data_dir)
    report, seconds = timed(lambda: store.load(dataset, batch_size=batch_size, source="bench"))
    return store, {
        "load_s": round(seconds, 2),
        "rows_per_s": round(rows_of(dataset) / seconds),
        "nodes": report.nodes,
        "relationships": report.relationships,
    }


def _gemeente_of(dataset: Dataset, wijk: str) -> str:
    """The gemeente a wijk names ("" when it names none)."""
    wijken = dataset.tables["wijken"].set_index("id")
    return str(wijken["gemeente"].get(wijk, "")) if "gemeente" in wijken else ""


def queries(store: Store, dataset: Dataset, repeat: int) -> dict[str, dict]:
    """p50 and p95 of every named query of ``cypher/queries/`` (milliseconds)."""
    from lea_graph.cypher import named_queries

    acts = dataset.tables["activiteiten"]
    busiest_wijk = dataset.tables["scholen"].set_index("id").loc[acts["school"], "wijk"].mode()[0]
    busiest_school = acts["school"].mode()[0]
    samples = {
        "wijk": busiest_wijk,
        "hub": acts["hub"][acts["hub"] != ""].mode()[0],
        "id": acts["partner"].mode()[0],
        "term": "partner",
        # A node page's neighbourhood: the busiest wijk and school, along the
        # relationships such a page follows.
        "ids": [busiest_wijk, busiest_school],
        "typen": ["LIGT_IN", "ACTIVITEIT_OP"],
        "soort": "wijk",
        "programma": acts["programma"][acts["programma"] != ""].mode()[0],
        "gemeente": _gemeente_of(dataset, busiest_wijk),
    }
    out = {}
    for name, st in named_queries().items():
        missing = [p.name for p in st.params if p.required and p.name not in samples]
        if missing:  # a new query: measured once the bench knows a value to ask it
            print(f"  vraag {name} overgeslagen: geen voorbeeld voor {', '.join(missing)}")
            continue
        params = {p.name: samples[p.name] for p in st.params if p.required}
        store.query(name, **params)  # warm up
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            store.query(name, **params)
            times.append(1000 * (time.perf_counter() - started))
        out[name] = {
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
        }
    return out


def rss_mb(pid: int | str = "self") -> float | None:
    """Resident memory of a process in MB (Linux ``/proc``), None where unknown."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for row in fh:
                if row.startswith("VmRSS:"):
                    return round(int(row.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def analytics(store: Store, engine: str = "auto") -> tuple[nx.MultiDiGraph, dict]:
    """Read the network back from the store and time the full analytics report.

    Memory: the growth of this process's resident memory while reading the network
    (the networkx copy every web process keeps) and while analysing it (projections
    and results kept with it), and the store server's resident memory.
    """
    gc.collect()
    before = rss_mb()
    g, export_s = timed(store.to_networkx)
    after_read = rss_mb()
    report, total = timed(lambda: analyse(g, seed=0, engine=engine))
    after_analyse = rss_mb()
    server = store.server.pid() if isinstance(store, EmbeddedStore) else None
    return g, {
        "to_networkx_s": round(export_s, 2),
        "graph_mb": round(after_read - before, 1) if before and after_read else None,
        "analysed_mb": round(after_analyse - before, 1) if before and after_analyse else None,
        "store_server_mb": rss_mb(server) if server else None,
        "analytics_s": round(total, 2),
        "per_analysis_s": dict(sorted(report.seconds.items(), key=lambda kv: -kv[1])),
        "brokers_method": str(report.brokers["methode"].iloc[0]) if len(report.brokers) else "",
        "communities_engine": report.communities.engine,
    }


# -- Neo4j beside the embedded store ------------------------------------------------------------

NEO4J_LOCAL = Path(__file__).resolve().parents[1] / "scripts" / "neo4j-local.sh"


class BenchNeo4j:
    """A Neo4j of the bench's own (``scripts/neo4j-local.sh`` in a temporary directory,
    with the heap of ``LEA_NEO4J_HEAP``, default 1 GB): the bench never loads into a
    database someone else uses."""

    def __init__(self) -> None:
        import re
        import subprocess

        self.folder = Path(tempfile.mkdtemp(prefix="lea-bench-neo4j-"))
        started = subprocess.run(  # noqa: S603 - the project's own script
            [str(NEO4J_LOCAL), "start", str(self.folder)],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        if started.returncode != 0:
            raise RuntimeError(f"Neo4j startte niet: {started.stderr[-500:]}")
        self.env = dict(re.findall(r"^export (LEA_NEO4J_\w+)='([^']*)'$", started.stdout, re.M))
        self.heap = os.environ.get("LEA_NEO4J_HEAP", "1g")
        self.version = started.stderr.split("Neo4j ", 2)[-1].split(" ")[0]

    def store(self) -> Store:
        from lea_graph.store.neo4j import Neo4jStore

        return Neo4jStore(self.env["LEA_NEO4J_URI"], "neo4j", self.env["LEA_NEO4J_PASSWORD"])

    def pid(self) -> int | None:
        try:
            return int((self.folder / "run" / "pid").read_text())
        except (OSError, ValueError):
            return None

    def stop(self) -> None:
        import shutil
        import subprocess

        subprocess.run(  # noqa: S603 - the project's own script
            [str(NEO4J_LOCAL), "stop", str(self.folder)], capture_output=True, check=False
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def neo4j_stage(neo4j: BenchNeo4j, dataset: Dataset, repeat: int) -> dict[str, Any]:
    """Load, named queries and reading back into networkx on Neo4j, as on the embedded
    store; and the Neo4j process's memory (resident, and its peak)."""
    store = neo4j.store()
    try:
        store, figures = load(dataset, Path(), store=store)
        named = queries(store, dataset, repeat)
        _, export_s = timed(store.to_networkx)
    finally:
        store.close()
    pid = neo4j.pid()
    return {
        **figures,
        "queries": named,
        "to_networkx_s": round(export_s, 2),
        "server_mb": rss_mb(pid) if pid else None,
        "server_peak_mb": peak_mb(pid) if pid else None,
    }


def peak_mb(pid: int) -> float | None:
    """Peak resident memory of a process in MB (``VmHWM``), None where unknown."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for row in fh:
                if row.startswith("VmHWM:"):
                    return round(int(row.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


# -- pages ------------------------------------------------------------------------------------


def page_urls(g: nx.MultiDiGraph) -> dict[str, str]:
    """The main pages and API calls, with real ids of the network (the busiest ones)."""
    net = Network.of(g)

    def busiest(kind: str) -> str:
        return max(net.ids[kind], key=lambda n: (g.degree(n), n))

    wijk, hub, partner = busiest("wijk"), busiest("hub"), busiest("partner")
    school = busiest("school")
    word = str(g.nodes[partner].get("naam", "a")).split()[0]
    return {
        "overzicht": "/",
        "netwerk (pagina)": "/netwerk",
        "netwerk (data)": "/netwerk/data.json",
        "netwerk wijk (data)": f"/netwerk/data.json?wijk={wijk}",
        "wijken": "/wijken",
        "wijk": f"/wijk/{wijk}",
        "hubs": "/hubs",
        "hub": f"/hub/{hub}",
        "partner": f"/partner/{partner}",
        "school": f"/school/{school}",
        "zoeken": f"/zoeken?q={word}",
        "analyses": "/analyses",
        "gaten": "/analyses/gaten",
        "makelaars": "/analyses/makelaars",
        "api wie doet wat": f"/api/v1/wijk/{wijk}",
        "api knoop": f"/api/v1/knoop/{partner}",
        "api zoeken": f"/api/v1/zoeken?q={word}",
        "api stats": "/api/v1/stats",
    }


def make_app(data_dir: Path, **config: Any):
    from web import create_app

    return create_app(
        {"DATA_DIR": str(data_dir), "TESTING": True, "SEED_ON_EMPTY": False, "SECRET_KEY": "b" * 40,
         **config}
    )  # fmt: skip


def pages(data_dir: Path, urls: dict[str, str], repeat: int) -> dict[str, Any]:
    """First (cold) and repeated (warm) latency of every page, in milliseconds."""
    app = make_app(data_dir)
    client = app.test_client()
    out: dict[str, Any] = {}
    try:
        for name, url in urls.items():
            (response, cold) = timed(lambda url=url: client.get(url))
            assert response.status_code == 200, (url, response.status_code)
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                r = client.get(url)
                times.append(1000 * (time.perf_counter() - started))
                assert r.status_code == 200, url
            out[name] = {
                "url": url,
                "cold_ms": round(1000 * cold),
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(percentile(times, 0.95), 1),
                "bytes": len(response.get_data()),
            }
    finally:
        store = app.extensions.get("lea_store")
        if store is not None:
            store.close()
    return out


def restart(data_dir: Path, url: str = "/") -> dict[str, Any]:
    """Seconds until the first answer of an explorer started again on a network that was
    already analysed (:func:`pages` ran before): opening the store, reading the kept
    results from disk (``cache/`` in the data directory), rendering the page."""
    started = time.perf_counter()
    app = make_app(data_dir)
    try:
        response = app.test_client().get(url)
        seconds = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code)
        read_graph = "graph" in {k[0] for k in app.extensions.get("lea_cache", {})}
    finally:
        store = app.extensions.get("lea_store")
        if store is not None:
            store.close()
    files = list((data_dir / "cache").rglob("*.pickle"))
    return {
        "restart_first_page_s": round(seconds, 2),
        "restart_read_graph": read_graph,
        "cache_files": len(files),
        "cache_mb": round(sum(f.stat().st_size for f in files) / 1e6, 1),
    }


_SERVE = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from measure import make_app


def peak_mb():
    # VmHWM, not getrusage's ru_maxrss: that one keeps the peak of the process this one
    # was started from (the bench, gigabytes), since a new program inherits it on Linux.
    status = open("/proc/self/status").read().splitlines()
    return round(next(int(l.split()[1]) for l in status if l.startswith("VmHWM")) / 1024, 1)


def read_graph():
    return "graph" in {k[0] for k in app.extensions.get("lea_cache", {})}


app = make_app(Path(sys.argv[2]))
client = app.test_client()
for url in json.loads(sys.argv[3]).values():
    assert client.get(url).status_code == 200, url
cached = {"serve_cached_peak_mb": peak_mb(), "serve_cached_read_graph": read_graph()}
started = time.perf_counter()
assert client.get(sys.argv[4]).status_code == 200, sys.argv[4]
fresh = {
    "serve_fresh_url": sys.argv[4],
    "serve_fresh_page_s": round(time.perf_counter() - started, 2),
    "serve_fresh_read_graph": read_graph(),
    "serve_peak_mb": peak_mb(),
}
app.extensions["lea_store"].close()
print(json.dumps({**cached, **fresh}))
"""


def serve_memory(data_dir: Path, urls: dict[str, str], fresh_url: str) -> dict[str, Any]:
    """Peak memory of a restarted explorer: every page of ``urls`` once, then a page
    whose screen is not on disk yet (``fresh_url``).

    Measured in a process of its own (the bench process holds the networks it built):
    the explorer's Python process, its peak resident set (``VmHWM``) as the kernel
    counts it, after the pages that were answered before the restart
    (``serve_cached_peak_mb``) and after the new page too (``serve_peak_mb``, the peak
    of the whole run). The store server is a process of its own (``store_server_mb``).
    """
    import json
    import subprocess
    import sys

    out = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", _SERVE, str(Path(__file__).parent), str(data_dir),
         json.dumps(urls), fresh_url],
        capture_output=True, text=True, check=True, timeout=3600,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def fresh_page(g: nx.MultiDiGraph) -> str:
    """The page of the quietest partner: one that :func:`page_urls` does not list, so a
    restarted explorer has no screen of it on disk."""
    net = Network.of(g)
    return f"/partner/{min(net.ids['partner'], key=lambda n: (g.degree(n), n))}"


# -- browser ----------------------------------------------------------------------------------


def browser_network(data_dir: Path, chromium: str, runs: int = 3) -> dict[str, Any]:
    """Seconds from opening /netwerk until the network is drawn and still (median of runs).

    The server prepares positions and the view has no physics, so the first complete
    drawing is the settled one; the page marks it with ``data-ready``. The server's
    cache is warmed first: this measures the browser, not the first computation.
    """
    from playwright.sync_api import sync_playwright
    from waitress.server import create_server

    app = make_app(data_dir)
    server = create_server(app, host="127.0.0.1", port=0, threads=4, ident="LEA Graph bench")
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.effective_port}"
    app.test_client().get("/netwerk")  # warm the server's cache
    times, nodes = [], 0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            for _ in range(runs):
                page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
                started = time.perf_counter()
                page.goto(base + "/netwerk")
                page.wait_for_selector("#netwerk[data-ready='1']", timeout=120_000)
                times.append(time.perf_counter() - started)
                nodes = page.eval_on_selector(
                    "#netwerk", "el => el.leaNetwork.body.data.nodes.length"
                )
                page.context.close()
            browser.close()
    finally:
        server.close()
        thread.join(5)
        store = app.extensions.get("lea_store")
        if store is not None:
            store.close()
    return {"network_view_s": round(statistics.median(times), 2), "drawn_nodes": nodes}


# -- side by side -----------------------------------------------------------------------------


def compare_louvain(g: nx.MultiDiGraph, seed: int = 0) -> list[dict[str, Any]]:
    """Louvain implementations on the weighted partner projection: seconds and modularity."""
    import community as community_louvain
    import igraph as ig

    from lea_graph.analytics.engine import to_igraph

    h = Network.of(g).partner_projection()
    gi, nodes = to_igraph(h, "weight")
    ig.set_random_number_generator(random.Random(seed))  # noqa: S311

    def modularity_of(groups) -> float:
        return round(nx.community.modularity(h, groups, weight="weight"), 4)

    runs: list[dict[str, Any]] = []
    part, s = timed(lambda: community_louvain.best_partition(h, weight="weight", random_state=seed))
    by = {}
    for n, c in part.items():
        by.setdefault(c, set()).add(n)
    runs.append({"method": "python-louvain best_partition", "s": s, "groups": list(by.values())})
    found, s = timed(lambda: nx.community.louvain_communities(h, weight="weight", seed=seed))
    runs.append({"method": "networkx louvain_communities", "s": s, "groups": found})
    for name, fn in (
        ("igraph community_multilevel", lambda: gi.community_multilevel(weights="w")),
        (
            "igraph community_leiden (modularity)",
            lambda: gi.community_leiden(
                objective_function="modularity", weights="w", n_iterations=-1
            ),
        ),
    ):
        clusters, s = timed(fn)
        groups = [{nodes[i] for i in members} for members in clusters]
        runs.append({"method": name, "s": s, "groups": groups})
    ig.set_random_number_generator(random)
    return [
        {
            "method": r["method"],
            "seconds": round(r["s"], 2),
            "modularity": modularity_of(r["groups"]),
            "communities": len(r["groups"]),
        }
        for r in runs
    ]


def compare_betweenness(
    g: nx.MultiDiGraph, *, exact_networkx: bool, k: int = 256, seed: int = 0
) -> dict[str, Any]:
    """Exact and sampled betweenness on networkx and igraph (partner projection, whole-
    number distances as in brokers()): seconds and Spearman rank correlation with exact."""
    from scipy.stats import spearmanr

    from lea_graph.analytics import engine

    h = _with_distance(Network.of(g).partner_projection().copy())
    h = h.subgraph(max(nx.connected_components(h), key=len)).copy()
    out: dict[str, Any] = {"nodes": h.number_of_nodes(), "edges": h.number_of_edges(), "runs": []}
    exact, s = timed(lambda: engine.betweenness(h, weight="afstand", engine="igraph"))
    out["runs"].append(
        {"method": "igraph exact", "seconds": round(s, 2), "spearman": 1.0, "top25": 1.0}
    )
    if exact_networkx:
        nx_exact, s = timed(lambda: engine.betweenness(h, weight="afstand", engine="networkx"))
        same = max(abs(nx_exact[v] - exact[v]) for v in h) <= 1e-9 * max(exact.values())
        out["runs"].append(
            {
                "method": "networkx exact",
                "seconds": round(s, 2),
                "spearman": 1.0,
                "top25": 1.0,
                "equal": same,
            }
        )
    order = sorted(h.nodes)
    for name, eng in (("networkx", "networkx"), ("igraph", "igraph")):
        est, s = timed(
            lambda eng=eng: engine.betweenness(h, weight="afstand", k=k, seed=seed, engine=eng)
        )
        rho = spearmanr([exact[v] for v in order], [est[v] for v in order]).statistic
        out["runs"].append(
            {
                "method": f"{name} sample k={k}",
                "seconds": round(s, 2),
                "spearman": round(rho, 3),
                "top25": top_overlap(exact, est),
            }
        )
    return out


def top_overlap(exact: dict, estimate: dict, n: int = 25) -> float:
    """Share of the exact top ``n`` (the brokers a user reads) that the estimate also
    puts in its top ``n``."""

    def top(scores: dict) -> set:
        return set(sorted(scores, key=lambda v: (-scores[v], v))[:n])

    return round(len(top(exact) & top(estimate)) / n, 2)


def compare_batches(dataset: Dataset, sizes: tuple[int, ...]) -> list[dict[str, Any]]:
    """Load time per batch size (each into a fresh embedded store)."""
    out = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            store, figures = load(dataset, Path(tmp), batch_size=size)
            store.close()
        out.append({"batch_size": size, **figures})
    return out
