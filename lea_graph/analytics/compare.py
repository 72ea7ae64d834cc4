"""What changed: two versions of a network, or two schooljaren of one network, side by side.

A comparison has four parts, each a table with Dutch column names:

- ``entities``: the rows of every table (partners, schools, ..., activities,
  collaborations) added, removed or changed;
- ``gaps``: wijk × hub cells that became a gap (no or one partner) or stopped being
  one (:data:`GAP_CHANGES`), with the wijk's PacT/SES marks and children;
- ``targets``: the LEA reach targets before and after, with their bounds and the
  direction of change as far as it shows (:func:`lea_graph.bereik.change`);
- ``health``: the network-health figures before and after.

Rows are new, gone or changed by the one rule of :mod:`lea_graph.diff` (a node by its
id, a relation by its key: what it connects and its schooljaar), as in the upload
preview. Between two schooljaren a relation is matched without its year, so an activity
that runs in both years is "the same", and one that only runs in the later year is new.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from lea_graph import model
from lea_graph.analytics.coverage import (
    GAP_KINDS,
    can_be_gap,
    coverage_matrix,
    gap_kind,
    wijk_marks,
)
from lea_graph.analytics.indicators import (
    HEALTH_MEASURES,
    Indicator,
    health_row,
    lea_targets,
    schooljaren,
)
from lea_graph.bereik import change, range_text
from lea_graph.cijfers import KINDEREN_KOLOMMEN
from lea_graph.diff import CHANGE_KINDS, row_changes
from lea_graph.graph import from_graph
from lea_graph.provenance import has_illustrative
from lea_graph.text import LIST_SEP

__all__ = [
    "COMPARISON_SECTIONS",
    "GAP_CHANGES",
    "Comparison",
    "cell_changes",
    "compare",
    "compare_markdown",
    "compare_years",
    "direction",
    "target_changes",
    "trend",
    "write_comparison_xlsx",
]

#: How a wijk × hub cell can change, with the words people read.
GAP_CHANGES: dict[str, str] = {
    "geopend": "nieuw gat: nog één partner",
    "verdiept": "geen partner meer",
    "verkleind": "weer één partner",
    "gesloten": "gat gesloten",
}

_ENTITY_COLUMNS = ["soort", "verandering", "sleutel", "naam", "toelichting", "bron"]


@dataclass
class Comparison:
    """What changed from ``voor`` to ``na`` (labels people read, such as a file name,
    a snapshot or a schooljaar)."""

    voor: str
    na: str
    entities: pd.DataFrame
    gaps: pd.DataFrame
    targets: pd.DataFrame
    health: pd.DataFrame
    summary: list[str] = field(default_factory=list)
    voorbeeld: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the labels, the summary and every table as records."""
        from lea_graph.analytics.report import records

        return {
            "voor": self.voor,
            "na": self.na,
            "samenvatting": self.summary,
            "voorbeeldgegevens": self.voorbeeld,
            "veranderingen": records(self.entities),
            "gaten": records(self.gaps),
            "doelen": records(self.targets),
            "netwerkgezondheid": records(self.health),
        }


# -- entities ------------------------------------------------------------------------------


def _tables(g: nx.MultiDiGraph) -> dict[str, list[dict[str, str]]]:
    """The rows of every table of a network graph."""
    ds = from_graph(g)
    return {t: list(ds.rows(t)) for t in model.TABLES}


def _in_year(table: str, rows: list[dict[str, str]], year: str | None) -> list[dict[str, str]]:
    """The rows of a table that count in ``year`` (:func:`model.counts_in_year`)."""
    if year is None or not isinstance(model.TABLES[table], model.Relation):
        return rows
    return [r for r in rows if model.counts_in_year(table, r.get("schooljaar"), year)]


def _fmt(value: Any) -> str:
    return "—" if value is None or value == "" else str(value)


def _change(column: str, before: Any, after: Any) -> str:
    """One changed column, for people; a wijk boundary is too long to show, so only
    whether it came, went or changed."""
    label = model.column_label(column)
    if column == model.GEOMETRY_COLUMN:
        what = "toegevoegd" if not before else "verwijderd" if not after else "gewijzigd"
        return f"{label} {what}"
    return f"{label}: {_fmt(before)} → {_fmt(after)}"


