"""The national targets of issue 31 for one store: every page from the database after a
restart, with bounded memory.

For a store with the national network loaded: the explorer's warm-up (the network-wide
analyses and the other kept results, once per version: wall time and peak memory), then
a restarted explorer in a process of its own that opens pages of nodes nobody opened
before (per kind a sample of nodes: the first request of each is the "first page of an
unopened node"), opens them again, opens the main lists, and reports the latencies and
its own peak resident memory (``VmHWM``) beside the store server's.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from measure import peak_mb

from lea_graph.dataset import Dataset

#: Pages about one node, by kind: (table of the dataset, URL pattern).
NODE_PAGES = {
    "wijk": ("wijken", "/wijk/{}"),
    "hub": ("hubs", "/hub/{}"),
    "partner": ("partners", "/partner/{}"),
    "school": ("scholen", "/school/{}"),
    "programma": ("programmas", "/programma/{}"),
    "knoop (api)": ("partners", "/api/v1/knoop/{}"),
    "wijk (api)": ("wijken", "/api/v1/wijk/{}"),
}

#: Pages over the whole network, answered from the kept results.
LIST_PAGES = {
    "overzicht": "/",
    "wijken": "/wijken",
    "hubs": "/hubs",
    "partners": "/partners",
    "scholen": "/scholen",
    "programma's": "/programmas",
    "kaart": "/kaart",
    "gaten": "/analyses/gaten",
    "makelaars": "/analyses/makelaars",
    "zoeken": "/zoeken?q=partner",
    "api zoeken": "/api/v1/zoeken?q=partner",
}


def sample_urls(dataset: Dataset, per_kind: int = 20, seed: int = 3) -> dict[str, list[str]]:
    """Per kind of page ``per_kind`` URLs of distinct nodes drawn at random (fixed seed)."""
    rng = random.Random(seed)  # noqa: S311 - a fixed sample, not a secret
    out = {}
    for kind, (table, pattern) in NODE_PAGES.items():
        ids = sorted(dataset.tables[table]["id"])
        chosen = rng.sample(ids, min(per_kind, len(ids)))
        out[kind] = [pattern.format(i) for i in chosen]
    return out


_WARM = """
import json, os, sys, time
sys.path.insert(0, sys.argv[1])
from measure import make_app, peak_mb
from web import services

app = make_app(__import__("pathlib").Path(sys.argv[2]), **json.loads(sys.argv[3]))
started = time.perf_counter()
with app.test_request_context("/"):
    services.keep_results()
seconds = time.perf_counter() - started
app.extensions["lea_store"].close()
print(json.dumps({"warm_up_s": round(seconds, 1), "warm_up_peak_mb": peak_mb(os.getpid())}))
"""

_PAGES = """
import json, os, statistics, sys, time
sys.path.insert(0, sys.argv[1])
from measure import make_app, peak_mb, percentile

started = time.perf_counter()
app = make_app(__import__("pathlib").Path(sys.argv[2]), **json.loads(sys.argv[3]))
client = app.test_client()
urls, lists = json.loads(sys.argv[4]), json.loads(sys.argv[5])

def get(url):
    t = time.perf_counter()
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    return 1000 * (time.perf_counter() - t)

get(lists["overzicht"])
out = {"restart_first_page_s": round(time.perf_counter() - started, 2), "soorten": {}}
for kind, some in urls.items():
    first = [get(u) for u in some]
    again = [get(u) for u in some]
    out["soorten"][kind] = {
        "first_p95_ms": round(percentile(first, 0.95), 1),
        "first_max_ms": round(max(first), 1),
        "first_p50_ms": round(statistics.median(first), 1),
        "again_p95_ms": round(percentile(again, 0.95), 1),
        "slowest": some[first.index(max(first))],
    }
for name, url in lists.items():
    times = [get(url) for _ in range(10)]
    out["soorten"][name] = {
        "first_p95_ms": round(percentile(times, 0.95), 1),
        "first_max_ms": round(times[0], 1),
        "first_p50_ms": round(statistics.median(times), 1),
        "again_p95_ms": round(percentile(times[1:], 0.95), 1),
        "slowest": url,
    }
out["read_graph"] = "graph" in {k[0] for k in app.extensions.get("lea_cache", {})}
out["serve_peak_mb"] = peak_mb(os.getpid())
server = getattr(app.extensions["lea_store"], "server", None)  # the embedded store's
if server is not None and server.pid():
    out["store_peak_mb"] = peak_mb(server.pid())
app.extensions["lea_store"].close()
print(json.dumps(out))
"""


def _run(script: str, *args: str, env: dict[str, str], timeout: int = 7200) -> dict[str, Any]:
    done = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", script, str(Path(__file__).parent), *args],
        capture_output=True, text=True, check=False, timeout=timeout,
        env={**os.environ, **env},
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def node_pages(
    data_dir: Path, backend: str, dataset: Dataset, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """The warm-up (once per loaded version), then a restarted explorer answering pages.

    ``backend`` is the app's store (``embedded`` or ``neo4j``, its connection in
    ``env``); the store must already hold the network.
    """
    env = env or {}
    config = json.dumps({"STORE": backend})
    warm = _run(_WARM, str(data_dir), config, env=env)
    started = time.perf_counter()
    pages = _run(
        _PAGES,
        str(data_dir),
        config,
        json.dumps(sample_urls(dataset)),
        json.dumps(LIST_PAGES),
        env=env,
    )
    pages["pages_wall_s"] = round(time.perf_counter() - started, 1)
    kinds = pages["soorten"]
    return {
        **warm,
        **pages,
        "node_first_max_ms": max(
            v["first_max_ms"] for k, v in kinds.items() if k not in LIST_PAGES
        ),
        "pages_p95_max_ms": max(v["first_p95_ms"] for v in kinds.values()),
    }


def command(args: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run a command as a user would (``lea-graph ...``): its wall time and its peak
    resident memory (``VmHWM``, read from ``/proc`` while it runs; the last reading
    before it ends is its peak, as the kernel keeps the highest value)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:  # a pipe could fill up and stop it
        proc = subprocess.Popen(  # noqa: S603 (our own command)
            args, stdout=subprocess.DEVNULL, stderr=err, text=True,
            env={**os.environ, **(env or {})},
        )  # fmt: skip
        peak = 0.0
        while proc.poll() is None:
            peak = max(peak, peak_mb(proc.pid) or 0.0)
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        if proc.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"{' '.join(args)}: {err.read()[-1000:]}")
    return {"s": round(seconds, 2), "peak_mb": round(peak, 1)}
