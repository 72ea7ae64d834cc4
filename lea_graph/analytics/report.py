"""All analyses together, as one report: Markdown, JSON, an Excel workbook, and the
whole tables as CSV files.

The workbook has one sheet per analysis with Dutch headers, ready for a meeting of the
begeleidingsgroep. Every cell is written as text or a number, never as a formula.

A national network gives tables of tens of thousands of rows. The report a person reads
(:func:`report_markdown`, :func:`report_summary`) shows the first rows of each table; the
whole tables go to a folder of CSV files (:func:`write_tables`), written a block of rows
at a time, with Dutch headers as in the explorer's downloads.
"""

from __future__ import annotations

import csv
import math
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from lea_graph import model, tijd
from lea_graph.analytics import brokers as _brokers
from lea_graph.analytics import communities as _communities
from lea_graph.analytics import coverage, gemeenten, indicators, isolation, suggestions
from lea_graph.analytics.network import DOMAINS
from lea_graph.bereik import pct_down, pct_up
from lea_graph.spreadsheet import FORMULA_START, safe_cell
from lea_graph.text import LIST_SEP, fold, plural

__all__ = [
    "SECTIONS",
    "Report",
    "TableFile",
    "analyse",
    "coverage_table",
    "header",
    "report_json",
    "report_markdown",
    "report_summary",
    "table_cell",
    "table_name",
    "write_report_xlsx",
    "write_tables",
]

#: (attribute, sheet title, one-line explanation) in report order.
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("targets", "LEA-doelen", "De bereiksdoelen voor brede talentontwikkeling uit de uitvoeringsagenda."),
    ("per_gemeente", "Per gemeente", f"Wijken, scholen en opvang, hubs, partners, gaten, geïsoleerde partners, locaties zonder activiteit en het bereik in PacT-wijken en wijken met lage SES, per gemeente. {gemeenten.RULE}"),
    ("health", "Netwerkgezondheid", "Dichtheid, samenwerking tussen hubs en partners per school, per schooljaar."),
    ("coverage_table", "Dekking wijk x hub", "Aantal partners dat elke wijk per hub bereikt (via scholen en wijkinzet). Met meer gemeenten: per domein (de hub van dat domein in de gemeente van de wijk)."),
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
    per_gemeente: pd.DataFrame
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
    table = timed("coverage_table", coverage_table, matrix, g)
    gaps = timed("gaps", coverage.coverage_gaps, g, schooljaar)
    candidates = timed(
        "gap_candidates", suggestions.gap_suggestions, g, gaps.head(min(top, 20)), schooljaar
    )
    found = timed("communities", _communities.communities, g, schooljaar, seed=seed, engine=engine)
    isolated = timed("isolated", isolation.isolated_partners, g, schooljaar)
    idle = timed("idle", isolation.idle_locations, g, schooljaar)
    per_gemeente = timed(
        "per_gemeente",
        gemeenten.per_gemeente, g, schooljaar, gaps=gaps, isolated=isolated, idle=idle,
    )  # fmt: skip
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
        isolated=isolated,
        idle=idle,
        single=timed("single", isolation.single_partner_dependencies, g, schooljaar),
        cut=timed("cut", isolation.cut_partners, g, schooljaar),
        bastions=timed("bastions", isolation.bastion_scores, g, schooljaar),
        brokers=timed("brokers", _brokers.brokers, g, schooljaar, seed=seed, engine=engine),
        communities=found,
        community_table=found.table,
        missing_links=timed("missing_links", suggestions.missing_links, g, schooljaar, top=top),
        per_gemeente=per_gemeente,
        seconds=seconds,
    )


