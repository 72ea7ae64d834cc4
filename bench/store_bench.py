"""Benchmark of the graph store: load time and named-query latency.

Runs against the real embedded FalkorDB (or Neo4j with --store neo4j) on the Tilburg
seed and on a generated network N times its size, and prints a table:

    .venv/bin/python bench/store_bench.py [--scale 10] [--repeat 30] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lea_graph.cypher import named_queries
from lea_graph.generate import generate_synthetic
from lea_graph.ingest import load_dataset
from lea_graph.resources import seed_path
from lea_graph.store import open_store


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def sample_params(dataset) -> dict[str, str]:
    return {
        "wijk": next(iter(dataset.ids("wijken"))),
        "hub": next(iter(dataset.ids("hubs"))),
        "id": next(iter(dataset.ids("partners"))),
        "term": "partner" if "Voorbeeldgemeente" in dataset.tables["hubs"]["naam"][0] else "natuur",
    }


def run(name: str, dataset, backend: str | None, repeat: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp, open_store(backend, data_dir=Path(tmp)) as store:
        report = store.load(dataset)
        result = {
            "network": name,
            "backend": store.backend,
            "nodes": report.nodes,
            "relationships": report.relationships,
            "load_s": round(report.seconds, 3),
            "rows_per_s": round(report.rows_per_second),
            "queries": {},
        }
        samples = sample_params(dataset)
        for qname, st in named_queries().items():
            params = {p.name: samples[p.name] for p in st.params if p.required}
            store.query(qname, **params)  # warm up
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                store.query(qname, **params)
                times.append((time.perf_counter() - t) * 1000)
            result["queries"][qname] = {
                "p50_ms": round(statistics.median(times), 2),
                "p95_ms": round(percentile(times, 0.95), 2),
            }
        t = time.perf_counter()
        store.to_networkx()
        result["to_networkx_s"] = round(time.perf_counter() - t, 3)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10, help="size of the generated network")
    parser.add_argument("--repeat", type=int, default=30, help="runs per query")
    parser.add_argument("--store", choices=["embedded", "neo4j"], default=None)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)

    networks = [
        ("Tilburg (seed)", load_dataset(seed_path())),
        (f"generated ×{args.scale}", generate_synthetic(args.scale, seed=1)),
    ]
    results = [run(name, ds, args.store, args.repeat) for name, ds in networks]

    print(f"{'network':<18} {'nodes':>7} {'rels':>8} {'load s':>7} {'rows/s':>8} {'export s':>8}")
    for r in results:
        print(
            f"{r['network']:<18} {r['nodes']:>7} {r['relationships']:>8} {r['load_s']:>7} "
            f"{r['rows_per_s']:>8} {r['to_networkx_s']:>8}"
        )
    print()
    header = f"{'query (ms, p50 / p95)':<28}" + "".join(f"{r['network']:>22}" for r in results)
    print(header)
    for qname in results[0]["queries"]:
        cells = "".join(
            f"{r['queries'][qname]['p50_ms']:>12} / {r['queries'][qname]['p95_ms']:<7}"
            for r in results
        )
        print(f"{qname:<28}{cells}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
