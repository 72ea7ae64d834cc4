"""How current the network is: when each partner last confirmed its data.

A partner's ``laatst_bevestigd`` is the day a coordinator approved its proposal or its
confirmation that everything is still right (:mod:`lea_graph.voorstellen`), or a date
in the data itself. These functions read it from the graph; they are pure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from lea_graph import model

__all__ = ["Actualiteit", "months_between", "not_confirmed", "this_schooljaar"]


def _confirmed(data: dict) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(data.get("laatst_bevestigd") or ""))
    except ValueError:
        return None


def _partners(g: nx.MultiDiGraph):
    return ((n, d) for n, d in g.nodes(data=True) if d.get("kind") == "partner")


@dataclass(frozen=True)
class Actualiteit:
    """How many partners confirmed their data since the start of a schooljaar."""

    schooljaar: str
    sinds: dt.date
    bevestigd: int
    partners: int

    @property
    def aandeel(self) -> float | None:
        """The share confirmed (None without partners)."""
        return self.bevestigd / self.partners if self.partners else None


def this_schooljaar(g: nx.MultiDiGraph, today: dt.date) -> Actualiteit:
    """Partners that confirmed their data in the schooljaar of ``today`` (since
    1 August, :func:`lea_graph.model.schooljaar_of`)."""
    year = model.schooljaar_of(today)
    start = model.schooljaar_start(year)
    partners = confirmed = 0
    for _, d in _partners(g):
        partners += 1
        day = _confirmed(d)
        if day is not None and start <= day <= today:
            confirmed += 1
    return Actualiteit(year, start, confirmed, partners)


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from ``earlier`` to ``later`` (0 within the first month).

    Examples
    --------
    >>> months_between(dt.date(2026, 1, 31), dt.date(2026, 3, 30))
    1
    >>> months_between(dt.date(2026, 1, 31), dt.date(2026, 3, 31))
    2
    """
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


def not_confirmed(g: nx.MultiDiGraph, months: int, today: dt.date) -> list[dict]:
    """Partners that have not confirmed their data for at least ``months`` whole months,
    or never: ``partner``, ``naam``, ``laatst_bevestigd`` ("" for never) and
    ``maanden`` (None for never); never-confirmed first, then the oldest."""
    out = []
    for node, d in _partners(g):
        day = _confirmed(d)
        age = months_between(day, today) if day else None
        if age is None or age >= months:
            out.append(
                {
                    "partner": node,
                    "naam": d.get("naam", node),
                    "type": d.get("type", ""),
                    "laatst_bevestigd": day.isoformat() if day else "",
                    "maanden": age,
                    "bron": d.get("bron", ""),
                }
            )
    out.sort(key=lambda r: (r["maanden"] is not None, -(r["maanden"] or 0), r["naam"].lower()))
    return out