def coverage_table(matrix: pd.DataFrame, g: nx.MultiDiGraph) -> pd.DataFrame:
    """The coverage matrix as a table to read: a row per wijk, a column per hub with the
    number of partners that reach the wijk (empty where the hub does not pair with it).

    With hubs of more than one gemeente (every gemeente has its own hub per domain) the
    columns are ``gemeente``, ``wijk`` and the six domains, as on the explorer's heatmap:
    a column per hub would make thousands of columns, nearly all empty. The rows are
    then sorted by gemeente and wijk.

    Parameters
    ----------
    matrix
        :func:`lea_graph.analytics.coverage.coverage_matrix`.
    g
        The graph it was computed from (for the gemeente of each wijk).
    """
    hub_gemeenten = {
        x if isinstance(x, str) and x else None for x in matrix["hub_gemeente"].tolist()
    }
    if len(hub_gemeenten) <= 1:
        table = matrix.pivot_table(
            index="wijk_naam", columns="hub_naam", values="partners", aggfunc="sum"
        )
        return table.reset_index().rename(columns={"wijk_naam": "wijk"})
    column = [
        d.capitalize() if isinstance(d, str) and d else "Overig"
        for d in matrix["hub_domein"].tolist()
    ]
    cells = pd.DataFrame({"w": matrix["wijk"], "kolom": column, "partners": matrix["partners"]})
    table = cells.pivot_table(index="w", columns="kolom", values="partners", aggfunc="sum")
    order = [d.capitalize() for d in DOMAINS]
    table = table[
        [c for c in order if c in table.columns] + sorted(set(table.columns) - set(order))
    ]
    table.columns.name = None
    wijken = table.index.tolist()
    names = dict(zip(matrix["wijk"].tolist(), matrix["wijk_naam"].tolist(), strict=True))
    where = [g.nodes[w].get("gemeente", "") if w in g else "" for w in wijken]
    table.insert(0, "wijk", [names[w] for w in wijken])
    table.insert(0, "gemeente", where)
    rank = sorted(
        range(len(wijken)),
        key=lambda i: (fold(str(where[i])), str(where[i]), str(names[wijken[i]]), wijken[i]),
    )
    return table.iloc[rank].reset_index(drop=True)


# -- output -------------------------------------------------------------------------------------


#: Headers of the report's own columns that :func:`lea_graph.model.column_label` would
#: not say well.
_LABELS = {
    "scholen": "Scholen",
    "geisoleerde_partners": "Geïsoleerde partners",
    "zonder_activiteit": "Locaties zonder activiteit",
    **{
        f"{code}_{key}": text.format(where=where)
        for code, where in (("pact", "PacT-wijken"), ("lage_ses", "wijken met lage SES"))
        for key, text in (
            ("leerlingen", "Leerlingen in {where}"),
            ("bereikt_min", "Bereikt in {where} (ondergrens)"),
            ("bereikt_max", "Bereikt in {where} (bovengrens)"),
            ("bereik", "Bereik in {where}"),
        )
    },
}


def header(column: Any) -> str:
    """The Dutch header of a report column, as on the pages (:func:`lea_graph.model.column_label`).

    Examples
    --------
    >>> header("wijk_naam"), header("pact_bereik")
    ('Naam wijk', 'Bereik in PacT-wijken')
    """
    return _LABELS.get(str(column)) or model.column_label(column)


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


def _summary_head(report: Report) -> dict[str, Any]:
    return {
        "schooljaar": report.schooljaar,
        "gemaakt_op": tijd.iso(report.created),
        "omvang": report.size,
        "seconden": report.seconds,
        "gemeenschappen_modulariteit": _plain(report.communities.modularity),
        "gemeenschappen_vs_hubs": _plain(report.communities.alignment),
    }


def report_json(report: Report) -> dict[str, Any]:
    """The whole report as one JSON-ready dict, every row of every table (for a small
    network; the command line writes :func:`report_summary` and :func:`write_tables`)."""
    out = _summary_head(report)
    for attr, _, _ in SECTIONS:
        out[attr] = records(report.frame(attr))
    out["targets"] = [_plain(i.to_dict()) for i in report.targets]  # numbers, not percentages
    return out


# -- the whole tables as files ------------------------------------------------------------------


#: Rows per block when a table is written: a block at a time is turned into text.
CHUNK_ROWS = 5_000


def table_name(attr: str) -> str:
    """The file name (without extension) of a section's table: its Dutch title, in
    lower case, with dashes.

    Examples
    --------
    >>> table_name("gaps"), table_name("coverage_table"), table_name("isolated")
    ('gaten', 'dekking-wijk-x-hub', 'geisoleerde-partners')
    """
    title = next(t for a, t, _ in SECTIONS if a == attr)
    return re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-")


