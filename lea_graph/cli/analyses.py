"""The analyse command: every analysis as one report in Markdown, JSON or Excel."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from lea_graph.cli.errors import DutchError, check_output, writing
from lea_graph.cli.options import Source, source_options

__all__ = ["analyse"]


@click.command()
@source_options
@click.option("--schooljaar", help="Alleen dit schooljaar, bijvoorbeeld 2024-2025.")
@click.option(
    "--format", "fmt", type=click.Choice(["md", "json", "xlsx"]), default="md", show_default=True
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="Bestand (nodig bij xlsx)."
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Toevalszaad voor de analyses."
)
@click.option(
    "--top", type=click.IntRange(min=1), default=50, show_default=True,
    help="Hoeveel ontbrekende verbanden en gaten met kandidaten.",
)  # fmt: skip
def analyse(
    schooljaar: str | None, fmt: str, out: Path | None, seed: int, top: int, **kwargs: Any
) -> None:
    """Alle analyses: dekking en gaten, LEA-doelen, isolement, makelaars, gemeenschappen
    en ontbrekende verbanden (zonder PATH: het Tilburgse netwerk)."""
    from lea_graph.analytics.report import analyse as run_analyses
    from lea_graph.analytics.report import report_json, report_markdown, write_report_xlsx
    from lea_graph.model import parse_schooljaar

    if schooljaar and parse_schooljaar(schooljaar) is None:
        raise DutchError(f"'{schooljaar}' is geen schooljaar; schrijf het als 2024-2025.")
    if fmt == "xlsx" and out is None:
        raise DutchError("Geef bij --format xlsx een --out bestand.xlsx op.")
    if out is not None:
        check_output(out)
    report = run_analyses(Source.take(kwargs).or_seed().network(), schooljaar, seed=seed, top=top)
    if fmt == "xlsx":
        with writing(out):
            write_report_xlsx(report, out)
        click.echo(f"Geschreven: {out}")
        return
    if fmt == "md":
        text = report_markdown(report)
    else:
        text = json.dumps(report_json(report), ensure_ascii=False, indent=2)
    if out is None:
        click.echo(text)
        return
    with writing(out):
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    click.echo(f"Geschreven: {out}")
