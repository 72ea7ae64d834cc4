"""Benchmark of the analytics report: seconds per analysis on the seed and on
generated networks 10× and 100× its size.

    .venv/bin/python bench/analytics_bench.py [--scales 10 100] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from lea_graph.analytics.report import analyse
from lea_graph.generate import generate_synthetic
from lea_graph.graph import to_graph
from lea_graph.ingest import load_dataset
from lea_graph.resources import seed_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="*", default=[10, 100])
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)

    networks = [("Tilburg (seed)", lambda: load_dataset(seed_path()))]
    networks += [
        (f"generated ×{n}", lambda n=n: generate_synthetic(n, seed=1)) for n in args.scales
    ]
    results = []
    for name, make in networks:
        g = to_graph(make())
        started = time.perf_counter()
        report = analyse(g, seed=0)
        total = time.perf_counter() - started
        results.append(
            {
                "network": name,
                "nodes": g.number_of_nodes(),
                "edges": g.number_of_edges(),
                "total_s": round(total, 2),
                "seconds": report.seconds,
                "brokers_method": str(report.brokers["methode"].iloc[0])
                if len(report.brokers)
                else "",
            }
        )
        print(
            f"{name}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges, {total:.2f} s",
            flush=True,
        )

    print()
    steps = list(results[0]["seconds"])
    print(f"{'analysis (s)':<16}" + "".join(f"{r['network']:>18}" for r in results))
    for step in steps:
        print(f"{step:<16}" + "".join(f"{r['seconds'].get(step, 0):>18.2f}" for r in results))
    print(f"{'total':<16}" + "".join(f"{r['total_s']:>18.2f}" for r in results))
    print()
    for r in results:
        print(f"brokers on {r['network']}: {r['brokers_method']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
