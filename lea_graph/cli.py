"""The ``lea-graph`` command line.

Messages are Dutch (they are for the people who keep the network up to date); a
known problem ends with a clear message and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from lea_graph import __version__, model
from lea_graph.errors import LeaGraphError, ReadError
from lea_graph.ingest import Problem, RegisterInput, ValidationReport, read_dataset

__all__ = ["cli", "main"]


def _registers(duo: tuple[Path, ...], duo_sector: str | None, lrk: tuple[Path, ...]):
    return [RegisterInput("duo", p, duo_sector) for p in duo] + [
        RegisterInput("lrk", p) for p in lrk
    ]


def _read(path: Path, duo=(), duo_sector=None, lrk=(), postcodes=None) -> ValidationReport:
    try:
        return read_dataset(path, registers=_registers(duo, duo_sector, lrk), postcodes=postcodes)
    except ReadError as exc:
        return ValidationReport(problems=[Problem(str(path), None, None, "", str(exc))])


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _print_problems(report: ValidationReport) -> None:
    for p in report.errors:
        click.echo(f"FOUT          {p.to_text()}")
    for p in report.warnings:
        click.echo(f"WAARSCHUWING  {p.to_text()}")


def _load_or_exit(path: Path, **kwargs):
    report = _read(path, **kwargs)
    if not report.ok:
        _print_problems(report)
        n = len(report.errors)
        raise click.ClickException(
            f"'{path}' is niet geldig ({n} {'fout' if n == 1 else 'fouten'}); "
            f"zie 'lea-graph validate {path}'."
        )
    return report.dataset


_register_options = [
    click.option(
        "--duo",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        multiple=True,
        help="DUO-bestand 'adressen alle vestigingen' om aan scholen toe te voegen.",
    ),
    click.option(
        "--duo-sector",
        type=click.Choice(model.ENUMS["sector"]),
        help="Sector van de DUO-bestanden zonder kolom 'SOORT PO' (bijv. vo).",
    ),
    click.option(
        "--lrk",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        multiple=True,
        help="LRK-export (Landelijk Register Kinderopvang) om aan scholen toe te voegen.",
    ),
    click.option(
        "--postcodes",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="CSV met kolommen postcode en wijk die registerlocaties aan wijken koppelt.",
    ),
]


def register_options(f):
    for option in reversed(_register_options):
        f = option(f)
    return f


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lea-graph")
def cli() -> None:
    """LEA Graph: het netwerk rond de Lokale Educatieve Agenda als graaf.

    PATH is steeds een map met CSV-bestanden (partners.csv, wijken.csv, ...) of één
    .xlsx-werkmap met een werkblad per tabel.
    """


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@register_options
def validate(path: Path, fmt: str, duo, duo_sector, lrk, postcodes) -> None:
    """Controleer een dataset; exitcode 0 = geldig, 1 = fouten gevonden."""
    report = _read(path, duo, duo_sector, lrk, postcodes)
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for s in report.sources:
            extra = f" ({s.encoding}, scheidingsteken '{s.delimiter}')" if s.encoding else ""
            click.echo(f"gelezen       {s.source}{extra}")
        _print_problems(report)
        counts = ", ".join(f"{t} {_number(n)}" for t, n in report.counts.items() if n)
        if counts:
            click.echo(f"aantallen     {counts}")
        n_err, n_warn = len(report.errors), len(report.warnings)
        if report.ok:
            click.echo(f"GELDIG        {path} ({n_warn} waarschuwingen)")
        else:
            click.echo(
                f"ONGELDIG      {path}: {n_err} {'fout' if n_err == 1 else 'fouten'}, "
                f"{n_warn} waarschuwingen. Er is niets geladen."
            )
    sys.exit(0 if report.ok else 1)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path), required=False)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@register_options
def info(path: Path | None, fmt: str, duo, duo_sector, lrk, postcodes) -> None:
    """Aantallen per soort knoop en relatie (zonder PATH: het Tilburgse netwerk)."""
    from lea_graph.graph import to_graph
    from lea_graph.resources import seed_path

    path = path or seed_path()
    dataset = _load_or_exit(path, duo=duo, duo_sector=duo_sector, lrk=lrk, postcodes=postcodes)
    g = to_graph(dataset)
    nodes = {nk.kind: 0 for nk in model.NODE_KINDS}
    for _, kind in g.nodes(data="kind"):
        nodes[kind] += 1
    edges = {kind: 0 for kind in model.EDGE_KINDS}
    for _, _, kind in g.edges(data="kind"):
        edges[kind] += 1
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "path": str(path),
                    "nodes": nodes,
                    "edges": edges,
                    "total_nodes": g.number_of_nodes(),
                    "total_edges": g.number_of_edges(),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    click.echo(f"Netwerk: {path}")
    click.echo("")
    click.echo("Knopen")
    for nk in model.NODE_KINDS:
        click.echo(f"  {nk.plural:<36} {_number(nodes[nk.kind]):>8}")
    click.echo(f"  {'totaal':<36} {_number(g.number_of_nodes()):>8}")
    click.echo("")
    click.echo("Relaties")
    for rel in model.RELATIONS:
        click.echo(f"  {rel.plural:<36} {_number(edges[rel.kind]):>8}")
    for link in model.LINKS:
        click.echo(f"  {link.title:<36} {_number(edges[link.kind]):>8}")
    click.echo(f"  {'totaal':<36} {_number(g.number_of_edges()):>8}")


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["graphml", "gexf", "json", "xlsx", "csv"]),
    required=True,
    help="graphml/gexf: voor Gephi; json: node-link; xlsx/csv: het gegevensformaat.",
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
@register_options
def export(path: Path, fmt: str, out: Path, excel: bool, duo, duo_sector, lrk, postcodes) -> None:
    """Schrijf een geldige dataset weg als GraphML, GEXF, JSON, XLSX of CSV-map."""
    from lea_graph import export as ex
    from lea_graph.graph import to_graph

    dataset = _load_or_exit(path, duo=duo, duo_sector=duo_sector, lrk=lrk, postcodes=postcodes)
    if fmt == "csv":
        if out.exists() and not out.is_dir():
            raise click.ClickException(f"'{out}' is een bestand; geef bij csv een map op.")
        ex.write_csv_folder(dataset, out, excel=excel)
    elif fmt == "xlsx":
        ex.write_xlsx(dataset, out)
    elif fmt == "graphml":
        ex.write_graphml(to_graph(dataset), out)
    elif fmt == "gexf":
        ex.write_gexf(to_graph(dataset), out)
    else:
        ex.write_json(to_graph(dataset), out)
    click.echo(f"Geschreven: {out}")


@cli.command()
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Bestand (.xlsx).")
@click.option(
    "--markdown", is_flag=True, help="Schrijf de beschrijving van het formaat als Markdown."
)
def template(out: Path, markdown: bool) -> None:
    """Maak een lege Excel-werkmap met alle werkbladen, kopregels en uitleg."""
    from lea_graph.export import data_format_markdown, write_template

    if markdown:
        out.write_text(data_format_markdown() + "\n", encoding="utf-8")
    elif out.suffix.lower() != ".xlsx":
        raise click.ClickException("Geef een bestandsnaam die eindigt op .xlsx.")
    else:
        write_template(out)
    click.echo(f"Geschreven: {out}")


@cli.command()
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

    dataset = generate_tilburg(seed=seed) if tilburg else generate_synthetic(scale, seed=seed)
    write_csv_folder(dataset, out)
    counts = dataset.counts()
    nodes = sum(counts[nk.table] for nk in model.NODE_KINDS)
    rels = sum(counts[r.table] for r in model.RELATIONS)
    click.echo(f"Geschreven: {out} ({_number(nodes)} knopen, {_number(rels)} relaties)")


def main() -> None:
    """Console entry point: run the CLI, turning known errors into Dutch messages."""
    try:
        cli(standalone_mode=True)
    except LeaGraphError as exc:
        click.echo(f"Fout: {exc}", err=True)
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
