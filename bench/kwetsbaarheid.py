"""The kwetsbaarheid ranking from Tilburg to the whole country, and what it saves.

For the Tilburg seed and generated networks N times its size (all ``bron=voorbeeld``) it
times :func:`lea_graph.analytics.scenario.vulnerability` (every partner at once, from one
coverage matrix) and, for comparison, the full re-analysis it replaces: ``run()`` with one
partner removed, timed for a sample of partners and multiplied by the number of partners
(an estimate, said so). On the sampled partners it also checks that both give the same
number of emptied cells. At 1× it also times the what-changed comparison of two
schooljaren and writing the A4 report (PDF).

    .venv/bin/python bench/kwetsbaarheid.py                      # 1, 100, 342 (national)
    .venv/bin/python bench/kwetsbaarheid.py --scales 1 10 --sample 3

It prints one table and writes every figure as JSON (default
``bench/results-kwetsbaarheid.json``). Figures: bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import NATIONAL, network, table

from lea_graph.analytics.scenario import Scenario, run, vulnerability
from lea_graph.graph import to_graph


def _seconds(fn):
    t = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - t


def _emptied(result) -> int:
    """Cells a full re-analysis leaves without a partner (as in tests/test_scenario.py)."""
    gaps = result.gaps
    return int((gaps["verandering"] == "verdiept").sum()) if len(gaps) else 0


def measure(scale: int, sample: int, extras: bool) -> dict:
    """Every figure of one network."""
    name, dataset = network(scale)
    g, build_s = _seconds(lambda: to_graph(dataset))
    partners = [n for n, d in g.nodes(data=True) if d.get("kind") == "partner"]
    ranking, incremental_s = _seconds(lambda: vulnerability(g))
    by_partner = dict(zip(ranking["partner"], ranking["lege_cellen"], strict=True))
    # The partners a full re-analysis is timed for: the most vulnerable ones, where it
    # has the most to recompute, then evenly spread over the rest.
    ranked = list(ranking["partner"])
    step = max(1, len(ranked) // max(1, sample))
    chosen = list(dict.fromkeys(ranked[:1] + ranked[::step]))[:sample]
    times, agree = [], 0
    for p in chosen:
        result, s = _seconds(lambda p=p: run(g, Scenario(zonder=[p])))
        times.append(s)
        agree += _emptied(result) == by_partner[p]
    per_partner = sum(times) / len(times) if times else 0.0
    out = {
        "scale": scale,
        "network": name,
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "partners": len(partners),
        "graph_s": round(build_s, 3),
        "kwetsbaarheid_s": round(incremental_s, 3),
        "ms_per_partner": round(1000 * incremental_s / max(1, len(partners)), 3),
        "full_run_per_partner_s": round(per_partner, 3),
        "full_runs_sampled": len(times),
        "full_runs_all_estimated_s": round(per_partner * len(partners), 1),
        "speedup": round(per_partner * len(partners) / incremental_s, 1) if incremental_s else None,
        "sample_agrees": f"{agree}/{len(times)}",
    }
    if extras:
        from lea_graph.analytics.compare import since_previous, trend
        from lea_graph.analytics.report import analyse
        from lea_graph.report_pdf import write_report_pdf

        comparison, out["vergelijking_s"] = _seconds(lambda: since_previous(g))
        report, out["analyse_s"] = _seconds(lambda: analyse(g))
        history, out["trend_s"] = _seconds(lambda: trend(g))
        with tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / "rapport.pdf"
            _, out["pdf_s"] = _seconds(
                lambda: write_report_pdf(
                    report, pdf, comparison=comparison, vulnerability=ranking, trend=history
                )
            )
            out["pdf_kb"] = round(pdf.stat().st_size / 1024)
        for key in ("vergelijking_s", "analyse_s", "trend_s", "pdf_s"):
            out[key] = round(out[key], 3)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 100, NATIONAL])
    parser.add_argument(
        "--sample", type=int, default=5, help="partners timed with a full re-analysis"
    )
    parser.add_argument("--out", type=Path, default=Path("bench/results-kwetsbaarheid.json"))
    args = parser.parse_args(argv)
    started = time.perf_counter()
    results = []
    for scale in args.scales:
        print(f"… {scale}×", file=sys.stderr, flush=True)
        results.append(measure(scale, args.sample, extras=scale == 1))
    table(
        "Kwetsbaarheid: alle partners tegelijk",
        ["netwerk", "knopen", "partners", "ranglijst (s)", "ms per partner",
         "volledige herberekening per partner (s)", "alle partners zo (s, geschat)", "sneller",
         "steekproef gelijk"],
        [[r["network"], r["nodes"], r["partners"], r["kwetsbaarheid_s"], r["ms_per_partner"],
          r["full_run_per_partner_s"], r["full_runs_all_estimated_s"], f"{r['speedup']}×",
          r["sample_agrees"]] for r in results],
    )  # fmt: skip
    tilburg = next((r for r in results if r["scale"] == 1), None)
    if tilburg:
        table(
            "Rapport voor de vergadering (Tilburg)",
            ["stap", "seconden"],
            [["wat is er veranderd (twee schooljaren)", tilburg["vergelijking_s"]],
             ["alle analyses", tilburg["analyse_s"]],
             ["trend per schooljaar", tilburg["trend_s"]],
             [f"pdf schrijven ({tilburg['pdf_kb']} kB)", tilburg["pdf_s"]]],
        )  # fmt: skip
    payload = {
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "datum": time.strftime("%Y-%m-%d %H:%M"),
        "seconden": round(time.perf_counter() - started, 1),
        "netwerken": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nGeschreven: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