def table_cell(value: Any) -> Any:
    """A cell of the CSV tables: empty for a missing value, ``ja``/``nee`` for yes/no,
    whole numbers without decimals, other numbers rounded to 4 decimals (with a point),
    lists joined with ``"; "``, and text that a spreadsheet could read as a formula with
    an apostrophe in front (:func:`lea_graph.spreadsheet.safe_cell`).

    Examples
    --------
    >>> [table_cell(v) for v in (None, float("nan"), True, 3.0, 0.123456, 7, "=1+1", "Noord")]
    ['', '', 'ja', 3, 0.1235, 7, "'=1+1", 'Noord']
    >>> table_cell(["b", "a"]), table_cell({"b", "a"})
    ('b; a', 'a; b')
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        value = value.item()
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return int(value) if value.is_integer() else round(value, 4)
    if isinstance(value, int):
        return value
    if isinstance(value, set | frozenset):
        value = sorted(map(str, value))
    if isinstance(value, list | tuple):
        return safe_cell(LIST_SEP.join(map(str, value)))
    return safe_cell(str(value))


@dataclass(frozen=True)
class TableFile:
    """A section's whole table as written by :func:`write_tables`."""

    attr: str
    title: str
    csv: Path
    rows: int
    columns: list[str]
    parquet: Path | None = None

    def to_dict(self, relative_to: Path | None = None) -> dict[str, Any]:
        """What the summary says about the table: its file, rows and columns."""

        def where(path: Path | None) -> str | None:
            if path is None:
                return None
            if relative_to is None:
                return str(path)
            return os.path.relpath(path, relative_to)

        return {
            "titel": self.title,
            "bestand": where(self.csv),
            "parquet": where(self.parquet),
            "rijen": self.rows,
            "kolommen": self.columns,
            "koppen": [header(c) for c in self.columns],
        }


def _parquet() -> Any:
    """``pyarrow.parquet`` when it is installed (it is no dependency), else None."""
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet as pq
    except ImportError:
        return None
    return pq


def _cells(values: pd.Series) -> list[Any]:
    """:func:`table_cell` of every value of a column, the common cases quicker."""
    items = values.tolist()
    kind = values.dtype.kind
    if kind == "b":
        return ["ja" if v else "nee" for v in items]
    if kind in "iu":
        return items
    return [
        v if type(v) is str and not v.startswith(FORMULA_START) else table_cell(v) for v in items
    ]


def _write_csv(df: pd.DataFrame, path: Path, chunk_rows: int) -> None:
    """UTF-8 with BOM, ``;`` between fields and CRLF line ends, as the explorer's
    downloads (they open correctly in Dutch Excel); a block of rows at a time."""
    columns = list(df.columns)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        writer.writerow([header(c) for c in columns])
        for start in range(0, len(df), chunk_rows):
            block = df.iloc[start : start + chunk_rows]
            cells = [_cells(block.iloc[:, i]) for i in range(len(columns))]
            writer.writerows(zip(*cells, strict=True))
            del block, cells


def _write_parquet(pq: Any, df: pd.DataFrame, path: Path, chunk_rows: int) -> None:
    """The table with its own column names and types, a block of rows at a time."""
    import pyarrow as pa

    frame = df.copy(deep=False)
    frame.columns = [str(c) for c in frame.columns]
    schema = pa.Schema.from_pandas(frame, preserve_index=False)
    with pq.ParquetWriter(path, schema) as writer:
        for start in range(0, max(len(frame), 1), chunk_rows):
            block = frame.iloc[start : start + chunk_rows]
            writer.write_table(pa.Table.from_pandas(block, schema=schema, preserve_index=False))


