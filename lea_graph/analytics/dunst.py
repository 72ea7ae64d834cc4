"""Where is the network thinnest? One ranking of the wijken, for the page /wijken.

The network is thinnest where many children live and few partners work. The ranking
takes the rows of :func:`lea_graph.analytics.entities.wijk_rows` (children, PacT, SES,
the partners of the hubs from :mod:`lea_graph.analytics.wijkpartners` and the gaps of
:func:`lea_graph.analytics.coverage.coverage_gaps`) and says it in words in
:data:`DUNST_REGEL`.
"""

from __future__ import annotations

from typing import Any

from lea_graph.analytics.coverage import can_be_gap

__all__ = ["DUNST_KORT", "DUNST_MIN_KINDEREN", "DUNST_REGEL", "dunste_wijken"]

#: Wijken with fewer children than this (the middle of the range) are left out.
DUNST_MIN_KINDEREN = 100

#: The rule in one sentence, next to the ranking (the whole rule: :data:`DUNST_REGEL`).
DUNST_KORT = (
    "Bovenaan staan wijken met veel kinderen en weinig partners; PacT-wijken en wijken met "
    "lage SES wegen zwaarder. Bedrijventerreinen en wijken met (bijna) geen kinderen tellen "
    "niet mee."
)

#: The rule of :func:`dunste_wijken`, in words for people.
DUNST_REGEL = (
    "Het netwerk is het dunst waar veel kinderen wonen en weinig partners werken. "
    "Score = kinderen ÷ (partners van de hubs + 1), keer 1,5 in een PacT-wijk en nog eens "
    "keer 1,5 bij lage SES. Bij een bereik van kinderen telt het midden. "
    f"Bedrijventerreinen en wijken met minder dan {DUNST_MIN_KINDEREN} kinderen (of zonder "
    "kindertal) tellen niet mee. Bij gelijke score komt de wijk met meer gaten eerst."
)


def _score(row: dict[str, Any]) -> float:
    kids = float(row["kinderen_midden"])
    weight = (1.5 if row.get("pact") == "ja" else 1.0) * (1.5 if row.get("ses") == "laag" else 1.0)
    return round(kids / (int(row.get("partners_via_hubs") or 0) + 1) * weight, 1)


def dunste_wijken(rows: list[dict[str, Any]], n: int = 10) -> list[dict[str, Any]]:
    """The ``n`` wijken where the network is thinnest, by :data:`DUNST_REGEL`.

    Parameters
    ----------
    rows
        Wijk rows with ``wijk``, ``naam``, ``soort``, ``pact``, ``ses``,
        ``kinderen_midden``, ``kinderen_tekst``, ``partners_via_hubs`` and ``gaten``
        (:func:`lea_graph.analytics.entities.wijk_rows`).
    n
        At most this many wijken.

    Returns
    -------
    list of dict
        The rows, thinnest first, each with ``rang`` and ``score`` added.

    Examples
    --------
    A PacT wijk with 400 children and one partner (400 ÷ 2 × 1,5 = 300) comes before a
    plain wijk with 500 children and one partner (250); a bedrijventerrein and a wijk
    with 20 children are left out.

    >>> rows = [
    ...     {"wijk": "a", "naam": "A", "soort": "woonwijk", "pact": "nee", "ses": "midden",
    ...      "kinderen_midden": 500, "partners_via_hubs": 1, "gaten": 2},
    ...     {"wijk": "b", "naam": "B", "soort": "woonwijk", "pact": "ja", "ses": "midden",
    ...      "kinderen_midden": 400, "partners_via_hubs": 1, "gaten": 1},
    ...     {"wijk": "c", "naam": "C", "soort": "bedrijventerrein", "pact": "nee", "ses": "",
    ...      "kinderen_midden": 900, "partners_via_hubs": 0, "gaten": 0},
    ...     {"wijk": "d", "naam": "D", "soort": "buitengebied", "pact": "nee", "ses": "",
    ...      "kinderen_midden": 20, "partners_via_hubs": 0, "gaten": 5},
    ... ]
    >>> [(r["rang"], r["wijk"], r["score"]) for r in dunste_wijken(rows)]
    [(1, 'b', 300.0), (2, 'a', 250.0)]
    """
    counted = [
        r
        for r in rows
        if can_be_gap(r.get("soort"))
        and r.get("kinderen_midden") is not None
        and r["kinderen_midden"] == r["kinderen_midden"]  # not NaN
        and r["kinderen_midden"] >= DUNST_MIN_KINDEREN
    ]
    scored = [{**r, "score": _score(r)} for r in counted]
    scored.sort(key=lambda r: (-r["score"], -int(r.get("gaten") or 0), str(r.get("naam"))))
    return [{**r, "rang": i} for i, r in enumerate(scored[:n], start=1)]
