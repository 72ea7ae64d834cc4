"""The report per gemeente: one row of counts for every gemeente of a network.

A dataset that holds more than one gemeente names it on its wijken and hubs (the column
``gemeente``). A school belongs to the gemeente of its wijk. A partner has no gemeente of
its own: it belongs to the one gemeente where it works (the wijken of its activities and
its wijkinzet, and the hubs it is a member of); a partner that works in several
gemeenten is counted once, in the row :data:`SEVERAL`, and one without any gemeente in the
row :data:`NONE`. So every column adds up to the figure of the whole network.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import pandas as pd

from lea_graph.analytics.indicators import reach_per_wijk, reach_scopes
from lea_graph.analytics.network import Network
from lea_graph.bereik import range_text
from lea_graph.text import fold

__all__ = ["COLUMNS", "NONE", "RULE", "SEVERAL", "partner_gemeenten", "per_gemeente"]

#: The row of what names no gemeente (a wijk or hub without one, a school without a wijk).
NONE = "Zonder gemeente"

#: The row of the partners that work in more than one gemeente.
SEVERAL = "Meer gemeenten"

#: How a partner gets its gemeente, in words (for the report).
RULE = (
    "Een school telt bij de gemeente van haar wijk. Een partner telt bij de gemeente waar "
    f"hij werkt (activiteiten, wijkinzet, hubs); werkt hij in meer gemeenten, dan in de rij "
    f"'{SEVERAL}'. Zo tellen de kolommen op tot het hele netwerk."
)

#: The columns of :func:`per_gemeente`, in order.
COLUMNS = (
    "gemeente", "wijken", "scholen", "hubs", "partners", "gaten", "geisoleerde_partners",
    "zonder_activiteit",
    "pact_leerlingen", "pact_bereikt_min", "pact_bereikt_max", "pact_bereik",
    "lage_ses_leerlingen", "lage_ses_bereikt_min", "lage_ses_bereikt_max", "lage_ses_bereik",
)  # fmt: skip

_COUNTS = COLUMNS[1:8]


def _gemeente(net: Network, node: object) -> str:
    value = net.attr(node, "gemeente") if isinstance(node, str) else None
    return value if isinstance(value, str) and value.strip() else NONE


def _column(df: pd.DataFrame, column: str) -> list:
    return df[column].tolist() if column in df.columns else []


def partner_gemeenten(net: Network) -> dict[str, str]:
    """Every partner's gemeente: the one gemeente named by the wijken of its activities
    and wijkinzet and by its hubs, :data:`SEVERAL` for more than one, :data:`NONE` for
    none (in the view's schooljaar; hub membership has no schooljaar).

    Examples
    --------
    >>> from lea_graph.dataset import Dataset
    >>> from lea_graph.graph import to_graph
    >>> ds = Dataset.from_rows({
    ...     "wijken": [{"id": "w-1", "naam": "Noord", "gemeente": "Breda"},
    ...                {"id": "w-2", "naam": "Zuid", "gemeente": "Goes"}],
    ...     "scholen": [{"id": "s-1", "naam": "A", "sector": "po", "wijk": "w-1"}],
    ...     "partners": [{"id": "p-1", "naam": "Muziek", "type": "cultuur"},
    ...                  {"id": "p-2", "naam": "Sport", "type": "sport"},
    ...                  {"id": "p-3", "naam": "Stil", "type": "welzijn"}],
    ...     "activiteiten": [{"partner": "p-1", "school": "s-1"},
    ...                      {"partner": "p-2", "school": "s-1"}],
    ...     "wijkinzet": [{"partner": "p-2", "wijk": "w-2"}],
    ... })
    >>> partner_gemeenten(Network(to_graph(ds)))
    {'p-1': 'Breda', 'p-2': 'Meer gemeenten', 'p-3': 'Zonder gemeente'}
    """
    wijk_gemeente = {w: _gemeente(net, w) for w in net.ids["wijk"]}
    found: dict[str, set[str]] = {}

    def add(pairs: Iterable[tuple[str, str]], gemeente_of: dict[str, str]) -> None:
        for partner, where in pairs:
            gemeente = gemeente_of.get(where, NONE)
            if gemeente != NONE:
                found.setdefault(partner, set()).add(gemeente)

    for table in (net.activities, net.wijkinzet):
        add(zip(table["partner"].tolist(), table["wijk"].tolist(), strict=True), wijk_gemeente)
    hub_gemeente = {h: _gemeente(net, h) for h in net.ids["hub"]}
    add(((p, h) for p, hubs in net.members.items() for h in hubs), hub_gemeente)
    out = {}
    for p in net.ids["partner"]:
        named = found.get(p, ())
        out[p] = next(iter(named)) if len(named) == 1 else SEVERAL if named else NONE
    return out


def per_gemeente(
    g: nx.MultiDiGraph,
    schooljaar: str | None = None,
    *,
    gaps: pd.DataFrame,
    isolated: pd.DataFrame,
    idle: pd.DataFrame,
) -> pd.DataFrame:
    """One row per gemeente: its wijken, schools and childcare locations, hubs, partners
    (:func:`partner_gemeenten`), gaps, isolated partners, locations without activity, and
    the two reach targets over its schools (pupils, lower and upper bound, and the range
    as text; :func:`lea_graph.analytics.indicators.reach_per_wijk`).

    Parameters
    ----------
    g
        The network graph.
    schooljaar
        Only this schooljaar, or None for all years.
    gaps, isolated, idle
        The report's gaps (by ``wijk``), isolated partners (by ``partner``) and locations
        without activity (by ``school``) of the same schooljaar.

    Returns
    -------
    pandas.DataFrame
        :data:`COLUMNS`; the gemeenten by name, then :data:`SEVERAL` and :data:`NONE`
        when they hold anything. Every count column adds up to the whole network.
    """
    net = Network.of(g, schooljaar)
    wijk = {w: _gemeente(net, w) for w in net.ids["wijk"]}
    school = {s: wijk.get(net.school_wijk.get(s), NONE) for s in net.ids["school"]}
    partner = partner_gemeenten(net)
    rows: dict[str, dict[str, int]] = {}

    def count(column: str, gemeenten: Iterable[str]) -> None:
        for gemeente in gemeenten:
            row = rows.setdefault(gemeente, dict.fromkeys(COLUMNS[1:], 0))
            row[column] += 1

    count("wijken", wijk.values())
    count("scholen", school.values())
    count("hubs", (_gemeente(net, h) for h in net.ids["hub"]))
    count("partners", partner.values())
    count("gaten", (wijk.get(w, NONE) for w in _column(gaps, "wijk")))
    count("geisoleerde_partners", (partner.get(p, NONE) for p in _column(isolated, "partner")))
    count("zonder_activiteit", (school.get(s, NONE) for s in _column(idle, "school")))
    scopes = reach_scopes(net)
    for code in ("pact", "lage_ses"):
        for w, figures in reach_per_wijk(net, scopes[code]).items():
            row = rows.setdefault(wijk.get(w, NONE), dict.fromkeys(COLUMNS[1:], 0))
            for suffix, n in zip(
                ("leerlingen", "bereikt_min", "bereikt_max"), figures, strict=True
            ):
                row[f"{code}_{suffix}"] += n
    special = {SEVERAL: 1, NONE: 2}
    order = sorted(rows, key=lambda name: (special.get(name, 0), fold(name), name))
    out = []
    for name in order:
        row = rows[name]
        for code in ("pact", "lage_ses"):
            total = row[f"{code}_leerlingen"]
            low, high = row[f"{code}_bereikt_min"], row[f"{code}_bereikt_max"]
            row[f"{code}_bereik"] = (
                range_text(low / total, high / total, short=True) if total else ""
            )
        out.append({"gemeente": name, **row})
    return pd.DataFrame(out, columns=list(COLUMNS))
