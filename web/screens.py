"""What a screen shows, independent of how: facts and tables for a page and the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import url_for

from web.tables import Table

__all__ = ["Screen", "link"]


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


def link(kind: str, key: str):
    """A column link function: the page of the node whose id is in ``row[key]``."""

    def make(row: dict[str, Any]) -> str | None:
        value = row.get(key)
        if not value or kind not in _ENDPOINTS:
            return None
        return url_for(_ENDPOINTS[kind], node_id=value)

    return make


def node_url(kind: str, node_id: str) -> str | None:
    endpoint = _ENDPOINTS.get(kind)
    return url_for(endpoint, node_id=node_id) if endpoint else None
