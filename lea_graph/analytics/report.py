"""All analyses together, as one report: Markdown, JSON or an Excel workbook.

The workbook has one sheet per analysis with Dutch headers, ready for a meeting of the
begeleidingsgroep. Every cell is written as text or a number, never as a formula.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from lea_graph import model, tijd
from lea_graph.analytics import brokers as _brokers
from lea_graph.analytics import communities as _communities
from lea_graph.analytics import coverage, indicators, isolation, suggestions
from lea_graph.bereik import pct_down, pct_up
from lea_graph.text import LIST_SEP

__all__ = ["SECTIONS", "Report", "analyse", "report_json", "report_markdown", "write_report_xlsx"]

#: (attribute, sheet title, one-line explanation) in report order.
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("targets", "LEA-doelen", "De bereiksdoelen voor brede talentontwikkeling uit de uitvoeringsagenda."),
    ("health", "Netwerkgezondheid", "Dichtheid, samenwerking tussen hubs en partners per school, per schooljaar."),
    ("coverage_table", "Dekking wijk x hub", "Aantal partners dat elke wijk per hub bereikt (via scholen en wijkinzet)."),
    ("gaps", "Gaten", f"Hub × wijk-cellen zonder of met één partner, gerangschikt naar behoefte. {coverage.GAP_RULE}"),
    ("gap_candidates", "Kandidaten voor gaten", "Partners die een gat kunnen vullen, met redenen."),
    ("school_domains", "Domeinen per school", "Welke van de zes domeinen elke school of opvanglocatie heeft en mist."),
    ("isolated", "Geisoleerde partners", "Partners zonder samenwerking en zonder hub."),
    ("idle", "Zonder activiteit", "Scholen en opvanglocaties zonder activiteit van een partner."),
    ("single", "Hangt op 1 partner", "Wijken en hub × wijk-cellen die van één partner afhangen."),
    ("cut", "Verbindende partners", "Partners zonder wie het samenwerkingsnetwerk uiteenvalt."),
    ("bastions", "Gesloten bastions", "Aandeel van de samenwerkingen van hubleden dat binnen de hub blijft."),
    ("brokers", "Makelaars", "Partners die anderen verbinden (betweenness) in het samenwerkingsnetwerk en via gedeelde scholen, wijken en programma's."),
    ("community_table", "Gemeenschappen", "Groepen partners die via scholen, wijken en programma's samen optrekken (Louvain)."),
    ("missing_links", "Ontbrekende verbanden", "Partnerparen met veel gedeelde context maar zonder vastgelegde samenwerking."),
)  # fmt: skip


@dataclass
class Report:
    """Every analysis of one network (and optionally one schooljaar)."""

    schooljaar: str | None
    created: str  # when it was made, as stored (:func:`lea_graph.tijd.stamp`)
    size: dict[str, int]
    targets: list[indicators.Indicator]
    health: pd.DataFrame
    coverage: pd.DataFrame
    coverage_table: pd.DataFrame
    gaps: pd.DataFrame
    gap_candidates: pd.DataFrame
    school_domains: pd.DataFrame
    isolated: pd.DataFrame
    idle: pd.DataFrame
    single: pd.DataFrame
    cut: pd.DataFrame
    bastions: pd.DataFrame
    brokers: pd.DataFrame
    communities: Any
    community_table: pd.DataFrame
    missing_links: pd.DataFrame
    seconds: dict[str, float] = field(default_factory=dict)

    def frame(self, name: str) -> pd.DataFrame:
        """A section as a table (the targets too)."""
        if name == "targets":
            rows = []
            for i in self.targets:
                d = i.to_dict()
                first = {"code": i.code, "naam": i.naam, "bereik": i.bereik, "status": i.status}
                d["doel"] = f"{100 * i.doel:.0f}%"
                d["ondergrens"] = "" if i.ondergrens is None else pct_down(i.ondergrens)
                d["bovengrens"] = "" if i.bovengrens is None else pct_up(i.bovengrens)
                d["ontbrekend"] = LIST_SEP.join(d["ontbrekend"])
                d.pop("bereik_kort")
                rows.append({**first, **d})
            return pd.DataFrame(rows, dtype=object)
        return getattr(self, name)


def analyse(
    g: nx.MultiDiGraph,
    schooljaar: str | None = None,
    *,
    seed: int = 0,
    top: int = 50,
    engine: str = "auto",
) -> Report:
    """Run every analysis on a network.

    Parameters
    ----------
    g
        The network graph (:func:`lea_graph.graph.to_graph` or a store's ``to_networkx``).
    schooljaar
        Only this schooljaar, or None for all years.
    seed
        Random seed for the analyses that sample or use randomness.
    top
        How many missing links and gaps with candidates to keep.
    engine
        Engine of betweenness and Louvain: ``"auto"``, ``"networkx"`` or ``"igraph"``
        (:mod:`lea_graph.analytics.engine`).

    Returns
    -------
    Report
        With ``seconds`` per analysis.
    """
    seconds: dict[str, float] = {}

    def timed(name: str, fn, *args, **kwargs):
        t = time.perf_counter()
        result = fn(*args, **kwargs)
        seconds[name] = round(time.perf_counter() - t, 3)
        return result

    kinds: dict[str, int] = {}
    for _, kind in g.nodes(data="kind"):
        kinds[kind] = kinds.get(kind, 0) + 1
    matrix = timed("coverage", coverage.coverage_matrix, g, schooljaar)
    table = matrix.pivot_table(
        index="wijk_naam", columns="hub_naam", values="partners", aggfunc="sum"
    )
    table = table.reset_index().rename(columns={"wijk_naam": "wijk"})
    gaps = timed("gaps", coverage.coverage_gaps, g, schooljaar)
    candidates = timed(
        "gap_candidates", suggestions.gap_suggestions, g, gaps.head(min(top, 20)), schooljaar
    )
    found = timed("communities", _communities.communities, g, schooljaar, seed=seed, engine=engine)
    return Report(
        schooljaar=schooljaar,
        created=tijd.stamp(),
        size=kinds,
        targets=timed("targets", indicators.lea_targets, g, schooljaar),
        health=timed("health", indicators.network_health, g),
        coverage=matrix,
        coverage_table=table,
        gaps=gaps,
        gap_candidates=candidates,
        school_domains=timed("school_domains", coverage.school_domains, g, schooljaar),
        isolated=timed("isolated", isolation.isolated_partners, g, schooljaar),
        idle=timed("idle", isolation.idle_locations, g, schooljaar),
        single=timed("single", isolation.single_partner_dependencies, g, schooljaar),
        cut=timed("cut", isolation.cut_partners, g, schooljaar),
        bastions=timed("bastions", isolation.bastion_scores, g, schooljaar),
        brokers=timed("brokers", _brokers.brokers, g, schooljaar, seed=seed, engine=engine),
        communities=found,
        community_table=found.table,
        missing_links=timed("missing_links", suggestions.missing_links, g, schooljaar, top=top),
        seconds=seconds,
    )


# -- output -------------------------------------------------------------------------------------


header = model.column_label  # Dutch column headers, as on the pages


def _plain(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return _plain(value.item())
    if isinstance(value, set | frozenset | tuple):
        return sorted(_plain(v) for v in value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """A table as JSON-ready records (NaN → None, numpy → Python)."""
    return [{str(k): _plain(v) for k, v in row.items()} for row in df.to_dict(orient="records")]


def report_json(report: Report) -> dict[str, Any]:
    """The report as one JSON-ready dict."""
    out: dict[str, Any] = {
        "schooljaar": report.schooljaar,
        "gemaakt_op": tijd.iso(report.created),
        "omvang": report.size,
        "seconden": report.seconds,
        "gemeenschappen_modulariteit": _plain(report.communities.modularity),
        "gemeenschappen_vs_hubs": _plain(report.communities.alignment),
    }
    for attr, _, _ in SECTIONS:
        out[attr] = records(report.frame(attr))
    out["targets"] = [_plain(i.to_dict()) for i in report.targets]  # numbers, not percentages
    return out


def _md_cell(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, float):
        value = round(value, 3)
    return str(value).replace("|", "\\|").replace("\n", " ")


def _md_table(df: pd.DataFrame, limit: int) -> str:
    if df.empty:
        return "_Niets gevonden._"
    cols = list(df.columns)
    lines = ["| " + " | ".join(header(c) for c in cols) + " |", "|" + "---|" * len(cols)]
    for row in df.head(limit).itertuples(index=False):
        lines.append("| " + " | ".join(_md_cell(v) for v in row) + " |")
    if len(df) > limit:
        lines.append(
            f"\n_… en nog {len(df) - limit} rijen (alles staat in de Excel- of JSON-versie)._"
        )
    return "\n".join(lines)


def report_markdown(report: Report, *, limit: int = 15) -> str:
    """The report as Markdown, with the first ``limit`` rows of each table."""
    year = report.schooljaar or "alle schooljaren"
    size = ", ".join(f"{n} {k}" for k, n in sorted(report.size.items()))
    parts = [
        f"# Analyse van het LEA-netwerk ({year})",
        "",
        f"Gemaakt op {tijd.tijd_nl(report.created)}. Netwerk: {size}.",
        "",
        f"Gemeenschappen: modulariteit {report.communities.modularity:.2f}. "
        f"{report.communities.alignment.get('toelichting', '')}",
    ]
    for attr, title, text in SECTIONS:
        parts += ["", f"## {title}", "", text, "", _md_table(report.frame(attr), limit)]
    return "\n".join(parts) + "\n"


def write_report_xlsx(report: Report, out: str | Path) -> Path:
    """Write the report as a workbook: a summary sheet, then one sheet per analysis.

    Cells are written as text or numbers, never as formulas, and text that a spreadsheet
    could read as a formula (starting with ``=``, ``+``, ``-``, ``@``) gets an apostrophe
    (:func:`lea_graph.spreadsheet.sheet_cell`).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from lea_graph.spreadsheet import sheet_cell

    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")

    def cell(ws, value, *, style=None):
        value = _plain(value)
        if isinstance(value, float):
            value = round(value, 4)
        if isinstance(value, list | dict):
            value = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        c = sheet_cell(ws, value)
        if style == "header":
            c.font, c.fill = bold, fill
            c.alignment = Alignment(wrap_text=True, vertical="top")
        elif style == "title":
            c.font = Font(bold=True, size=14)
        return c

    summary = wb.create_sheet("Samenvatting")
    summary.column_dimensions["A"].width = 32
    summary.column_dimensions["B"].width = 110
    summary.append(
        [
            cell(
                summary,
                f"Analyse van het LEA-netwerk ({report.schooljaar or 'alle schooljaren'})",
                style="title",
            )
        ]
    )
    summary.append([cell(summary, "Gemaakt op"), cell(summary, tijd.tijd_nl(report.created))])
    for kind, n in sorted(report.size.items()):
        summary.append([cell(summary, f"Aantal {kind}"), cell(summary, n)])
    summary.append([])
    summary.append(
        [cell(summary, "Werkblad", style="header"), cell(summary, "Wat staat erop", style="header")]
    )
    for _, title, text in SECTIONS:
        summary.append([cell(summary, title), cell(summary, text)])
    for attr, title, text in SECTIONS:
        ws = wb.create_sheet(title[:31])
        df = report.frame(attr)
        ws.freeze_panes = "A3"
        for i, col in enumerate(df.columns):
            letter = _column_letter(i)
            width = 60 if col in ("toelichting", "redenen", "berekening", "leden") else 18
            ws.column_dimensions[letter].width = width
        ws.append([cell(ws, text)])
        ws.append([cell(ws, header(c), style="header") for c in df.columns])
        for row in df.itertuples(index=False):
            ws.append([cell(ws, v) for v in row])
    wb.save(path)
    return path


def _column_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i + 1)
