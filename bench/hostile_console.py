"""Hostile console queries (issue 25, finding 10): what one huge answer costs.

For each store (the embedded FalkorDB; Neo4j when Java and Maven are there, a Neo4j of
the bench's own) it loads the Tilburg seed, then a beheerder runs each query below in the
console of a freshly started explorer, in a process of its own. It prints, per query:

* the seconds until the page came back, its status and its size in bytes;
* the explorer's peak resident memory during the run (``VmHWM`` of its process: the
  explorer started, logged in, answered the one query);
* the database server's resident memory right after the page and 10 s later (what the
  server keeps; the FalkorDB ``redis-server`` of the data directory, or the Neo4j JVM).

    .venv/bin/python bench/hostile_console.py                 # both stores
    .venv/bin/python bench/hostile_console.py --no-neo4j --out /tmp/x.json

The figures go to ``bench/results-console.json`` (``--out``). To measure older code, run
this file from a worktree of that code (``PYTHONPATH`` set to the worktree); it uses only
the explorer's public parts (the app factory, ``/login``, ``/console``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure
from run import table

#: name -> query. The first is the finding; the second holds a huge list in the
#: database only (a small answer), the third is many rows of small values.
QUERIES = {
    "range_20m": "RETURN range(1, 20000000) AS r",
    "collect_20m": "UNWIND range(1, 20000000) AS x WITH collect(x) AS l RETURN size(l) AS n",
    "rows_3m": "UNWIND range(1, 3000000) AS x RETURN x, toString(x) AS t",
}

#: The explorer in a process of its own: starts, logs in, runs one query, reports.
_CHILD = r"""
import json, re, sys, time
from pathlib import Path
from werkzeug.security import generate_password_hash
from web import create_app

backend, data_dir, cypher = sys.argv[1], sys.argv[2], sys.argv[3]


def peak_mb():
    status = open("/proc/self/status").read().splitlines()
    return round(next(int(l.split()[1]) for l in status if l.startswith("VmHWM")) / 1024, 1)


def token(client, url):
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


users = {"beheer": {"rol": "beheerder",
                    "wachtwoord": generate_password_hash("bench-wachtwoord-1",
                                                         method="pbkdf2:sha256:1000")}}
app = create_app({"DATA_DIR": data_dir, "TESTING": True, "STORE": backend,
                  "SEED_ON_EMPTY": False, "USERS": users})
client = app.test_client()
client.post("/login", data={"naam": "beheer", "wachtwoord": "bench-wachtwoord-1",
                            "csrf_token": token(client, "/login")})
csrf = token(client, "/console")
before = peak_mb()
started = time.perf_counter()
response = client.post("/console", data={"cypher": cypher, "csrf_token": csrf})
seconds = time.perf_counter() - started
page = response.get_data()
note = re.search(rb'<p class="(?:warning|report-bad)"[^>]*>(.*?)</p>', page, re.S)
result = {
    "seconds": round(seconds, 2),
    "status": response.status_code,
    "page_bytes": len(page),
    "app_peak_before_mb": before,
    "app_peak_mb": peak_mb(),
    "note": note.group(1).decode()[:300] if note else "",
}
app.extensions["lea_store"].close()
print(json.dumps(result))
"""


def run_query(backend: str, data_dir: Path, cypher: str, env: dict[str, str]) -> dict:
    """One query in a freshly started explorer (a process of its own)."""
    out = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", _CHILD, backend, str(data_dir), cypher],
        capture_output=True, text=True, timeout=1800, check=False, env={**os.environ, **env},
    )  # fmt: skip
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1:] or ["?"]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def server_memory(pid: int | None) -> dict:
    """The server's resident memory now and 10 s later, in MB."""
    now = measure.rss_mb(pid) if pid else None
    time.sleep(10)
    return {"server_mb": now, "server_mb_10s": measure.rss_mb(pid) if pid else None}


def embedded(dataset) -> dict:
    from lea_graph.store.embedded import EmbeddedStore

    out = {}
    with tempfile.TemporaryDirectory(prefix="lea-bench-console-") as tmp:
        store = EmbeddedStore(Path(tmp))  # keeps the server up between the queries
        try:
            store.load(dataset, source="bench")
            pid = store.server.pid()
            out["server_mb_loaded"] = measure.rss_mb(pid)
            for name, cypher in QUERIES.items():
                figures = run_query("embedded", Path(tmp), cypher, {})
                out[name] = {**figures, **server_memory(store.server.pid())}
                print("embedded", name, out[name], flush=True)
        finally:
            store.close()
    return out


def neo4j(dataset) -> dict:
    db = measure.BenchNeo4j()
    out = {"neo4j": db.version}
    try:
        store = db.store()
        store.load(dataset, source="bench")
        store.close()
        out["server_mb_loaded"] = measure.rss_mb(db.pid())
        with tempfile.TemporaryDirectory(prefix="lea-bench-console-") as tmp:
            for name, cypher in QUERIES.items():
                figures = run_query("neo4j", Path(tmp), cypher, db.env)
                out[name] = {**figures, **server_memory(db.pid())}
                print("neo4j", name, out[name], flush=True)
    finally:
        db.stop()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("bench/results-console.json"))
    parser.add_argument("--no-neo4j", dest="neo4j", action="store_false")
    args = parser.parse_args(argv)

    from lea_graph.ingest import load_dataset
    from lea_graph.resources import seed_path

    dataset = load_dataset(seed_path())
    results = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "gemeten_op": time.strftime("%Y-%m-%d %H:%M"),
        "queries": QUERIES,
        "embedded": embedded(dataset),
    }
    if args.neo4j:
        results["neo4j"] = neo4j(dataset)
    table(
        "Vijandige console-vragen",
        ["opslag", "vraag", "s", "status", "pagina (bytes)", "app piek (MB)",
         "server na (MB)", "server na 10 s (MB)"],
        [[store, name, r.get("seconds"), r.get("status"), r.get("page_bytes"),
          r.get("app_peak_mb"), r.get("server_mb"), r.get("server_mb_10s")]
         for store in ("embedded", "neo4j") if store in results
         for name, r in results[store].items() if isinstance(r, dict)],
    )  # fmt: skip
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