def _row(
    soort: str, verandering: str, sleutel: str, naam: str, toelichting: str, bron: Any = ""
) -> dict:
    return {
        "soort": soort,
        "verandering": verandering,
        "sleutel": sleutel,
        "naam": naam,
        "toelichting": toelichting,
        "bron": bron or "",
    }


def _entity_rows(
    before: dict[str, list[dict[str, str]]],
    after: dict[str, list[dict[str, str]]],
    *,
    with_year: bool = True,
) -> list[dict]:
    """Every table's new, gone and changed rows (:func:`lea_graph.diff.row_changes`), as
    the rows of :attr:`Comparison.entities`. Without ``with_year`` the rows have no
    schooljaar (two schooljaren of one network) and the key leaves it out."""
    names = {
        r["id"]: str(r.get("naam") or r["id"])
        for rows in (before, after)
        for spec in model.NODE_KINDS
        for r in rows.get(spec.table, [])
    }
    out = []
    for table, spec in model.TABLES.items():
        changes = row_changes(table, before.get(table, []), after.get(table, []))
        shown = [c for c in spec.key if with_year or c != "schooljaar"]
        changes.sort(key=lambda c: (CHANGE_KINDS.index(c.wat), c.sleutel))
        for c in changes:
            row = c.row
            if isinstance(spec, model.NodeKind):
                soort, naam = spec.singular, names.get(row["id"], row["id"])
            else:
                soort, naam = model.relation_noun(table, 1), _relation_name(spec, row, names)
            key = zip(spec.key, c.sleutel, strict=True)
            sleutel = " | ".join(_fmt(v) for col, v in key if col in shown)
            text = "; ".join(
                _change(col, (c.voor or {}).get(col), (c.na or {}).get(col))
                for col in c.changed_columns()
            )
            out.append(_row(soort, c.wat, sleutel, naam, text, row.get("bron")))
    return out


def _relation_name(spec: model.Relation, row: dict[str, str], names: dict[str, str]) -> str:
    """A relation row for people: "Partner → School (hub Sport, schooljaar 2025-2026)"."""
    arrow = " → " if spec.directed else " – "
    text = arrow.join(names.get(row[c], row[c]) for c in (spec.source, spec.target))
    details = []
    for col in spec.key[2:]:
        value = row.get(col) or ""
        if value == "":
            continue
        if col in ("hub", "programma"):
            value = names.get(value, value)
        details.append(f"{model.column_label(col).lower()} {value}")
    return text + (f" ({', '.join(details)})" if details else "")


# -- gaps ------------------------------------------------------------------------------------