def write_tables(
    report: Report, folder: str | Path, *, chunk_rows: int = CHUNK_ROWS
) -> dict[str, TableFile]:
    """Write every section's whole table into ``folder``: ``<name>.csv``
    (:func:`table_name`; Dutch headers, :func:`table_cell`), and ``<name>.parquet`` (the
    column names and types of the report) when pyarrow is installed.

    Each file is written a block of ``chunk_rows`` rows at a time, so that no table is
    ever held as text or as Python rows as a whole. A ``.parquet`` file of an earlier run
    is removed when pyarrow is not installed, so that the folder holds this report only.

    Returns
    -------
    dict
        Section → :class:`TableFile`, in report order.
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    pq = _parquet()
    written: dict[str, TableFile] = {}
    for attr, title, _ in SECTIONS:
        df = report.frame(attr)
        name = table_name(attr)
        path = out / f"{name}.csv"
        _write_csv(df, path, chunk_rows)
        parquet = out / f"{name}.parquet"
        if pq is None:
            parquet.unlink(missing_ok=True)
            parquet = None
        else:
            _write_parquet(pq, df, parquet, chunk_rows)
        written[attr] = TableFile(attr, title, path, len(df), [str(c) for c in df.columns], parquet)
    return written


# -- what a person reads ------------------------------------------------------------------------


def report_summary(
    report: Report,
    *,
    top: int = 50,
    tables: dict[str, TableFile] | None = None,
    relative_to: Path | None = None,
) -> dict[str, Any]:
    """The report to read, as a JSON-ready dict: the figures of :func:`report_json`, but
    of every table only the first ``top`` rows (in the report's order), and under
    ``tabellen`` per section its title, number of rows, columns (``kolommen``, and their
    Dutch headers ``koppen``) and the file with the whole table (``bestand``, and
    ``parquet``; None when no tables were written).

    Parameters
    ----------
    report
        The report.
    top
        Rows per table.
    tables
        The whole tables as written by :func:`write_tables`, if they were.
    relative_to
        Give the files relative to this folder (the summary's own).
    """
    out = _summary_head(report)
    out["rijen_per_tabel"] = top
    listing: dict[str, Any] = {}
    for attr, title, _ in SECTIONS:
        df = report.frame(attr)
        out[attr] = records(df.head(top))
        if tables and attr in tables:
            listing[attr] = tables[attr].to_dict(relative_to)
        else:
            columns = [str(c) for c in df.columns]
            listing[attr] = {"titel": title, "bestand": None, "parquet": None, "rijen": len(df),
                             "kolommen": columns, "koppen": [header(c) for c in columns]}  # fmt: skip
    out["targets"] = [_plain(i.to_dict()) for i in report.targets]  # numbers, not percentages
    out["tabellen"] = listing
    return out


#: The longest cell the report's Markdown shows whole (the longest on the Tilburg seed has
#: some 1,100 characters; nationally a cell can list thousands of schools).
MD_CELL_CHARS = 1_500


def _md_cell(value: Any, longest: int | None = None) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, float):
        value = round(value, 3)
    text = str(value)
    if longest is not None and len(text) > longest:
        text = text[:longest].rsplit(" ", 1)[0] + " … (ingekort)"
    return text.replace("|", "\\|").replace("\n", " ")


def _md_table(
    df: pd.DataFrame, limit: int, *, more: str | None = None, longest: int | None = None
) -> str:
    """The first ``limit`` rows as a Markdown table; ``more`` says where the rest is
    (default: in the Excel or JSON version); cells longer than ``longest`` characters
    are shortened."""
    if df.empty:
        return "_Niets gevonden._"
    cols = list(df.columns)
    lines = ["| " + " | ".join(header(c) for c in cols) + " |", "|" + "---|" * len(cols)]
    for row in df.head(limit).itertuples(index=False):
        lines.append("| " + " | ".join(_md_cell(v, longest) for v in row) + " |")
    if len(df) > limit:
        rest = plural(len(df) - limit, "rij", "rijen")
        lines.append(f"\n_… en nog {rest} ({more or 'alles staat in de Excel- of JSON-versie'})._")
    return "\n".join(lines)


#: The columns the Markdown shows of a section (the tables have them all).
_MD_COLUMNS = {
    "per_gemeente": [
        "gemeente", "wijken", "scholen", "hubs", "partners", "gaten", "geisoleerde_partners",
        "zonder_activiteit", "pact_bereik", "lage_ses_bereik",
    ],
}  # fmt: skip


def report_markdown(
    report: Report,
    *,
    limit: int = 15,
    tables: dict[str, TableFile] | None = None,
    relative_to: Path | None = None,
) -> str:
    """The report as Markdown, with the first ``limit`` rows of each table (a cell of
    more than :data:`MD_CELL_CHARS` characters shortened).

    Parameters
    ----------
    report
        The report.
    limit
        Rows per table.
    tables
        The whole tables as written by :func:`write_tables`: each table then says in
        which file the rest of its rows is.
    relative_to
        Name those files relative to this folder (the Markdown file's own).
    """
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
    if tables:
        first = next(iter(tables.values())).csv
        folder = first.parent if relative_to is None else os.path.relpath(first.parent, relative_to)
        parts += ["", f"Elke tabel toont de eerste {limit} rijen. Alle rijen staan in CSV-bestanden "
                  f"in de map {folder}."]  # fmt: skip
    for attr, title, text in SECTIONS:
        df = report.frame(attr)
        if attr in _MD_COLUMNS:
            df = df[[c for c in _MD_COLUMNS[attr] if c in df.columns]]
        more = "alle rijen: als CSV-bestanden met --tabellen MAP, of in de Excel-versie"
        if tables and attr in tables:
            path = tables[attr].csv
            shown = path if relative_to is None else os.path.relpath(path, relative_to)
            more = f"alle rijen: {shown}"
        table = _md_table(df, limit, more=more, longest=MD_CELL_CHARS)
        parts += ["", f"## {title}", "", text, "", table]
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
