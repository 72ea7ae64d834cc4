"""Commands on a dataset itself: validate, info, export, template and generate."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from lea_graph import model
from lea_graph.cli.errors import DutchError, check_output, writing
from lea_graph.cli.options import Source, source_options
from lea_graph.cli.output import echo_counts, echo_problems
from lea_graph.text import number, plural

__all__ = ["export", "generate", "info", "template", "validate"]


@click.command()
@source_options
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def validate(fmt: str, **kwargs: Any) -> None:
    """Controleer een dataset; exitcode 0 = geldig, 1 = fouten gevonden."""
    src = Source.take(kwargs)
    report = src.report()
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for s in report.sources:
            extra = f" ({s.encoding}, scheidingsteken '{s.delimiter}')" if s.encoding else ""
            click.echo(f"gelezen       {s.source}{extra}")
        echo_problems(report)
        counts = ", ".join(f"{t} {number(n)}" for t, n in report.counts.items() if n)
        if counts:
            click.echo(f"aantallen     {counts}")
        n_err, n_warn = len(report.errors), len(report.warnings)
        if report.ok:
            click.echo(f"GELDIG        {src.label} ({n_warn} waarschuwingen)")
        else:
            click.echo(
                f"ONGELDIG      {src.label}: {plural(n_err, 'fout', 'fouten')}, "
                f"{n_warn} waarschuwingen. Er is niets geladen."
            )
    sys.exit(0 if report.ok else 1)


@click.command()
@source_options
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def info(fmt: str, **kwargs: Any) -> None:
    """Aantallen per soort knoop en relatie (zonder PATH: het Tilburgse netwerk)."""
    from lea_graph.graph import to_graph

    src = Source.take(kwargs).or_seed()
    g = to_graph(src.dataset())
    nodes = {nk.kind: 0 for nk in model.NODE_KINDS}
    for _, kind in g.nodes(data="kind"):
        nodes[kind] += 1
    edges = {kind: 0 for kind in model.EDGE_KINDS}
    for _, _, kind in g.edges(data="kind"):
        edges[kind] += 1
    if fmt == "json":
        data = {
            "path": src.label,
            "nodes": nodes,
            "edges": edges,
            "total_nodes": g.number_of_nodes(),
            "total_edges": g.number_of_edges(),
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        echo_counts(f"Netwerk: {src.label}", nodes, edges)


@click.command()
@source_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["graphml", "gexf", "json", "xlsx", "csv", "kumu"]),
    required=True,
    help="graphml/gexf: voor Gephi; json: node-link; xlsx/csv: het gegevensformaat; "
    "kumu: Excel-werkmap voor Kumu (kumu.io).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="Uitvoerbestand (bij csv: een map).",
)
@click.option(
    "--excel",
    is_flag=True,
    help="Alleen bij csv: ';' als scheidingsteken en UTF-8 met BOM, voor Nederlandse Excel.",
)
def export(fmt: str, out: Path, excel: bool, **kwargs: Any) -> None:
    """Schrijf een geldige dataset weg als GraphML, GEXF, JSON, XLSX, CSV-map of voor Kumu."""
    from lea_graph import export as ex
    from lea_graph.graph import to_graph

    if fmt == "csv" and out.exists() and not out.is_dir():
        raise DutchError(f"'{out}' is een bestand; geef bij csv een map op.")
    check_output(out, folder=fmt == "csv")
    dataset = Source.take(kwargs).dataset()
    with writing(out):
        if fmt == "csv":
            ex.write_csv_folder(dataset, out, excel=excel)
        elif fmt == "xlsx":
            ex.write_xlsx(dataset, out)
        elif fmt == "kumu":
            from lea_graph.kumu import write_kumu_xlsx

            write_kumu_xlsx(to_graph(dataset), out)
        else:
            write = {"graphml": ex.write_graphml, "gexf": ex.write_gexf, "json": ex.write_json}
            write[fmt](to_graph(dataset), out)
    click.echo(f"Geschreven: {out}")


@click.command()
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Bestand (.xlsx).")
@click.option(
    "--markdown", is_flag=True, help="Schrijf de beschrijving van het formaat als Markdown."
)
def template(out: Path, markdown: bool) -> None:
    """Maak een lege Excel-werkmap met alle werkbladen, kopregels en uitleg."""
    from lea_graph.export import data_format_markdown, write_template

    if not markdown and out.suffix.lower() != ".xlsx":
        raise DutchError("Geef een bestandsnaam die eindigt op .xlsx.")
    check_output(out)
    with writing(out):
        if markdown:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(data_format_markdown() + "\n", encoding="utf-8")
        else:
            write_template(out)
    click.echo(f"Geschreven: {out}")


@click.command()
@click.option(
    "--scale",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Aantal gemeenten (verzonnen, van Tilburgse omvang).",
)
@click.option("--seed", "seed", type=int, default=42, show_default=True, help="Toevalszaad.")
@click.option(
    "--tilburg",
    is_flag=True,
    help="Maak het Tilburgse netwerk (feiten uit seed/facts plus voorbeeldrelaties).",
)
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Uitvoermap.")
def generate(scale: int, seed: int, tilburg: bool, out: Path) -> None:
    """Maak een voorbeeldnetwerk (alle verzonnen rijen hebben bron=voorbeeld)."""
    from lea_graph.export import write_csv_folder
    from lea_graph.generate import generate_synthetic, generate_tilburg

    if out.exists() and not out.is_dir():
        raise DutchError(f"'{out}' is een bestand; geef een map op.")
    check_output(out, folder=True)
    dataset = generate_tilburg(seed=seed) if tilburg else generate_synthetic(scale, seed=seed)
    with writing(out):
        write_csv_folder(dataset, out)
    counts = dataset.counts()
    nodes = sum(counts[nk.table] for nk in model.NODE_KINDS)
    rels = sum(counts[r.table] for r in model.RELATIONS)
    click.echo(f"Geschreven: {out} ({number(nodes)} knopen, {number(rels)} relaties)")
