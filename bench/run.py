"""LEA Graph benchmark suite: from Tilburg to the whole country, measured in one run.

For the Tilburg seed and generated networks N times its size (N municipalities' worth,
all ``bron=voorbeeld``) it measures validating the CSV files, loading them into the
embedded FalkorDB store and into Neo4j (a Neo4j of its own, started with
``scripts/neo4j-local.sh``: load rows/s, named-query p50/p95, reading back, side by side
with their ratio), the full analytics report (per analysis), the latency of the main
pages and API calls (first and repeated requests, Flask test client) and the time until
the network view has settled in Chromium; then it compares Louvain and betweenness
implementations and load batch sizes side by side. It prints one table per part, ends
with the targets and whether each was met, and writes everything as JSON.

    .venv/bin/python bench/run.py                    # 1, 10, 100 and 342 (national)
    .venv/bin/python bench/run.py --scales 1 10      # quicker
    .venv/bin/python bench/run.py --stores-only      # only the two stores side by side
    .venv/bin/python bench/run.py --out results.json --no-browser --no-compare --no-neo4j
    .venv/bin/python bench/run.py --groottes         # only the two national networks' sizes
    .venv/bin/python bench/run.py --nationaal --out bench/results-nationaal-31.json
                                                     # the country on one machine, both stores

The national network (342) is by default the real one (``--netwerk duo``): every school
location of DUO's public files with generated partners around them
(:func:`lea_graph.generate.generate_duo_national`, files in ``--echt``); ``--netwerk
gegenereerd`` measures 342 generated municipalities instead. Without the real files the
generated one is measured, with a message.

Figures and the defaults chosen from them: bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure

from lea_graph import model
from lea_graph.dataset import Dataset
from lea_graph.generate import DUO_FILES, generate_duo_national, generate_synthetic
from lea_graph.ingest import load_dataset
from lea_graph.resources import seed_path

NATIONAL = 342  # municipalities in the Netherlands (2025)

#: The shapes of the national network: DUO's real schools with generated partners, or
#: 342 generated municipalities.
NETWERKEN = ("duo", "gegenereerd")

SHARED = Path(__file__).resolve().parents[2] / "shared"
#: The real public files (``duo/``, see its README) and the wijk boundaries there are.
REAL = SHARED / "real"
GEO = SHARED / "geo" / "tilburg-wijken-2024.geojson"

#: (key, description, scale, figure, limit): met when the figure is below the limit.
TARGETS = (
    ("analytics_1", "analyserapport Tilburg < 2 s", 1, ("analytics_s",), 2.0),
    ("analytics_100", "analyserapport 100× < 60 s", 100, ("analytics_s",), 60.0),
    ("load_100", "laden 100× in de ingebouwde opslag < 60 s", 100, ("load_s",), 60.0),
    ("pages_1", "hoofdpagina's p95 Tilburg < 200 ms", 1, ("pages_p95_max_ms",), 200.0),
    ("pages_100", "hoofdpagina's p95 100× < 1 s", 100, ("pages_p95_max_ms",), 1000.0),
    ("view_1", "netwerkweergave Tilburg stabiel < 3 s", 1, ("network_view_s",), 3.0),
    # Issue 17, at national scale: ratios of figures from the same run.
    ("nationaal_rapport", "analyserapport ≤ 3× valideren (nationaal)", 342,
     ("report_per_validate",), 3.0),
    ("nationaal_uitlezen", "uitlezen naar networkx ≤ laden (nationaal)", 342,
     ("read_per_load",), 1.0),
    ("nationaal_herstart", "eerste pagina na herstart < 2 s (nationaal)", 342,
     ("restart_first_page_s",), 2.0),
    ("nationaal_paginas", "hoofdpagina's p95 nationaal < 1 s", 342, ("pages_p95_max_ms",), 1000.0),
    ("nationaal_geheugen", "piekgeheugen verkenner na herstart + nieuwe pagina ≤ 1,5 GB (nationaal)", 342,
     ("serve_peak_mb",), 1500.0),
    ("herstart_100", "eerste pagina na herstart 100× < 2 s", 100, ("restart_first_page_s",), 2.0),
)  # fmt: skip


def network(
    scale: int,
    netwerk: str = "gegenereerd",
    *,
    real: Path = REAL,
    geo: Path | None = GEO,
    gemeenten: list[str] | None = None,
) -> tuple[str, Dataset]:
    """The network of a scale and its name: the Tilburg seed (1), the real national
    network (``netwerk="duo"`` at 342, or only ``gemeenten``) or N generated
    municipalities."""
    if scale == 1:
        return "Tilburg (seed)", load_dataset(seed_path())
    if scale == NATIONAL and netwerk == "duo":
        geo = geo if geo is not None and geo.exists() else None
        dataset = generate_duo_national(real, seed=1, gemeenten=gemeenten, geo=geo)
        name = f"DUO, {len(gemeenten)} gemeenten" if gemeenten else "nationaal (DUO)"
        return name, dataset
    return f"{scale}× gegenereerd", generate_synthetic(scale, seed=1)


def has_real(real: Path) -> bool:
    """Whether the real DUO files of the national network are in ``real``."""
    return all((real / "duo" / name).exists() for name in DUO_FILES.values())


def size(dataset: Dataset) -> dict[str, int]:
    """Nodes, relationships and rows of a dataset as the stores load it, and its
    schools, gemeenten (of the wijken) and partners."""
    tables = dataset.tables
    links = sum(int((tables[link.table][link.column] != "").sum()) for link in model.LINKS)
    return {
        "nodes": sum(len(tables[n.table]) for n in model.NODE_KINDS),
        "relationships": links + sum(len(tables[r.table]) for r in model.RELATIONS),
        "rows": measure.rows_of(dataset),
        "scholen": len(tables["scholen"]),
        "gemeenten": int(tables["wijken"]["gemeente"].replace("", None).nunique()),
        "partners": len(tables["partners"]),
    }


def national_sizes(args) -> list[dict]:
    """Both shapes of the national network built (timed) and counted."""
    out = []
    for netwerk in NETWERKEN:
        if netwerk == "duo" and not has_real(args.echt):
            continue
        (name, dataset), seconds = measure.timed(
            lambda n=netwerk: network(
                NATIONAL, n, real=args.echt, geo=args.geo, gemeenten=args.gemeenten
            )
        )
        out.append(
            {"netwerk": netwerk, "network": name, "build_s": round(seconds, 1), **size(dataset)}
        )
        del dataset
    return out


def sizes_table(rows: list[dict]) -> None:
    table(
        "Nationale netwerken naast elkaar",
        ["", *[r["network"] for r in rows]],
        [
            [label, *[f"{r[key]:,}".replace(",", ".") for r in rows]]
            for label, key in (
                ("knopen", "nodes"),
                ("relaties", "relationships"),
                ("rijen", "rows"),
                ("scholen", "scholen"),
                ("gemeenten", "gemeenten"),
                ("partners", "partners"),
            )
        ]
        + [["opbouwen (s)", *[r["build_s"] for r in rows]]],
    )


def line(cells: list, widths: list[int]) -> str:
    return "  ".join(
        str(c).ljust(w) if i == 0 else str(c).rjust(w)
        for i, (c, w) in enumerate(zip(cells, widths, strict=True))
    )


def table(title: str, header: list[str], rows: list[list]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(f"\n## {title}\n")
    print(line(header, widths))
    print(line(["-" * w for w in widths], widths))
    for r in rows:
        print(line(r, widths))


def run_scale(scale: int, args, chromium: str | None, neo4j) -> dict:
    (name, dataset), seconds = measure.timed(
        lambda: network(scale, args.netwerk, real=args.echt, geo=args.geo, gemeenten=args.gemeenten)
    )
    print(f"\n# {name} (opgebouwd in {seconds:.1f} s)", flush=True)
    result: dict = {"scale": scale, "network": name, "build_s": round(seconds, 2)}
    if scale == NATIONAL:
        result["netwerk"] = args.netwerk
        # Only some gemeenten: no national figure, the national targets stay unmeasured.
        result["deel"] = bool(args.gemeenten) and args.netwerk == "duo"
    with tempfile.TemporaryDirectory(prefix="lea-bench-") as tmp:
        tmp = Path(tmp)
        result.update(measure.validate(dataset, tmp))
        print(f"  gevalideerd: {result['validate_s']} s", flush=True)
        store, figures = measure.load(dataset, tmp / "data")
        result.update(figures)
        print(f"  geladen: {result['load_s']} s ({result['rows_per_s']} rijen/s)", flush=True)
        try:
            result["queries"] = measure.queries(store, dataset, args.repeat)
            if args.stores_only:
                _, seconds = measure.timed(store.to_networkx)
                result["to_networkx_s"] = round(seconds, 2)
            else:
                g, figures = measure.analytics(store)
                result.update(figures)
                print(f"  analyses: {result['analytics_s']} s", flush=True)
        finally:
            store.close()
        if neo4j is not None:
            try:
                result["neo4j"] = measure.neo4j_stage(neo4j, dataset, args.repeat)
                n = result["neo4j"]
                print(
                    f"  Neo4j: geladen in {n['load_s']} s ({n['rows_per_s']} rijen/s)", flush=True
                )
            except Exception as exc:  # one failed measurement must not lose the others
                result["neo4j_error"] = f"{type(exc).__name__}: {exc}"[:300]
                print(f"  Neo4j: mislukt ({result['neo4j_error']})", flush=True)
        if args.stores_only:
            return result
        urls = measure.page_urls(g)
        result["pages"] = measure.pages(tmp / "data", urls, args.repeat)
        result["pages_p95_max_ms"] = max(p["p95_ms"] for p in result["pages"].values())
        print(f"  pagina's: hoogste p95 {result['pages_p95_max_ms']} ms", flush=True)
        result.update(measure.restart(tmp / "data"))
        print(
            f"  na herstart: eerste pagina in {result['restart_first_page_s']} s "
            f"(cache {result['cache_mb']} MB)",
            flush=True,
        )
        result.update(measure.serve_memory(tmp / "data", urls, measure.fresh_page(g)))
        print(
            f"  verkenner na herstart: piek {result['serve_cached_peak_mb']} MB na alle "
            f"pagina's van voor de herstart, {result['serve_peak_mb']} MB na een nieuwe "
            f"pagina ({result['serve_fresh_page_s']} s)",
            flush=True,
        )
        result["report_per_validate"] = round(result["analytics_s"] / result["validate_s"], 2)
        result["read_per_load"] = round(result["to_networkx_s"] / result["load_s"], 2)
        if chromium:
            try:
                result.update(measure.browser_network(tmp / "data", chromium))
                print(f"  browser: {result['network_view_s']} s", flush=True)
            except Exception as exc:  # one failed measurement must not lose the others
                result["browser_error"] = f"{type(exc).__name__}: {exc}"[:300]
                print(f"  browser: mislukt ({result['browser_error']})", flush=True)
        if args.compare and scale in args.compare_scales:
            result["louvain"] = measure.compare_louvain(g)
            result["betweenness"] = measure.compare_betweenness(g, exact_networkx=scale <= 10)
            print("  vergelijkingen klaar", flush=True)
        if args.compare and scale == args.batch_scale:
            result["batches"] = measure.compare_batches(dataset, (100, 500, 1000, 5000, 20000))
    return result


def ratio(embedded: float, neo4j: float) -> str:
    return f"{neo4j / embedded:.1f}×" if embedded else "-"


def stores_table(results: list[dict]) -> None:
    """FalkorDB (embedded) and Neo4j side by side, with Neo4j's figure over FalkorDB's."""
    both = [r for r in results if "neo4j" in r]
    if not both:
        return

    def cell(embedded: float, neo4j: float) -> str:
        return f"{embedded} / {neo4j} ({ratio(embedded, neo4j)})"

    rows = []
    for label, key in (
        ("laden (s)", "load_s"),
        ("laden (rijen/s)", "rows_per_s"),
        ("uitlezen naar networkx (s)", "to_networkx_s"),
    ):
        rows.append([label, *[cell(r[key], r["neo4j"][key]) for r in both]])
    for q in both[0]["queries"]:
        for pct in ("p50_ms", "p95_ms"):
            label = f"{q} {pct.removesuffix('_ms')} (ms)"
            rows.append(
                [label, *[cell(r["queries"][q][pct], r["neo4j"]["queries"][q][pct]) for r in both]]
            )
    rows.append(
        [
            "geheugen Neo4j-proces (MB, piek)",
            *[f"{r['neo4j']['server_mb']} ({r['neo4j']['server_peak_mb']})" for r in both],
        ]
    )
    table(
        "Opslag naast elkaar: ingebouwd (FalkorDB) / Neo4j (Neo4j ÷ ingebouwd)",
        ["", *[r["network"] for r in both]],
        rows,
    )


def report(results: list[dict], stores_only: bool = False) -> list[dict]:
    scales = [r["network"] for r in results]
    stores_table(results)
    if stores_only:
        return []
    table(
        "Grootte, valideren, laden, analyses",
        ["", *scales],
        [
            ["knopen", *[r["nodes"] for r in results]],
            ["relaties", *[r["relationships"] for r in results]],
            ["rijen", *[r["rows"] for r in results]],
            ["valideren (s)", *[r["validate_s"] for r in results]],
            ["laden (s)", *[r["load_s"] for r in results]],
            ["laden (rijen/s)", *[r["rows_per_s"] for r in results]],
            ["uitlezen naar networkx (s)", *[r["to_networkx_s"] for r in results]],
            ["geheugen networkx-kopie (MB)", *[r.get("graph_mb", "") for r in results]],
            ["  met analyses (MB)", *[r.get("analysed_mb", "") for r in results]],
            ["geheugen opslagserver (MB)", *[r.get("store_server_mb", "") for r in results]],
            ["analyserapport (s)", *[r["analytics_s"] for r in results]],
            ["  rapport / valideren", *[r.get("report_per_validate", "") for r in results]],
            ["  uitlezen / laden", *[r.get("read_per_load", "") for r in results]],
            [
                "eerste pagina na herstart (s)",
                *[r.get("restart_first_page_s", "") for r in results],
            ],
            ["  resultaten op schijf (MB)", *[r.get("cache_mb", "") for r in results]],
            [
                "piekgeheugen verkenner na herstart (MB)",
                *[r.get("serve_cached_peak_mb", "") for r in results],
            ],
            [
                "  en na een nieuwe pagina (MB)",
                *[r.get("serve_peak_mb", "") for r in results],
            ],
            ["  die nieuwe pagina (s)", *[r.get("serve_fresh_page_s", "") for r in results]],
            ["  makelaars: methode", *[r["brokers_method"] for r in results]],
            ["  gemeenschappen: rekenkern", *[r["communities_engine"] for r in results]],
        ],
    )
    steps = list(results[-1]["per_analysis_s"])
    table(
        "Analyses (s)",
        ["analyse", *scales],
        [[s, *[r["per_analysis_s"].get(s, "") for r in results]] for s in steps],
    )
    table(
        "Pagina's en API (ms: eerste keer / p50 / p95)",
        ["pagina", *scales],
        [
            [
                page,
                *[
                    f"{r['pages'][page]['cold_ms']} / {r['pages'][page]['p50_ms']} / "
                    f"{r['pages'][page]['p95_ms']}"
                    for r in results
                ],
            ]
            for page in results[0]["pages"]
        ],
    )
    table(
        "Benoemde Cypher-vragen in de ingebouwde opslag (ms: p50 / p95)",
        ["vraag", *scales],
        [
            [q, *[f"{r['queries'][q]['p50_ms']} / {r['queries'][q]['p95_ms']}" for r in results]]
            for q in results[0]["queries"]
        ],
    )
    if any("network_view_s" in r for r in results):
        table(
            "Browser: /netwerk tot de weergave stilstaat",
            ["", *scales],
            [
                ["seconden (mediaan van 3)", *[r.get("network_view_s", "") for r in results]],
                ["getekende knopen", *[r.get("drawn_nodes", "") for r in results]],
            ],
        )
    for r in results:
        if "louvain" in r:
            table(
                f"Louvain op de partnerprojectie ({r['network']})",
                ["methode", "s", "modulariteit", "gemeenschappen"],
                [
                    [x["method"], x["seconds"], x["modularity"], x["communities"]]
                    for x in r["louvain"]
                ],
            )
        if "betweenness" in r:
            b = r["betweenness"]
            table(
                f"Betweenness op de partnerprojectie ({r['network']}: "
                f"{b['nodes']} knopen, {b['edges']} lijnen)",
                ["methode", "s", "Spearman t.o.v. exact", "top 25 gelijk"],
                [[x["method"], x["seconds"], x["spearman"], x.get("top25", "")] for x in b["runs"]],
            )
        if "batches" in r:
            table(
                f"Batchgrootte bij laden ({r['network']})",
                ["batch", "laden (s)", "rijen/s"],
                [[x["batch_size"], x["load_s"], x["rows_per_s"]] for x in r["batches"]],
            )
    verdicts = []
    by_scale = {r["scale"]: r for r in results}
    for key, text, scale, (figure,), limit in TARGETS:
        r = by_scale.get(scale)
        value = r.get(figure) if r and not r.get("deel") else None
        status = (
            "niet gemeten" if value is None else ("gehaald" if value <= limit else "NIET gehaald")
        )
        verdicts.append(
            {"doel": key, "omschrijving": text, "waarde": value, "grens": limit, "status": status}
        )
    table(
        "Doelen",
        ["doel", "gemeten", "grens", "status"],
        [[v["omschrijving"], v["waarde"] if v["waarde"] is not None else "-", v["grens"], v["status"]]
         for v in verdicts],
    )  # fmt: skip
    return verdicts


def start_neo4j(wanted: bool):
    """The bench's own Neo4j, or None (with the reason) when it is not wanted or cannot run."""
    if not wanted:
        return None
    missing = [t for t in ("java", "mvn") if shutil.which(t) is None]
    if missing:
        print(f"Neo4j wordt overgeslagen: {', '.join(missing)} ontbreekt.", file=sys.stderr)
        return None
    neo4j = measure.BenchNeo4j()
    print(f"Neo4j {neo4j.version} gestart voor de meting (heap {neo4j.heap}).", flush=True)
    return neo4j


