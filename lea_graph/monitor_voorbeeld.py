"""Illustrative rounds of the samenwerkingsmonitor for the Tilburg example network.

The answers are invented (``bron=voorbeeld``) so that the monitor's pages, map, report
and API can be seen before any partner has answered: they say nothing about the real
organisations. Two closed rounds (schooljaar 2023-2024 and 2024-2025, the years of the
example network) are made from the network's recorded collaborations with a fixed random
seed; in the second round the partners of two hubs work together more and trust each
other more, so that the pages have a change to show. They are written only when the data directory has no rounds.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from pathlib import Path
from typing import Any

import networkx as nx

from lea_graph import monitor
from lea_graph.analytics.samenwerking import indeling

__all__ = ["VOORBEELD_RONDES", "maak_voorbeeldrondes"]

#: (name, schooljaar, opened, closing date, closed) of the illustrative rounds.
VOORBEELD_RONDES = (
    ("Samenwerkingsmonitor voorjaar 2024 (voorbeeld)", "2023-2024",
     dt.datetime(2024, 3, 4, 9, tzinfo=dt.UTC), "2024-03-29", dt.datetime(2024, 4, 2, 9, tzinfo=dt.UTC)),
    ("Samenwerkingsmonitor voorjaar 2025 (voorbeeld)", "2024-2025",
     dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC), "2025-03-31", dt.datetime(2025, 4, 1, 9, tzinfo=dt.UTC)),
)  # fmt: skip

_OPEN_TEKSTEN = (
    "Vaker samen plannen aan het begin van het schooljaar.",
    "Een vast aanspreekpunt bij de andere organisatie.",
    "Samen één aanbod voor de school in plaats van twee.",
    "Elkaar eerder laten weten wat er verandert.",
    "",
    "",
)


def _answer(rng: random.Random, base: float) -> dict[str, Any]:
    def point() -> int | None:
        if rng.random() < 0.08:
            return None  # weet ik niet
        return max(1, min(4, round(base + rng.uniform(-0.9, 0.9))))

    return {
        "frequentie": rng.randint(1, 4),
        "niveau": max(1, min(4, round(base - 0.5 + rng.uniform(-1, 1)))),
        **{f: point() for f in monitor.SCORE_VELDEN},
        "sterker": rng.choice(_OPEN_TEKSTEN),
    }


def maak_voorbeeldrondes(
    data_dir: str | Path,
    g: nx.MultiDiGraph,
    *,
    versie: str = "",
    geladen_op: str = "",
    seed: int = 7,
) -> list[str]:
    """Write the illustrative rounds into the data directory, unless it has rounds.

    Parameters
    ----------
    data_dir
        The data directory (the rounds go into ``monitor/``).
    g
        The loaded network (the Tilburg example network).
    versie, geladen_op
        The network version and when it was loaded, kept with the rounds as the network
        at closing.
    seed
        Random seed: the same network and seed give the same answers.

    Returns
    -------
    list of str
        The ids of the rounds written (empty when there were rounds already).
    """
    if monitor.list_rounds(data_dir):
        return []
    rng = random.Random(seed)  # noqa: S311 (illustrative data, not secrets)
    made = []
    for k, (naam, jaar, opened, sluit, closed) in enumerate(VOORBEELD_RONDES):
        context = indeling(g, jaar)
        hubs = sorted(context["hubs"])
        warmer = set()
        if k == 1:  # two hubs grow closer in the second round
            for hub in hubs[:2]:
                warmer |= set(context["hubs"][hub]["partners"])
        pairs = [tuple(p) for p in context["samenwerkingen"]]
        if k == 1:  # and a few new collaborations inside those hubs are named
            inside = sorted(warmer)
            pairs += list(itertools.pairwise(inside))[:6]
        partners = sorted(context["partners"])
        answering = {p for p in partners if rng.random() < (0.7 if k == 0 else 0.8)}
        ronde = monitor.open_round(
            data_dir,
            naam,
            jaar,
            sluit,
            door="voorbeeld",
            versie=versie,
            bron="voorbeeld",
            now=opened,
        )
        answers: dict[str, dict[str, Any]] = {}
        for a, b in pairs:
            base = rng.uniform(2.3, 3.6)
            if a in warmer and b in warmer:
                base += 0.6
            for rater, rated in ((a, b), (b, a)):
                if rater in answering and rng.random() < 0.85:
                    answers.setdefault(rater, {})[rated] = _answer(rng, base)
        for rater, given in sorted(answers.items()):
            monitor.save_answers(data_dir, ronde["id"], rater, given, bron="voorbeeld", now=opened)
        monitor.close(
            data_dir, ronde["id"], context, versie=versie, geladen_op=geladen_op,
            door="voorbeeld", now=closed,
        )  # fmt: skip
        made.append(ronde["id"])
    return made
