"""The line charts of the trend per schooljaar, defined once for every surface.

What a chart shows is computed here, as data: its series and their points, the axis
(range and ticks), which text goes at which point, the band of the possible reach, the
target line and the legend (:class:`Grafiek`). The pages (``web.charts``, SVG) and the
PDF report (:mod:`lea_graph.report_pdf`, reportlab) only draw it, each in its own
units, so both show the same figures in the same places.

A target's bounds are written by the one rule for reach (:mod:`lea_graph.bereik`): the
lower bound rounded down, the upper bound rounded up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from lea_graph.bereik import pct_down, pct_up
from lea_graph.text import percent

__all__ = [
    "BAND_TEXT",
    "HEALTH_SERIES",
    "TICKS",
    "Grafiek",
    "Label",
    "Reeks",
    "doel_grafiek",
    "gezondheid_grafiek",
    "lijngrafieken",
]

#: The value axis of every chart: shares from 0 to 1, a tick every quarter.
TICKS: tuple[tuple[float, str], ...] = tuple((v / 4, f"{25 * v}%") for v in range(5))

#: The legend entry of the band between a target's bounds.
BAND_TEXT = "mogelijk bereik"

#: The network-health shares drawn per schooljaar: trend column, legend text, marker,
#: dash and whether their values are written above their points.
HEALTH_SERIES: tuple[tuple[str, str, str, tuple[float, ...], bool], ...] = (
    ("aandeel_tussen_hubs", "hubleden die met een andere hub samenwerken", "diamond", (), True),
    ("aandeel_scholen_bereikt", "locaties met een activiteit", "square", (4.0, 2.0), False),
)


@dataclass(frozen=True)
class Label:
    """A value written next to its point: the point's series and year (by index), the
    value, the text, on which side of the point (``anker``: ``start`` right of it,
    ``end`` left of it) and whether above it."""

    reeks: int
    x: int
    waarde: float
    tekst: str
    anker: str
    boven: bool


@dataclass(frozen=True)
class Reeks:
    """One line: its legend text, a value (0..1, or None) per year, and how it is told
    apart without colour: ``streep`` a dash pattern (empty: solid), ``teken`` its marker
    (``circle``, ``square``, ``diamond``), ``boven`` its values written above its points."""

    naam: str
    waarden: tuple[float | None, ...]
    teksten: tuple[str | None, ...]
    streep: tuple[float, ...] = ()
    teken: str = "circle"
    boven: bool = True

    @property
    def stukken(self) -> list[list[int]]:
        """The runs of years with a value, each drawn as one line (a missing year breaks it).

        Examples
        --------
        >>> Reeks("r", (0.1, 0.2, None, 0.3), ("10%", "20%", None, "30%")).stukken
        [[0, 1], [3]]
        """
        runs: list[list[int]] = [[]]
        for i, v in enumerate(self.waarden):
            if v is None:
                runs.append([])
            else:
                runs[-1].append(i)
        return [r for r in runs if r]


@dataclass(frozen=True)
class Grafiek:
    """One line chart of shares per schooljaar, ready to draw.

    ``laag`` and ``hoog`` are the ends of the value axis and ``ticks`` its (value, text)
    marks; ``band`` the indexes of the two series the grey band of the possible reach
    lies between; ``doel`` the target drawn as a thick dotted line; ``code`` the
    target's code (empty for a chart of no target).
    """

    titel: str
    jaren: tuple[str, ...]
    reeksen: tuple[Reeks, ...]
    band: tuple[int, int] | None = None
    doel: float | None = None
    laag: float = 0.0
    hoog: float = 1.0
    ticks: tuple[tuple[float, str], ...] = TICKS
    code: str = ""

    @property
    def leeg(self) -> bool:
        """True when no series has a value: nothing to draw ("niet te berekenen")."""
        return all(v is None for r in self.reeksen for v in r.waarden)

    @property
    def doel_tekst(self) -> str:
        """The legend text of the target line ("doel 60%"), or "" without a target."""
        return f"doel {round(100 * self.doel)}%" if self.doel else ""

    @property
    def labels(self) -> list[Label]:
        """Every value with its text, at its point: right of it, but left of the last
        year's point (so it stays inside the chart)."""
        n = len(self.jaren)
        return [
            Label(k, i, v, t or "", "end" if n > 1 and i == n - 1 else "start", r.boven)
            for k, r in enumerate(self.reeksen)
            for i, (v, t) in enumerate(zip(r.waarden, r.teksten, strict=True))
            if v is not None
        ]

    @property
    def beschrijving(self) -> str:
        """The chart in words, for screen readers: every series with its values per year."""
        parts = [
            f"{r.naam}: "
            + ", ".join(
                f"{x} {t if v is not None and t else '—'}"
                for x, v, t in zip(self.jaren, r.waarden, r.teksten, strict=True)
            )
            for r in self.reeksen
        ]
        if self.doel_tekst:
            parts.append(self.doel_tekst)
        return "; ".join(parts)

    def schaal(self, v: float) -> float:
        """Where ``v`` lies on the value axis, 0 at ``laag`` and 1 at ``hoog`` (clipped).

        Examples
        --------
        >>> Grafiek("t", ("2024-2025",), ()).schaal(1.7)
        1.0
        """
        return max(0.0, min(1.0, (v - self.laag) / (self.hoog - self.laag)))


