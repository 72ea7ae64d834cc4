"""How results look on the screen: problems, counts per kind, query rows as a table."""

from __future__ import annotations

import json
from typing import Any

import click

from lea_graph import model
from lea_graph.ingest import ValidationReport
from lea_graph.text import number

__all__ = ["cell", "echo_counts", "echo_problems", "table"]


def echo_problems(report: ValidationReport) -> None:
    """Every error, then every warning, one line each."""
    for p in report.errors:
        click.echo(f"FOUT          {p.to_text()}")
    for p in report.warnings:
        click.echo(f"WAARSCHUWING  {p.to_text()}")


def echo_counts(title: str, nodes: dict[str, int], edges: dict[str, int]) -> None:
    """The number of nodes and relationships of every kind, under ``title``."""
    click.echo(title)
    click.echo("")
    click.echo("Knopen")
    for nk in model.NODE_KINDS:
        click.echo(f"  {nk.plural:<36} {number(nodes[nk.kind]):>8}")
    click.echo(f"  {'totaal':<36} {number(sum(nodes.values())):>8}")
    click.echo("")
    click.echo("Relaties")
    for rel in model.RELATIONS:
        click.echo(f"  {rel.plural:<36} {number(edges[rel.kind]):>8}")
    for link in model.LINKS:
        click.echo(f"  {link.title:<36} {number(edges[link.kind]):>8}")
    click.echo(f"  {'totaal':<36} {number(sum(edges.values())):>8}")


def cell(value: Any) -> str:
    """A query value as text: nothing for None, lists joined, maps as JSON.

    Examples
    --------
    >>> cell(None), cell(["a", "b"]), cell({"n": 1}), cell(3)
    ('', 'a, b', '{"n": 1}', '3')
    """
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def table(rows: list[dict[str, Any]], width: int = 48) -> str:
    """Query rows as aligned columns, each cell cut at ``width`` characters.

    Examples
    --------
    >>> print(table([{"id": "w-1", "naam": "Heikant"}, {"id": "w-22", "naam": None}]))
    id    naam
    ----  -------
    w-1   Heikant
    w-22
    >>> table([])
    '(geen resultaten)'
    """
    if not rows:
        return "(geen resultaten)"
    cols = list(rows[0])
    cells = [[cell(r.get(c))[:width] for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(line.rstrip() for line in lines)
