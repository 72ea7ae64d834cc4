"""The country on one machine (issue 31): the national network on both stores, side by
side, with every target and whether it was met.

For the national network (the real one of DUO's schools by default): validating and
analysing its CSV files as a user runs them (``lea-graph validate``, ``lea-graph
analyse``: wall time and peak memory); then per store (the embedded FalkorDB and a Neo4j
of the bench's own) loading, the named queries, reading the network back for the
analyses, the explorer's warm-up, and a restarted explorer answering pages of nodes
nobody opened before (:mod:`paginas`), with its peak memory and the store's beside it.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import measure
import paginas

from lea_graph.dataset import Dataset
from lea_graph.export import write_csv_folder

#: (key, description, figure, limit, per store): met when the figure is at most the limit.
TARGETS = (
    ("pagina_p95", "elke pagina p95 < 300 ms (na herstart, nieuwe knopen)", "pages_p95_max_ms", 300.0, True),
    ("eerste_pagina", "eerste pagina van een ongeopende knoop < 1 s", "node_first_max_ms", 1000.0, True),
    ("geheugen_verkenner", "piekgeheugen verkenner < 600 MB", "serve_peak_mb", 600.0, True),
    ("uitlezen", "uitlezen voor de analyses ≤ 1× laden", "read_per_load", 1.0, True),
    ("analyse_geheugen", "lea-graph analyse piekgeheugen < 3 GB", "analyse_peak_mb", 3000.0, False),
    ("analyse_tijd", "lea-graph analyse ≤ 3× lea-graph validate", "analyse_per_validate", 3.0, False),
)  # fmt: skip

STORES = ("embedded", "neo4j")
STORE_NAMES = {"embedded": "ingebouwd (FalkorDB)", "neo4j": "Neo4j"}


def _cli() -> str:
    return str(Path(shutil.which("lea-graph") or Path(__file__).parents[1] / ".venv/bin/lea-graph"))


def files(dataset: Dataset, workdir: Path) -> dict[str, Any]:
    """``lea-graph validate`` and ``lea-graph analyse`` on the network's CSV files."""
    folder = workdir / "csv"
    write_csv_folder(dataset, folder)
    validate = paginas.command([_cli(), "validate", str(folder)])
    out = workdir / "rapport" / "analyse.json"
    analyse = paginas.command(
        [_cli(), "analyse", str(folder), "--format", "json", "--out", str(out)]
    )
    written = [p for p in out.parent.rglob("*") if p.is_file()]
    return {
        "validate_s": validate["s"],
        "validate_peak_mb": validate["peak_mb"],
        "analyse_s": analyse["s"],
        "analyse_peak_mb": analyse["peak_mb"],
        "analyse_per_validate": round(analyse["s"] / validate["s"], 2),
        "analyse_files": len(written),
        "analyse_json_mb": round(out.stat().st_size / 1e6, 2),
        "analyse_total_mb": round(sum(p.stat().st_size for p in written) / 1e6, 1),
    }


def store_stage(
    backend: str, dataset: Dataset, workdir: Path, neo4j=None, repeat: int = 20
) -> dict:
    """Load, named queries, reading back, warm-up and pages on one store."""
    data_dir = workdir / f"data-{backend}"
    env = neo4j.env if neo4j is not None else {}
    store, figures = measure.load(dataset, data_dir, store=neo4j.store() if neo4j else None)
    try:
        figures["queries"] = measure.queries(store, dataset, repeat)
        _, seconds = measure.timed(store.to_networkx)
        figures["to_networkx_s"] = round(seconds, 2)
        figures["read_per_load"] = round(seconds / figures["load_s"], 2)
        server = neo4j.pid() if neo4j else store.server.pid()
    finally:
        store.close()
    figures.update(paginas.node_pages(data_dir, backend, dataset, env))
    if neo4j is not None:  # the embedded store's is read by the pages' process
        figures["store_peak_mb"] = measure.peak_mb(server) if server else None
    return figures


def verdicts(result: dict) -> list[dict]:
    """Every target of :data:`TARGETS` with its figure and ``gehaald`` / ``niet gehaald``
    (``niet gemeten`` when the figure is missing), per store where it is a store's."""
    out = []
    for key, text, figure, limit, per_store in TARGETS:
        for backend in STORES if per_store else (None,):
            value = (result.get(backend) or {}).get(figure) if backend else result.get(figure)
            status = "niet gemeten" if value is None else (
                "gehaald" if value <= limit else "niet gehaald")  # fmt: skip
            out.append({"doel": key, "tekst": text, "opslag": backend, "waarde": value,
                        "grens": limit, "status": status})  # fmt: skip
    return out