def _values(trend: Any, column: str) -> tuple[float | None, ...]:
    if column not in trend:
        return (None,) * len(trend)
    return tuple(None if v is None or v != v else float(v) for v in trend[column])


def _reeks(
    naam: str, values: tuple[float | None, ...], text: Callable[[float], str], **style: Any
) -> Reeks:
    return Reeks(naam, values, tuple(None if v is None else text(v) for v in values), **style)


def doel_grafiek(trend: Any, code: str, naam: str, doel: float | None) -> Grafiek:
    """The chart of one LEA target per schooljaar: its lower and upper bound, the band
    between them and the target.

    Parameters
    ----------
    trend
        :func:`lea_graph.analytics.compare.trend` (a table with ``schooljaar`` and
        ``<code>_ondergrens``, ``<code>_bovengrens``).
    code, naam, doel
        The target's code, its name (the chart's title) and its target share (or None).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"schooljaar": ["2023-2024", "2024-2025"],
    ...                   "pact_ondergrens": [0.377, 0.416], "pact_bovengrens": [0.942, 0.921]})
    >>> g = doel_grafiek(t, "pact", "PacT-wijken", 0.6)
    >>> [(r.naam, r.teksten) for r in g.reeksen]
    [('ondergrens', ('37%', '41%')), ('bovengrens', ('95%', '93%'))]
    >>> g.band, g.doel_tekst, [t for _, t in g.ticks]
    ((0, 1), 'doel 60%', ['0%', '25%', '50%', '75%', '100%'])
    """
    years = tuple(str(y) for y in trend["schooljaar"])
    low = _reeks(
        "ondergrens", _values(trend, f"{code}_ondergrens"), pct_down, teken="circle", boven=False
    )
    high = _reeks(
        "bovengrens",
        _values(trend, f"{code}_bovengrens"),
        pct_up,
        teken="square",
        streep=(4.0, 2.0),
        boven=True,
    )
    return Grafiek(naam, years, (low, high), band=(0, 1), doel=doel, code=code)


def gezondheid_grafiek(trend: Any) -> Grafiek | None:
    """The chart of the network's health shares per schooljaar (:data:`HEALTH_SERIES`),
    or None when the trend has none of them.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"schooljaar": ["2024-2025"], "aandeel_tussen_hubs": [0.5]})
    >>> [(r.naam, r.teksten) for r in gezondheid_grafiek(t).reeksen]
    [('hubleden die met een andere hub samenwerken', ('50%',))]
    """
    years = tuple(str(y) for y in trend["schooljaar"])
    series = tuple(
        _reeks(naam, _values(trend, key), percent, teken=teken, streep=streep, boven=boven)
        for key, naam, teken, streep, boven in HEALTH_SERIES
        if key in trend
    )
    return Grafiek("Netwerkgezondheid", years, series) if series else None


def lijngrafieken(trend: Any, doelen: Iterable[Any] = ()) -> list[Grafiek]:
    """Every chart of the trend, in order: one per LEA target in it, then the network
    health.

    Parameters
    ----------
    trend
        :func:`lea_graph.analytics.compare.trend`; an empty table gives no charts.
    doelen
        The targets (:class:`lea_graph.analytics.indicators.Indicator`: ``code``,
        ``naam``, ``doel``) for the titles and target lines; a target not among them is
        titled by its code, without a target line.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"schooljaar": ["2024-2025"], "pact_ondergrens": [None],
    ...                   "pact_bovengrens": [None], "aandeel_tussen_hubs": [0.5]})
    >>> [(g.titel, g.leeg) for g in lijngrafieken(t)]
    [('pact', True), ('Netwerkgezondheid', False)]
    """
    if trend is None or not len(trend) or "schooljaar" not in trend:
        return []
    known = {d.code: d for d in doelen}
    charts = []
    for code in _codes(trend.columns):
        target = known.get(code)
        naam, doel = (target.naam, target.doel) if target else (code, None)
        charts.append(doel_grafiek(trend, code, naam, doel))
    health = gezondheid_grafiek(trend)
    return charts + ([health] if health else [])


def _codes(columns: Sequence[str]) -> list[str]:
    return [c.removesuffix("_ondergrens") for c in columns if c.endswith("_ondergrens")]
