"""The one rule for showing the reach of a LEA target, and for saying it moved.

A reach is bounded, not known (:class:`lea_graph.analytics.indicators.Indicator`): a
lower bound (what the data prove) and an upper bound (what is possible), shares 0..1.
Every page, map, table, chart, download, API answer and PDF shows them by this rule:

* the lower bound in whole percents rounded **down** (never more than proven),
  the upper bound rounded **up** (never less than possible): :func:`lower`,
  :func:`upper`, as text :func:`pct_down`, :func:`pct_up`;
* the two as one range: :func:`range_text` ("tussen 37% en 95%", short "37–95%",
  "82%" when both round to the same);
* a target rose or fell only when that shows after this rounding (:func:`change`,
  :func:`change_text`); otherwise it stayed "gelijk".
"""

from __future__ import annotations

import math
from typing import Any

__all__ = [
    "CHANGES",
    "change",
    "change_text",
    "lower",
    "pct_down",
    "pct_up",
    "range_text",
    "upper",
]

#: The answers of :func:`change`.
CHANGES = ("hoger", "lager", "gelijk", "gemengd", "niet te vergelijken")


def _missing(value: Any) -> bool:
    """None, NaN (pandas' missing value) or not a number."""
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def lower(share: float) -> int:
    """A lower bound (0..1) in whole percents, rounded down.

    Examples
    --------
    >>> lower(0.374), lower(0.2049), lower(0.29), lower(1.0)
    (37, 20, 29, 100)
    """
    # The small margin keeps 0.29 (28.999999… in floating point) at 29.
    return math.floor(100 * float(share) + 1e-9)


def upper(share: float) -> int:
    """An upper bound (0..1) in whole percents, rounded up.

    Examples
    --------
    >>> upper(0.946), upper(0.9401), upper(0.57), upper(0.0)
    (95, 95, 57, 0)
    """
    return math.ceil(100 * float(share) - 1e-9)


def pct_down(share: float) -> str:
    """A lower bound as text: :func:`lower` with a percent sign.

    Examples
    --------
    >>> pct_down(0.374)
    '37%'
    """
    return f"{lower(share)}%"


def pct_up(share: float) -> str:
    """An upper bound as text: :func:`upper` with a percent sign.

    Examples
    --------
    >>> pct_up(0.946)
    '95%'
    """
    return f"{upper(share)}%"


def range_text(low: float | None, high: float | None, *, short: bool = False) -> str:
    """A reach as people read it: lower bound rounded down, upper bound rounded up.

    Parameters
    ----------
    low, high
        The bounds, shares 0..1; None or NaN when the reach cannot be computed.
    short
        "37–95%" (tables, charts, the map) instead of "tussen 37% en 95%" (sentences).

    Returns
    -------
    str
        The range; one percentage when both bounds round to the same; "—" without bounds.

    Examples
    --------
    >>> range_text(0.374, 0.946), range_text(0.374, 0.946, short=True)
    ('tussen 37% en 95%', '37–95%')
    >>> range_text(0.82, 0.82, short=True), range_text(None, 0.5)
    ('82%', '—')
    """
    if _missing(low) or _missing(high):
        return "—"
    a, b = lower(low), upper(high)
    if a == b:
        return f"{a}%"
    return f"{a}–{b}%" if short else f"tussen {a}% en {b}%"


def _shown(bounds: tuple[float | None, float | None]) -> tuple[int, int] | None:
    low, high = bounds
    if _missing(low) or _missing(high):
        return None
    return lower(low), upper(high)


def change(
    before: tuple[float | None, float | None], after: tuple[float | None, float | None]
) -> str:
    """How a target's reach moved, as far as it shows after rounding (:func:`lower`,
    :func:`upper`).

    Parameters
    ----------
    before, after
        (lower bound, upper bound) before and after, shares 0..1 or None.

    Returns
    -------
    str
        ``hoger`` (no rounded bound down, at least one up), ``lager`` (the other way),
        ``gemengd`` (one up, one down), ``gelijk`` (both rounded bounds the same, also
        when the exact bounds differ) or ``niet te vergelijken`` (a side without bounds).

    Examples
    --------
    >>> change((0.2049, 0.5), (0.2041, 0.5)), change((0.20, 0.5), (0.199, 0.5))
    ('gelijk', 'lager')
    >>> change((0.2, 0.5), (0.3, 0.5)), change((0.2, 0.5), (0.1, 0.6))
    ('hoger', 'gemengd')
    >>> change((None, None), (0.1, 0.1))
    'niet te vergelijken'
    """
    a, b = _shown(before), _shown(after)
    if a is None or b is None:
        return "niet te vergelijken"
    steps = [y - x for x, y in zip(a, b, strict=True)]
    if not any(steps):
        return "gelijk"
    if all(d >= 0 for d in steps):
        return "hoger"
    if all(d <= 0 for d in steps):
        return "lager"
    return "gemengd"


def change_text(
    before: tuple[float | None, float | None], after: tuple[float | None, float | None]
) -> str:
    """The bounds that visibly moved, in words; "" when none did (:func:`change`).

    Examples
    --------
    >>> change_text((0.2049, 0.95), (0.2041, 0.95))
    ''
    >>> change_text((0.21, 0.95), (0.2, 0.95))
    'ondergrens 21% → 20%'
    >>> change_text((0.21, 0.95), (0.2, 0.9))
    'ondergrens 21% → 20%, bovengrens 95% → 90%'
    """
    a, b = _shown(before), _shown(after)
    if a is None or b is None:
        return ""
    parts = [
        f"{name} {x}% → {y}%"
        for name, x, y in zip(("ondergrens", "bovengrens"), a, b, strict=True)
        if x != y
    ]
    return ", ".join(parts)
