"""Screens: the data of one page, independent of how it is shown.

One module per entity (``overzicht``, ``wijk``, ``hub``, ``partner``, ``school``,
``programma``, ``analyses``, ``zoeken``, ``knoop``, ``netwerk``). A screen function
turns the loaded network's graph and analyses (through :mod:`web.services` only), an id
and a schooljaar into a :class:`Screen`; the page renders it with its template and the
JSON API returns :meth:`Screen.to_json`. Screens never import a view.

This module holds what the screens share: :class:`Screen`, links to entity pages, the
standard table columns and the rows of a node's relations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import url_for

from lea_graph.analytics.compare import GAP_CHANGES
from lea_graph.analytics.wijkpartners import SOORTEN
from lea_graph.text import fold
from web import services
from web.tables import Col, Table, table_from_frame

__all__ = [
    "COLUMNS",
    "Screen",
    "columns",
    "gap_changes_table",
    "link",
    "name",
    "node_url",
    "partner_col",
    "relation_rows",
    "table",
]


@dataclass
class Screen:
    """The data of one screen: plain facts (``info``) and tables.

    The page renders it with its template; the API returns ``to_json()``.
    """

    info: dict[str, Any] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)
    view: dict[str, Any] = field(default_factory=dict)  # template-only extras

    def table(self, table_id: str) -> Table:
        return next(t for t in self.tables if t.id == table_id)

    def to_json(self) -> dict[str, Any]:
        return {
            **self.info,
            "tabellen": {
                t.id: {"titel": t.title, "uitleg": t.explanation, "rijen": t.rows}
                for t in self.tables
            },
        }


_ENDPOINTS = {
    "partner": "entiteiten.partner",
    "school": "entiteiten.school",
    "programma": "entiteiten.programma",
    "wijk": "wijken.wijk",
    "hub": "hubs.hub",
}


@dataclass(frozen=True)
class link:  # used like a function: link("partner", "partner")
    """A column link: the page of the node (of ``kind``) whose id is in ``row[key]``.

    A small class rather than a closure, so that screens can be kept on disk.
    """

    kind: str
    key: str

    def __call__(self, row: dict[str, Any]) -> str | None:
        value = row.get(self.key)
        if not value or self.kind not in _ENDPOINTS:
            return None
        return url_for(_ENDPOINTS[self.kind], node_id=value)


def node_url(kind: str, node_id: str) -> str | None:
    endpoint = _ENDPOINTS.get(kind)
    return url_for(endpoint, node_id=node_id) if endpoint else None


def name(node: str | None) -> str:
    """The name of a node of the loaded network ("" for none)."""
    if not node:
        return ""
    return services.name(node)


#: The columns that recur across the pages, by row key.
COLUMNS: dict[str, Col] = {
    c.key: c
    for c in (
        Col("partner_naam", "Partner", link=link("partner", "partner")),
        Col("school_naam", "Locatie", link=link("school", "school")),
        Col("wijk_naam", "Wijk", link=link("wijk", "wijk")),
        Col("programma_naam", "Programma", link=link("programma", "programma")),
        Col("hub_naam", "Hub", link=link("hub", "hub")),
        Col("schooljaar", "Schooljaar"),
        Col("deelnemers", "Deelnemers", kind="num"),
        Col("rol", "Rol"),
        Col("soort", "Soort"),
        Col("score", "Score", kind="num"),
        Col("toelichting", "Toelichting"),
        Col("redenen", "Redenen"),
        Col("prioriteit", "Prioriteit", kind="num"),
        Col("partner_namen", "Enige partner"),
        Col("bron", "Bron"),
    )
}


def partner_col(soort: str) -> Col:
    """The column of one kind of "partners in a wijk" (``partners_<soort>``), named and
    explained the same on every page (:data:`lea_graph.analytics.wijkpartners.SOORTEN`)."""
    label, help_text = SOORTEN[soort]
    return Col(f"partners_{soort}", label, kind="num", help=help_text)


def columns(*keys: str | Col) -> list[Col]:
    """Columns by key from :data:`COLUMNS` (or given as a :class:`Col`)."""
    return [k if isinstance(k, Col) else COLUMNS[k] for k in keys]


def table(
    table_id: str,
    title: str,
    cols: list[Col],
    rows: list[dict[str, Any]],
    explanation: str,
    *,
    empty: str = "Niets gevonden.",
    order: tuple[str, ...] = (),
) -> Table:
    """A table whose rows are sorted by the named keys (names case- and accent-blind)."""
    if order:
        rows = sorted(rows, key=lambda r: tuple(fold(str(r.get(k) or "")) for k in order))
    return Table(table_id, title, cols, rows, explanation, empty=empty)


def gap_changes_table(
    gaps: Any, title: str, before: str, after: str, last: Col, explanation: str, empty: str
) -> Table:
    """The gaps that open or close between two states of the network (a scenario, two
    versions, two schooljaren; :func:`lea_graph.analytics.compare.compare` gives them):
    the change in words (:data:`lea_graph.analytics.compare.GAP_CHANGES`), the wijk and
    hub, the partners ``before`` and ``after`` (the column titles) and ``last``."""
    rows = [{**r, "wat": GAP_CHANGES.get(r["verandering"])} for r in gaps.to_dict("records")]
    return table_from_frame(
        "gaten",
        title,
        rows,
        [
            Col("wat", "Verandering"),
            Col("wijk_naam", "Wijk", link=link("wijk", "wijk")),
            Col("hub_naam", "Hub", link=link("hub", "hub")),
            Col("partners_voor", before, kind="num"),
            Col("partners_na", after, kind="num"),
            Col("kenmerken", "Kenmerken wijk"),
            last,
        ],
        explanation=explanation,
        empty=empty,
    )


def relation_rows(
    node: str, kind: str, year: str | None, *, incoming: bool = False
) -> list[dict[str, Any]]:
    """One row per relation of ``kind`` at ``node`` that counts for ``year``: the other
    end and the relation's own columns, each reference with its name (``school`` and
    ``school_naam``, ...), the school's wijk, and ``bron``
    (:func:`lea_graph.analytics.entities.relation_rows`)."""
    return services.relation_rows(node, kind, year, incoming=incoming)