def run(dataset: Dataset, name: str, neo4j, repeat: int = 20) -> dict[str, Any]:
    """The whole national measurement (``neo4j`` None: the embedded store only)."""
    result: dict[str, Any] = {"network": name}
    with tempfile.TemporaryDirectory(prefix="lea-bench-nationaal-") as tmp:
        tmp = Path(tmp)
        result.update(files(dataset, tmp))
        print(f"  valideren {result['validate_s']} s, analyse {result['analyse_s']} s "
              f"(piek {result['analyse_peak_mb']} MB)", flush=True)  # fmt: skip
        for backend in STORES:
            if backend == "neo4j" and neo4j is None:
                continue
            try:
                result[backend] = store_stage(
                    backend, dataset, tmp, neo4j if backend == "neo4j" else None, repeat
                )
                r = result[backend]
                print(f"  {STORE_NAMES[backend]}: geladen {r['load_s']} s, pagina's p95 ≤ "
                      f"{r['pages_p95_max_ms']} ms, piek {r['serve_peak_mb']} MB", flush=True)  # fmt: skip
            except Exception as exc:  # one failed store must not lose the other's figures
                result[f"{backend}_fout"] = f"{type(exc).__name__}: {exc}"[:500]
                print(f"  {STORE_NAMES[backend]}: MISLUKT {result[f'{backend}_fout']}", flush=True)
    result["doelen"] = verdicts(result)
    return result


def print_tables(result: dict, table) -> None:
    """The stores side by side and the targets, with ``table(title, header, rows)``."""
    stores = [b for b in STORES if b in result]
    header = ["", *[STORE_NAMES[b] for b in stores]]

    def row(label: str, key: str, fmt=lambda v: v) -> list:
        return [label, *[fmt(result[b].get(key)) if result[b].get(key) is not None else "-"
                         for b in stores]]  # fmt: skip

    rows = [
        row("laden (s)", "load_s"),
        row("laden (rijen/s)", "rows_per_s"),
        row("uitlezen voor de analyses (s)", "to_networkx_s"),
        row("uitlezen / laden", "read_per_load"),
        row("voorberekenen na laden (s)", "warm_up_s"),
        row("piekgeheugen voorberekenen (MB)", "warm_up_peak_mb"),
        row("eerste pagina na herstart (s)", "restart_first_page_s"),
        row("hoogste p95 pagina's (ms)", "pages_p95_max_ms"),
        row("traagste eerste pagina van een knoop (ms)", "node_first_max_ms"),
        row("piekgeheugen verkenner (MB)", "serve_peak_mb"),
        row("geheugen opslag (MB, piek)", "store_peak_mb"),
    ]
    table(f"{result['network']}: de twee opslagen naast elkaar", header, rows)
    kinds = list(next(iter(result[b]["soorten"] for b in stores), {}))
    table(
        "Pagina's na herstart (ms): eerste keer p50 / p95 / max, tweede keer p95",
        header,
        [[k, *[_page(result[b]["soorten"].get(k)) for b in stores]] for k in kinds],
    )
    names = sorted({n for b in stores for n in result[b].get("queries", {})})
    table(
        "Benoemde vragen (ms, p50 / p95)",
        header,
        [[n, *[_query(result[b].get("queries", {}).get(n)) for b in stores]] for n in names],
    )
    table(
        "Bestanden: zoals een gebruiker ze draait",
        ["", "waarde"],
        [
            ["lea-graph validate (s)", result.get("validate_s")],
            ["lea-graph analyse (s)", result.get("analyse_s")],
            ["analyse / valideren", result.get("analyse_per_validate")],
            ["piekgeheugen analyse (MB)", result.get("analyse_peak_mb")],
            ["rapport: samenvatting (MB)", result.get("analyse_json_mb")],
            ["rapport: alle bestanden (MB, aantal)",
             f"{result.get('analyse_total_mb')} ({result.get('analyse_files')})"],
        ],
    )  # fmt: skip
    table(
        "Doelen (issue 31)",
        ["doel", "opslag", "gemeten", "grens", "status"],
        [[v["tekst"], STORE_NAMES.get(v["opslag"], "-"), v["waarde"] if v["waarde"] is not None
          else "-", v["grens"], v["status"]] for v in result["doelen"]],
    )  # fmt: skip


def _page(p: dict | None) -> str:
    if not p:
        return "-"
    return f"{p['first_p50_ms']} / {p['first_p95_ms']} / {p['first_max_ms']} · {p['again_p95_ms']}"


def _query(q: dict | None) -> str:
    return f"{q['p50_ms']} / {q['p95_ms']}" if q else "-"


def markdown(result: dict) -> str:
    """The tables of :func:`print_tables` as Markdown (for ``docs/scaling.md``)."""
    parts: list[str] = []

    def md_table(title: str, header: list[str], rows: list[list]) -> None:
        parts.append(f"\n#### {title}\n")
        parts.append("| " + " | ".join(map(str, header)) + " |")
        parts.append("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")
        parts.extend("| " + " | ".join(map(str, r)) + " |" for r in rows)

    print_tables(result, md_table)
    return "\n".join(parts) + "\n"
