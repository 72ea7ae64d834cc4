"""Profile the analytics report on a generated network (issue 17's first step).

Builds the network of ``--scale`` made-up municipalities (all ``bron=voorbeeld``) in
memory, runs :func:`lea_graph.analytics.report.analyse` under pyinstrument (a sampling
profiler: ``pip install pyinstrument``, it is not a dependency of LEA Graph) and writes
the call tree as text, beside the seconds per analysis.

    .venv/bin/python bench/profile.py --scale 342 --out bench/profiles/analyse-342.txt
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pyinstrument import Profiler

from lea_graph.analytics.report import analyse
from lea_graph.generate import generate_synthetic
from lea_graph.graph import to_graph


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=342)
    parser.add_argument("--out", type=Path, default=Path("bench/profiles/analyse-342.txt"))
    args = parser.parse_args(argv)
    t = time.perf_counter()
    g = to_graph(generate_synthetic(args.scale, seed=1))
    print(f"netwerk: {g.number_of_nodes()} knopen, {g.number_of_edges()} relaties "
          f"({time.perf_counter() - t:.1f} s)")  # fmt: skip
    profiler = Profiler(interval=0.01)
    profiler.start()
    report = analyse(g)
    profiler.stop()
    print("seconden per analyse:", report.seconds)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(profiler.output_text(unicode=False, color=False), encoding="utf-8")
    print(f"Geschreven: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