def cell_changes(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Wijk × hub cells whose gap changed between two :func:`coverage_matrix` tables.

    Whether a cell is a gap, and which kind, is :func:`~lea_graph.analytics.coverage.gap_kind`
    (no or one partner, never in a bedrijventerrein). A wijk that is a bedrijventerrein
    in either table (its ``wijk_soort``) is left out: its cells are no gap on either
    side. A cell only in one table counts as having no partner in the other (a new or a
    removed wijk or hub).

    Returns
    -------
    pandas.DataFrame
        ``verandering`` (a key of :data:`GAP_CHANGES`), ``wijk``, ``wijk_naam``, ``hub``,
        ``hub_naam``, ``partners_voor``, ``partners_na``, ``partner_namen_voor``,
        ``partner_namen_na``, ``pact``, ``ses``, the children's columns
        (:data:`lea_graph.cijfers.KINDEREN_KOLOMMEN`), ``kenmerken`` and
        ``toelichting``; PacT wijken first, then more children.

    Examples
    --------
    >>> a = pd.DataFrame([{"wijk": "w-1", "wijk_naam": "Noord", "hub": "h-1", "hub_naam": "Sport",
    ...                    "partners": 1, "partner_namen": "Club", "pact": "ja", "ses": "laag",
    ...                    "kinderen_tekst": "900", "kinderen_midden": 900}])
    >>> b = a.assign(partners=0, partner_namen="")
    >>> cell_changes(a, b)[["verandering", "wijk_naam", "partners_voor", "partners_na"]].values.tolist()
    [['verdiept', 'Noord', 1, 0]]
    >>> cell_changes(a.assign(wijk_soort="bedrijventerrein"), b).empty
    True
    """
    columns = ["verandering", "wijk", "wijk_naam", "hub", "hub_naam", "partners_voor",
               "partners_na", "partner_namen_voor", "partner_namen_na", "pact", "ses",
               *KINDEREN_KOLOMMEN, "kenmerken", "toelichting"]  # fmt: skip

    def cells(m: pd.DataFrame) -> dict[tuple, dict]:
        if m.empty:
            return {}
        return {(r["wijk"], r["hub"]): r for r in m.to_dict(orient="records")}

    a, b = cells(before), cells(after)
    rows = []
    for key in a.keys() | b.keys():
        ra, rb = a.get(key), b.get(key)
        latest = rb or ra
        if not all(can_be_gap(r.get("wijk_soort")) for r in (ra, rb) if r):
            continue
        na_, nb = (ra or {}).get("partners", 0), (rb or {}).get("partners", 0)
        ka, kb = gap_kind(na_), gap_kind(nb)
        if ka == kb:
            continue
        if ka is None:
            change = "verdiept" if kb == GAP_KINDS[0] else "geopend"
        elif kb is None:
            change = "gesloten"
        else:
            change = "verdiept" if kb == GAP_KINDS[0] else "verkleind"
        row = {
            "verandering": change,
            "wijk": key[0],
            "wijk_naam": latest["wijk_naam"],
            "hub": key[1],
            "hub_naam": latest["hub_naam"],
            "partners_voor": int(na_),
            "partners_na": int(nb),
            "partner_namen_voor": (ra or {}).get("partner_namen", ""),
            "partner_namen_na": (rb or {}).get("partner_namen", ""),
            "pact": latest.get("pact"),
            "ses": latest.get("ses"),
            **{k: latest.get(k) for k in KINDEREN_KOLOMMEN},
        }
        row["kenmerken"] = wijk_marks(row)
        row["toelichting"] = _cell_sentence(row)
        rows.append(row)
    out = pd.DataFrame(rows, columns=columns)
    if out.empty:
        return out
    out["_pact"] = out["pact"] == "ja"
    out["_kids"] = pd.to_numeric(out["kinderen_midden"], errors="coerce").fillna(-1)
    out = out.sort_values(
        ["_pact", "_kids", "wijk_naam", "hub_naam"], ascending=[False, False, True, True],
        kind="stable",
    )  # fmt: skip
    return out.drop(columns=["_pact", "_kids"]).reset_index(drop=True)


def _cell_sentence(row: dict) -> str:
    marks = f" ({row['kenmerken']})" if row["kenmerken"] else ""
    wijk, hub = row["wijk_naam"], row["hub_naam"]
    before, after = row["partner_namen_voor"], row["partner_namen_na"]
    if row["partners_na"] == 0:
        return f"{wijk} heeft geen partner meer voor {hub}{marks}; eerst: {before or '—'}."
    if row["verandering"] == "geopend":
        return f"{wijk} heeft voor {hub} nog maar één partner: {after}{marks}; eerst: {before}."
    if row["verandering"] == "verkleind":
        return f"{wijk} heeft voor {hub} weer een partner: {after}{marks}."
    return f"{wijk} heeft voor {hub} nu {row['partners_na']} partners: {after}{marks}."


# -- targets and health ---------------------------------------------------------------------


def direction(
    before: tuple[float | None, float | None], after: tuple[float | None, float | None]
) -> str:
    """How a bounded figure moved: ``hoger``, ``lager``, ``gelijk``, ``gemengd`` (one
    bound up, the other down) or ``niet te vergelijken`` (a side without a figure).

    Compares the exact figures (the network health). A LEA target moves only when that
    shows after its rounding: :func:`lea_graph.bereik.change`.

    Examples
    --------
    >>> direction((0.2, 0.5), (0.3, 0.5)), direction((0.2, 0.5), (0.1, 0.6))
    ('hoger', 'gemengd')
    >>> direction((0.2, 0.2), (0.2, 0.2)), direction((None, None), (0.1, 0.1))
    ('gelijk', 'niet te vergelijken')
    """
    if None in before or None in after:
        return "niet te vergelijken"
    up = [b - a for a, b in zip(before, after, strict=True)]
    if all(abs(d) < 1e-12 for d in up):
        return "gelijk"
    if all(d >= -1e-12 for d in up):
        return "hoger"
    if all(d <= 1e-12 for d in up):
        return "lager"
    return "gemengd"


def target_changes(before: list[Indicator], after: list[Indicator]) -> pd.DataFrame:
    """The LEA targets side by side: bounds, status and direction of change.

    ``stand_voor`` and ``stand_na`` are the bounds with the status in words, as every
    page, sentence and report shows them: "tussen 37% en 95% (niet gehaald)".
    ``richting`` says how the target moved as far as the rounded bounds show
    (:func:`lea_graph.bereik.change`): 0.2049 → 0.2041 is "gelijk", both are 20%.

    Examples
    --------
    >>> from lea_graph.analytics.indicators import Indicator
    >>> a = Indicator("pact", "PacT", 1.0, 0.2049, 0.95, "niet gehaald", "")
    >>> b = Indicator("pact", "PacT", 1.0, 0.2041, 0.95, "niet gehaald", "")
    >>> target_changes([a], [b])[["bereik_voor", "bereik_na", "richting"]].values.tolist()
    [['tussen 20% en 95%', 'tussen 20% en 95%', 'gelijk']]
    """
    rows = []
    by_code = {i.code: i for i in after}
    for a in before:
        b = by_code.get(a.code)
        if b is None:
            continue
        rows.append(
            {
                "code": a.code,
                "naam": a.naam,
                "doel": f"{100 * a.doel:.0f}%",
                "bereik_voor": a.bereik,
                "status_voor": a.status,
                "bereik_na": b.bereik,
                "status_na": b.status,
                "stand_voor": f"{a.bereik} ({a.status})",
                "stand_na": f"{b.bereik} ({b.status})",
                "ondergrens_voor": a.ondergrens,
                "bovengrens_voor": a.bovengrens,
                "ondergrens_na": b.ondergrens,
                "bovengrens_na": b.bovengrens,
                "richting": change((a.ondergrens, a.bovengrens), (b.ondergrens, b.bovengrens)),
                "voorbeeld": b.voorbeeld or a.voorbeeld,
            }
        )
    return pd.DataFrame(rows)


def _health_changes(a: dict, b: dict) -> pd.DataFrame:
    rows = []
    for key, naam in HEALTH_MEASURES.items():
        va, vb = a.get(key), b.get(key)
        rows.append(
            {
                "maat": key,
                "naam": naam,
                "voor": va,
                "na": vb,
                "richting": direction((va, va), (vb, vb)),
            }
        )
    return pd.DataFrame(rows)


# -- the comparisons ------------------------------------------------------------------------


def _summary(c: Comparison) -> list[str]:
    lines = []
    e = c.entities
    if e.empty:
        lines.append("Geen rij van het netwerk nieuw, weg of gewijzigd.")
    else:
        parts = []
        for soort, group in e.groupby("soort", sort=False):
            counts = group["verandering"].value_counts()
            bits = [f"{counts[k]} {k}" for k in CHANGE_KINDS if k in counts]
            parts.append(f"{soort}: {', '.join(bits)}")
        lines.append("Veranderd: " + LIST_SEP.join(parts) + ".")
    g = c.gaps
    if g.empty:
        lines.append("Geen gat (wijk × hub met geen of één partner) geopend of gesloten.")
    else:
        counts = g["verandering"].value_counts()
        lines.append(
            "Gaten: "
            + ", ".join(f"{counts[k]} × {GAP_CHANGES[k]}" for k in GAP_CHANGES if k in counts)
            + "."
        )
    for r in c.targets.to_dict(orient="records"):
        if r["bereik_voor"] == "—" and r["bereik_na"] == "—":
            continue
        lines.append(
            f"{r['naam']} (doel {r['doel']}): van {r['stand_voor']} naar {r['stand_na']}; "
            f"{r['richting']}."
        )
    return lines


def compare(
    old: nx.MultiDiGraph,
    new: nx.MultiDiGraph,
    *,
    schooljaar: str | None = None,
    voor: str = "vorige versie",
    na: str = "huidige versie",
) -> Comparison:
    """What changed from network ``old`` to network ``new``.

    Parameters
    ----------
    old, new
        The two network graphs (two files, two snapshots, or a snapshot and the store).
    schooljaar
        Compare only this schooljaar of both (None: all years).
    voor, na
        Labels of the two versions, as people read them.

    Examples
    --------
    >>> from lea_graph.dataset import Dataset
    >>> from lea_graph.graph import to_graph
    >>> rows = {"partners": [{"id": "p-1", "naam": "Club", "type": "sport"}]}
    >>> a = to_graph(Dataset.from_rows(rows))
    >>> rows["partners"].append({"id": "p-2", "naam": "Museum", "type": "natuur"})
    >>> c = compare(a, to_graph(Dataset.from_rows(rows)))
    >>> c.entities[["soort", "verandering", "naam"]].values.tolist()
    [['partner', 'nieuw', 'Museum']]
    """
    before, after = _tables(old), _tables(new)
    rows = _entity_rows(
        {t: _in_year(t, r, schooljaar) for t, r in before.items()},
        {t: _in_year(t, r, schooljaar) for t, r in after.items()},
    )
    c = Comparison(
        voor=voor,
        na=na,
        entities=pd.DataFrame(rows, columns=_ENTITY_COLUMNS),
        gaps=cell_changes(coverage_matrix(old, schooljaar), coverage_matrix(new, schooljaar)),
        targets=target_changes(lea_targets(old, schooljaar), lea_targets(new, schooljaar)),
        health=_health_changes(health_row(old, schooljaar), health_row(new, schooljaar)),
        voorbeeld=has_illustrative(old, new),
    )
    c.summary = _summary(c)
    return c


def compare_years(g: nx.MultiDiGraph, voor: str, na: str) -> Comparison:
    """What changed in one network from schooljaar ``voor`` to schooljaar ``na``.

    Partners, schools and the other nodes have no year and stay the same; activities,
    wijkinzet and collaborations are matched without their year.
    """
    tables = _tables(g)

    def of_year(year: str) -> dict[str, list[dict[str, str]]]:
        # The nodes have no year: the same on both sides, so never a change.
        return {
            t: [{k: v for k, v in r.items() if k != "schooljaar"} for r in _in_year(t, rows, year)]
            for t, rows in tables.items()
        }

    rows = _entity_rows(of_year(voor), of_year(na), with_year=False)
    c = Comparison(
        voor=voor,
        na=na,
        entities=pd.DataFrame(rows, columns=_ENTITY_COLUMNS),
        gaps=cell_changes(coverage_matrix(g, voor), coverage_matrix(g, na)),
        targets=target_changes(lea_targets(g, voor), lea_targets(g, na)),
        health=_health_changes(health_row(g, voor), health_row(g, na)),
        voorbeeld=has_illustrative(g),
    )
    c.summary = _summary(c)
    return c


def since_previous(
    g: nx.MultiDiGraph,
    previous: nx.MultiDiGraph | None = None,
    *,
    previous_label: str = "vorige versie",
    label: str = "huidig netwerk",
    schooljaar: str | None = None,
) -> Comparison | None:
    """What changed since the previous version: the rule of the report's section.

    With a previous version (the newest snapshot, or one the user names) that version
    is compared with ``g``. Without one, the last two schooljaren of ``g`` are compared
    (with ``schooljaar``: that year and the one before it in the data), so the report
    still shows what moved between meetings. None when there is nothing to compare.

    Examples
    --------
    >>> from lea_graph.dataset import Dataset
    >>> from lea_graph.graph import to_graph
    >>> since_previous(to_graph(Dataset.from_rows({}))) is None
    True
    """
    if previous is not None:
        return compare(previous, g, schooljaar=schooljaar, voor=previous_label, na=label)
    years = schooljaren(g)
    if schooljaar is not None:
        years = years[: years.index(schooljaar) + 1] if schooljaar in years else []
    if len(years) < 2:
        return None
    c = compare_years(g, years[-2], years[-1])
    c.voor, c.na = f"schooljaar {years[-2]}", f"schooljaar {years[-1]}"
    return c


def trend(g: nx.MultiDiGraph) -> pd.DataFrame:
    """Per schooljaar in the data: the LEA targets' bounds and status and the network
    health, oldest first (one row per year).

    Columns ``schooljaar``, then per computable target ``<code>_ondergrens``,
    ``<code>_bovengrens`` (exact shares), ``<code>_bereik`` (the range as every chart and
    table shows it, :func:`lea_graph.bereik.range_text`: "37–95%") and
    ``<code>_status``, then the :data:`HEALTH_MEASURES`.
    """
    rows = []
    for year in schooljaren(g):
        row: dict[str, Any] = {"schooljaar": year}
        for i in lea_targets(g, year):
            if (
                i.ondergrens is None
                and i.status == "niet te berekenen"
                and i.code not in ("pact", "lage_ses")
            ):
                continue
            row[f"{i.code}_ondergrens"] = i.ondergrens
            row[f"{i.code}_bovengrens"] = i.bovengrens
            row[f"{i.code}_bereik"] = range_text(i.ondergrens, i.bovengrens, short=True)
            row[f"{i.code}_status"] = i.status
        health = health_row(g, year)
        row.update({k: health[k] for k in HEALTH_MEASURES})
        rows.append(row)
    return pd.DataFrame(rows)


# -- output ----------------------------------------------------------------------------------

#: The tables of a comparison, with their titles and what they show.
COMPARISON_SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("targets", "LEA-doelen", "De bereiksdoelen voor en na, met hun grenzen en de richting."),
    ("gaps", "Gaten", "Hub × wijk-cellen die een gat werden (geen of één partner) of geen gat meer zijn."),
    ("health", "Netwerkgezondheid", "De cijfers van de netwerkgezondheid voor en na."),
    ("entities", "Veranderingen", "Wat er nieuw is, weg is of anders is, per soort."),
)  # fmt: skip

_TARGET_COLUMNS = [
    "naam",
    "doel",
    "bereik_voor",
    "status_voor",
    "bereik_na",
    "status_na",
    "richting",
]
_GAP_COLUMNS = [
    "verandering",
    "wijk_naam",
    "hub_naam",
    "partners_voor",
    "partners_na",
    "kenmerken",
    "toelichting",
]


def _shown(c: Comparison, attr: str) -> pd.DataFrame:
    df = getattr(c, attr)
    if attr == "targets" and not df.empty:
        return df[_TARGET_COLUMNS]
    if attr == "gaps" and not df.empty:
        return df[_GAP_COLUMNS].assign(verandering=df["verandering"].map(GAP_CHANGES))
    if attr == "health" and not df.empty:
        return df[["naam", "voor", "na", "richting"]]
    return df


def compare_markdown(c: Comparison, *, limit: int = 40) -> str:
    """The comparison as Markdown: the summary, then each table (``limit`` rows)."""
    from lea_graph.analytics.report import _md_table

    parts = [f"# Wat is er veranderd: {c.voor} → {c.na}", ""]
    if c.voorbeeld:
        parts += [
            "> Let op: deze gegevens bevatten voorbeeldgegevens (bron=voorbeeld, verzonnen).",
            "",
        ]
    parts += [f"- {line}" for line in c.summary]
    for attr, title, text in COMPARISON_SECTIONS:
        parts += ["", f"## {title}", "", text, "", _md_table(_shown(c, attr), limit)]
    return "\n".join(parts) + "\n"


def write_comparison_xlsx(c: Comparison, out: str | Path) -> Path:
    """Write the comparison as a workbook: a summary sheet, then one sheet per table;
    cells are text or numbers, never formulas, and a text that a spreadsheet could read
    as a formula gets an apostrophe (:func:`lea_graph.spreadsheet.sheet_cell`)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from lea_graph.analytics.report import _plain, header
    from lea_graph.spreadsheet import sheet_cell

    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook(write_only=True)

    def cell(ws, value, bold: bool = False):
        c_ = sheet_cell(ws, _plain(value))
        if bold:
            c_.font = Font(bold=True)
        return c_

    ws = wb.create_sheet("Samenvatting")
    ws.column_dimensions["A"].width = 120
    ws.append([cell(ws, f"Wat is er veranderd: {c.voor} → {c.na}", True)])
    if c.voorbeeld:
        ws.append([cell(ws, "Let op: bevat voorbeeldgegevens (bron=voorbeeld, verzonnen).")])
    for line in c.summary:
        ws.append([cell(ws, line)])
    for attr, title, text in COMPARISON_SECTIONS:
        sheet = wb.create_sheet(title[:31])
        df = _shown(c, attr)
        sheet.append([cell(sheet, text)])
        sheet.append([cell(sheet, header(col), True) for col in df.columns])
        for row in df.itertuples(index=False):
            sheet.append([cell(sheet, v) for v in row])
    wb.save(path)
    return path