def run_nationaal(args) -> int:
    """The national targets of issue 31 on both stores (:mod:`nationaal`)."""
    import nationaal

    started = time.perf_counter()
    sizes = national_sizes(args)
    sizes_table(sizes)
    (name, dataset), seconds = measure.timed(
        lambda: network(
            NATIONAL, args.netwerk, real=args.echt, geo=args.geo, gemeenten=args.gemeenten
        )
    )
    print(f"\n# {name} (opgebouwd in {seconds:.1f} s)", flush=True)
    neo4j = start_neo4j(args.neo4j)
    try:
        result = nationaal.run(dataset, name, neo4j, args.repeat)
    finally:
        if neo4j is not None:
            neo4j.stop()
    nationaal.print_tables(result, table)
    total = time.perf_counter() - started
    print(f"\nTotale duur: {total / 60:.1f} min. Resultaten: {args.out}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    machine = {"python": platform.python_version(), "cpus": os.cpu_count(),
               "platform": platform.platform()}  # fmt: skip
    report = {
        "machine": machine,
        "gemeten_op": time.strftime("%Y-%m-%d %H:%M"),
        "duur_s": round(total),
        "nationale_netwerken": sizes,
        "nationaal": result,
    }
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if any(k.endswith("_fout") for k in result) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100, NATIONAL])
    parser.add_argument("--repeat", type=int, default=20, help="requests per page")
    parser.add_argument("--out", type=Path, default=Path("bench/results.json"))
    parser.add_argument("--no-browser", dest="browser", action="store_false")
    parser.add_argument("--no-compare", dest="compare", action="store_false")
    parser.add_argument("--compare-scales", type=int, nargs="*", default=[10, 100])
    parser.add_argument("--batch-scale", type=int, default=10)
    parser.add_argument("--no-neo4j", dest="neo4j", action="store_false")
    parser.add_argument(
        "--stores-only",
        action="store_true",
        help="alleen valideren, laden, benoemde vragen en uitlezen, op beide opslagen",
    )
    parser.add_argument(
        "--netwerk",
        choices=NETWERKEN,
        default="duo",
        help="het nationale netwerk (342): de echte scholen van DUO met gegenereerde "
        "partners (standaard), of 342 gegenereerde gemeenten",
    )
    parser.add_argument(
        "--echt",
        type=Path,
        default=REAL,
        help=f"map met de openbare bestanden van DUO in duo/ (standaard {REAL})",
    )
    parser.add_argument(
        "--geo",
        type=Path,
        default=GEO,
        help="wijkgrenzen voor het echte netwerk (standaard die van Tilburg)",
    )
    parser.add_argument(
        "--gemeenten",
        nargs="+",
        metavar="GEMEENTE",
        help="alleen deze gemeenten in het echte nationale netwerk (om het snel te proberen)",
    )
    parser.add_argument(
        "--nationaal",
        action="store_true",
        help="alleen de doelen van het land op één machine (issue 31): het nationale netwerk "
        "op beide opslagen naast elkaar, pagina's na herstart, geheugen, lea-graph analyse",
    )
    parser.add_argument(
        "--groottes",
        action="store_true",
        help="alleen de twee nationale netwerken opbouwen en hun grootte tonen",
    )
    args = parser.parse_args(argv)
    if args.netwerk == "duo" and not has_real(args.echt):
        print(
            f"De openbare bestanden van DUO staan niet in {args.echt / 'duo'}: het nationale "
            "netwerk wordt het gegenereerde (--netwerk gegenereerd).",
            file=sys.stderr,
        )
        args.netwerk = "gegenereerd"
    if args.groottes:
        sizes_table(national_sizes(args))
        return 0
    if args.nationaal:
        return run_nationaal(args)
    chromium = None
    if args.browser:
        chromium = shutil.which("chromium") or (
            "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None
        )
        if chromium is None:
            print("Chromium niet gevonden: de browsermeting wordt overgeslagen.", file=sys.stderr)
    started = time.perf_counter()
    results, failed = [], []
    neo4j = start_neo4j(args.neo4j)
    try:
        for scale in sorted(set(args.scales)):
            try:
                results.append(run_scale(scale, args, chromium, neo4j))
            except Exception as exc:  # a scale that fails must not lose the others' figures
                failed.append({"scale": scale, "fout": f"{type(exc).__name__}: {exc}"[:500]})
                print(f"  MISLUKT: {failed[-1]['fout']}", flush=True)
    finally:
        if neo4j is not None:
            neo4j.stop()
    verdicts = report(results, args.stores_only) if results else []
    national = []
    if NATIONAL in args.scales and not args.stores_only:
        national = national_sizes(args)
        sizes_table(national)
    for f in failed:
        print(f"\nSchaal {f['scale']}× mislukt: {f['fout']}")
    total = time.perf_counter() - started
    print(f"\nTotale duur: {total / 60:.1f} min. Resultaten: {args.out}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "machine": {
                    "python": platform.python_version(),
                    "cpus": os.cpu_count(),
                    "platform": platform.platform(),
                },
                "gemeten_op": time.strftime("%Y-%m-%d %H:%M"),
                "duur_s": round(total),
                "netwerken": results,
                "mislukt": failed,
                "nationale_netwerken": national,
                "doelen": verdicts,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
