"""Figures of the samenwerkingsmonitor: reciprocity, value and trust per collaboration,
per partner, per hub and per wijk, and how they change over rounds.

Every function here is pure: it reads one round (or a list of rounds) as
:mod:`lea_graph.monitor` keeps them, and the round's ``indeling`` (the partners, hubs
and wijken of the network, :func:`indeling`). The rules, written once:

- A *rating* is one partner's answer about another. Its **value score** is the mean of
  its answered value questions (invloed, middelen, betrokkenheid), its **trust score**
  the mean of its answered trust questions (betrouwbaarheid, gedeelde missie, openheid),
  each 1-4; "weet ik niet" is left out, and a rating with all three unknown has no score
  (the PARTNER method's composite scores, :data:`lea_graph.monitor.BRON_DEFINITIES`).
- A figure over ratings is the mean of their scores, each rating counting once, and
  carries ``beoordelaars``: the number of different partners whose ratings it uses.
- A collaboration is **wederzijds** when both partners named each other in the round.
- **Privacy**: outside the coordinator, a figure is shown only when it rests on at
  least :data:`MIN_BEOORDELAARS` raters (:func:`zichtbaar`); else it is hidden, never
  rounded or estimated.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import networkx as nx

from lea_graph.monitor import VERTROUWEN, WAARDE

__all__ = [
    "LAAG",
    "MIN_BEOORDELAARS",
    "bastion",
    "geheel",
    "genoemde_paren",
    "groepen",
    "indeling",
    "paren",
    "partners",
    "respons",
    "score",
    "te_versterken",
    "verloop",
    "zichtbaar",
]

#: The fewest raters a figure needs before anyone but the coordinator sees it.
MIN_BEOORDELAARS = 3
#: A collaboration whose mean value or trust is below this is one to strengthen.
LAAG = 2.5


def zichtbaar(beoordelaars: int | None) -> bool:
    """Whether a figure that rests on ``beoordelaars`` raters may be shown outside the
    coordinator (the one privacy rule).

    Examples
    --------
    >>> zichtbaar(2), zichtbaar(3), zichtbaar(None)
    (False, True, False)
    """
    return (beoordelaars or 0) >= MIN_BEOORDELAARS


def _mean(values: Iterable[float | None]) -> float | None:
    known = [float(v) for v in values if v is not None]
    return sum(known) / len(known) if known else None


def score(answer: Mapping[str, Any], soort: str) -> float | None:
    """The value (``soort="waarde"``) or trust (``"vertrouwen"``) score of one rating:
    the mean of its answered questions of that kind; None when all are "weet ik niet".

    Examples
    --------
    >>> score({"invloed": 4, "middelen": None, "betrokkenheid": 3}, "waarde")
    3.5
    >>> score({"betrouwbaarheid": None, "missie": None, "openheid": None}, "vertrouwen") is None
    True
    """
    fields = WAARDE if soort == "waarde" else VERTROUWEN
    return _mean(answer.get(f) for f in fields)


def _ratings(ronde: Mapping[str, Any]) -> dict[tuple[str, str], Mapping[str, Any]]:
    """(rater, rated) → answer, for every rating in the round."""
    out = {}
    for rater, entry in (ronde.get("antwoorden") or {}).items():
        for rated, answer in (entry.get("samenwerkingen") or {}).items():
            out[(rater, rated)] = answer
    return out


def _names(ronde: Mapping[str, Any]) -> dict[str, str]:
    return dict((ronde.get("indeling") or {}).get("partners") or {})


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def respons(ronde: Mapping[str, Any]) -> dict[str, Any]:
    """How many of the round's partners answered: ``ingevuld``, ``partners`` (in the
    network of the round) and ``aandeel`` (None without partners).

    Examples
    --------
    >>> respons({"indeling": {"partners": {"a": "A", "b": "B"}},
    ...          "antwoorden": {"a": {"samenwerkingen": {}}}})
    {'ingevuld': 1, 'partners': 2, 'aandeel': 0.5}
    """
    everyone = set(_names(ronde))
    answered = (
        set(ronde.get("antwoorden") or {}) & everyone
        if everyone
        else set(ronde.get("antwoorden") or {})
    )
    total = len(everyone)
    return {
        "ingevuld": len(answered),
        "partners": total,
        "aandeel": len(answered) / total if total else None,
    }


def paren(ronde: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per collaboration named in the round (by one side or both).

    Returns
    -------
    list of dict
        ``a``, ``b`` (ids, ``a < b``), ``a_naam``, ``b_naam``, ``a_noemt_b``,
        ``b_noemt_a``, ``wederzijds``, ``niveau`` and ``frequentie`` (the mean of what the
        sides said, 1-4), ``waarde`` and ``vertrouwen`` (the mean of both sides' scores),
        ``beoordelaars`` (sides with a value or trust score), ``waarde_a``,
        ``vertrouwen_a`` (a's scores of b) and ``waarde_b``, ``vertrouwen_b`` (b's of a),
        ``sterker`` (the open answers, "a: ..." per side); sorted by names.
    """
    ratings = _ratings(ronde)
    names = _names(ronde)
    pairs = sorted({tuple(sorted(k)) for k in ratings})
    out = []
    for a, b in pairs:
        ab, ba = ratings.get((a, b)), ratings.get((b, a))
        sides = [x for x in (ab, ba) if x is not None]
        scores = {
            (side, soort): (score(x, soort) if x is not None else None)
            for side, x in (("a", ab), ("b", ba))
            for soort in ("waarde", "vertrouwen")
        }
        raters = sum(
            1
            for side in ("a", "b")
            if scores[(side, "waarde")] is not None or scores[(side, "vertrouwen")] is not None
        )
        texts = [
            f"{names.get(who, who)}: {x['sterker']}"
            for who, x in ((a, ab), (b, ba))
            if x is not None and x.get("sterker")
        ]
        out.append(
            {
                "a": a, "b": b,
                "a_naam": names.get(a, a), "b_naam": names.get(b, b),
                "a_noemt_b": ab is not None, "b_noemt_a": ba is not None,
                "wederzijds": ab is not None and ba is not None,
                "niveau": _r(_mean(x.get("niveau") for x in sides)),
                "frequentie": _r(_mean(x.get("frequentie") for x in sides)),
                "waarde": _r(_mean([scores[("a", "waarde")], scores[("b", "waarde")]])),
                "vertrouwen": _r(_mean([scores[("a", "vertrouwen")], scores[("b", "vertrouwen")]])),
                "beoordelaars": raters,
                "waarde_a": _r(scores[("a", "waarde")]), "vertrouwen_a": _r(scores[("a", "vertrouwen")]),
                "waarde_b": _r(scores[("b", "waarde")]), "vertrouwen_b": _r(scores[("b", "vertrouwen")]),
                "sterker": " | ".join(texts),
            }
        )  # fmt: skip
    return sorted(out, key=lambda r: (r["a_naam"].lower(), r["b_naam"].lower()))


def partners(ronde: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Per partner: how the others rate it and how many name it.

    Returns
    -------
    list of dict
        For every partner of the round's network (and any other that was named):
        ``partner``, ``partner_naam``, ``ingevuld`` (answered this round), ``noemt``
        (collaborations it named), ``genoemd_door`` (partners that named it),
        ``waarde`` and ``vertrouwen`` (mean of the others' scores of it),
        ``waarde_beoordelaars`` and ``vertrouwen_beoordelaars`` (how many scores each
        mean uses), ``wederzijds`` (named collaborations that are mutual); sorted by name.
    """
    ratings = _ratings(ronde)
    names = _names(ronde)
    answered = set(ronde.get("antwoorden") or {})
    everyone = set(names) | {p for pair in ratings for p in pair}
    rows = []
    for p in everyone:
        about = [(rater, x) for (rater, rated), x in ratings.items() if rated == p]
        value = [score(x, "waarde") for _, x in about]
        trust = [score(x, "vertrouwen") for _, x in about]
        named = [rated for (rater, rated) in ratings if rater == p]
        rows.append(
            {
                "partner": p,
                "partner_naam": names.get(p, p),
                "ingevuld": p in answered,
                "noemt": len(named),
                "genoemd_door": len(about),
                "wederzijds": sum(1 for q in named if (q, p) in ratings),
                "waarde": _r(_mean(value)),
                "waarde_beoordelaars": sum(1 for v in value if v is not None),
                "vertrouwen": _r(_mean(trust)),
                "vertrouwen_beoordelaars": sum(1 for v in trust if v is not None),
            }
        )
    return sorted(rows, key=lambda r: (r["partner_naam"].lower(), r["partner"]))


def _groups(ronde: Mapping[str, Any], soort: str) -> dict[str, tuple[str, set[str]]]:
    """Group id → (name, members) for ``soort`` ``hub`` or ``wijk``."""
    found = (ronde.get("indeling") or {}).get("hubs" if soort == "hub" else "wijken") or {}
    return {g: (str(v.get("naam", g)), set(v.get("partners") or [])) for g, v in found.items()}


def groepen(ronde: Mapping[str, Any], soort: str) -> list[dict[str, Any]]:
    """Per hub (``soort="hub"``) or wijk (``"wijk"``): how dense, mutual, valued and
    trusted the rated collaborations among its partners are.

    The partners of a hub are its members; of a wijk, the partners that work there (at a
    school or with wijkinzet, in the round's schooljaar), as the round's ``indeling``
    holds them. Only collaborations with both partners in the group count.

    Returns
    -------
    list of dict
        ``groep``, ``naam``, ``partners``, ``ingevuld`` (partners of the group that
        answered) and ``respons`` (share), ``paren_mogelijk`` (n(n-1)/2),
        ``paren_genoemd`` (pairs in the group named by at least one side),
        ``dichtheid`` (named / possible, None under two partners), ``wederzijds``
        (share of the named pairs named by both; None without pairs), ``waarde``,
        ``vertrouwen`` (mean over the ratings inside the group), ``beoordelaars``
        (partners whose ratings those means use); sorted by name.
    """
    ratings = _ratings(ronde)
    answered = set(ronde.get("antwoorden") or {})
    rows = []
    for group, (name, members) in _groups(ronde, soort).items():
        inside = {k: x for k, x in ratings.items() if k[0] in members and k[1] in members}
        pairs = {tuple(sorted(k)) for k in inside}
        mutual = sum(1 for a, b in pairs if (a, b) in inside and (b, a) in inside)
        n = len(members)
        possible = n * (n - 1) // 2
        value = [(k[0], score(x, "waarde")) for k, x in inside.items()]
        trust = [(k[0], score(x, "vertrouwen")) for k, x in inside.items()]
        raters = {r for r, v in value if v is not None} | {r for r, v in trust if v is not None}
        rows.append(
            {
                "groep": group,
                "naam": name,
                "partners": n,
                "ingevuld": len(members & answered),
                "respons": len(members & answered) / n if n else None,
                "paren_mogelijk": possible,
                "paren_genoemd": len(pairs),
                "dichtheid": len(pairs) / possible if possible else None,
                "wederzijds": mutual / len(pairs) if pairs else None,
                "waarde": _r(_mean(v for _, v in value)),
                "vertrouwen": _r(_mean(v for _, v in trust)),
                "beoordelaars": len(raters),
            }
        )
    return sorted(rows, key=lambda r: (r["naam"].lower(), r["groep"]))


def geheel(ronde: Mapping[str, Any]) -> dict[str, Any]:
    """The row of :func:`groepen` for the whole network of the round: every partner in
    one group (``groep`` ``alle``), so every rating counts.

    Examples
    --------
    >>> r = {"indeling": {"partners": {"a": "A", "b": "B"}},
    ...      "antwoorden": {"a": {"samenwerkingen": {"b": {"betrouwbaarheid": 3}}}}}
    >>> row = geheel(r)
    >>> row["paren_genoemd"], row["wederzijds"], row["vertrouwen"], row["beoordelaars"]
    (1, 0.0, 3.0, 1)
    """
    everyone = {"alle": {"naam": "Het hele netwerk", "partners": list(_names(ronde))}}
    whole = {**ronde, "indeling": {**(ronde.get("indeling") or {}), "hubs": everyone}}
    return groepen(whole, "hub")[0]


def genoemde_paren(ronde: Mapping[str, Any] | None) -> set[frozenset[str]]:
    """The collaborations named in a round (by either side), as unordered pairs."""
    if not ronde:
        return set()
    return {frozenset(k) for k in _ratings(ronde) if k[0] != k[1]}


def te_versterken(ronde: Mapping[str, Any], *, grens: float = LAAG) -> list[dict[str, Any]]:
    """Collaborations that exist but are rated low: a mean value or trust (both sides)
    under ``grens``. A link to strengthen, not a missing one.

    Returns
    -------
    list of dict
        The rows of :func:`paren` concerned, the lowest mean trust first, with
        ``reden`` in Dutch.
    """
    out = []
    for row in paren(ronde):
        low = [
            label
            for key, label in (("vertrouwen", "vertrouwen"), ("waarde", "waarde"))
            if row[key] is not None and row[key] < grens
        ]
        if low:
            out.append({**row, "reden": f"lage {' en '.join(low)} (onder {grens:g} op 4)"})
    return sorted(
        out,
        key=lambda r: (
            math.inf if r["vertrouwen"] is None else r["vertrouwen"],
            r["a_naam"].lower(),
            r["b_naam"].lower(),
        ),
    )


def bastion(ronde: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Per hub, the *gesloten bastion* score on the monitor's collaborations: the share of
    the members' named collaborations that stay inside the hub.

    Returns
    -------
    list of dict
        ``hub``, ``naam``, ``binnen``, ``buiten`` (named pairs with both, or one, member),
        ``bastionscore`` (binnen / (binnen + buiten); None without pairs).
    """
    pairs = genoemde_paren(ronde)
    rows = []
    for hub, (name, members) in _groups(ronde, "hub").items():
        inside = sum(1 for p in pairs if p <= members)
        outside = sum(1 for p in pairs if len(p & members) == 1)
        total = inside + outside
        rows.append(
            {
                "hub": hub,
                "naam": name,
                "binnen": inside,
                "buiten": outside,
                "bastionscore": inside / total if total else None,
            }
        )
    return sorted(rows, key=lambda r: (r["naam"].lower(), r["hub"]))


def _active(ronde: Mapping[str, Any], members: set[str]) -> set[str]:
    """Members with a named collaboration inside the group."""
    return {p for pair in genoemde_paren(ronde) if pair <= members for p in pair}


def verloop(rondes: Sequence[Mapping[str, Any]], soort: str) -> list[dict[str, Any]]:
    """Per hub or wijk and closed round (oldest first): how the group's collaboration
    matures.

    Returns
    -------
    list of dict
        The row of :func:`groepen` for the group in that round, plus ``ronde``,
        ``ronde_naam``, ``ronde_bron`` (``voorbeeld`` for an illustrative round),
        ``versie`` (the network version at closing) and
        ``netwerk_geladen_op`` (when that version was loaded), ``actief``
        (partners with a named collaboration inside the group), ``erbij`` and ``weg``
        (names of partners active now and not in the previous round, and the reverse),
        ``kern`` (partners active in every round so far), ``verschil_vertrouwen`` (the
        change of the mean trust since the previous round; None unless both means rest
        on :data:`MIN_BEOORDELAARS` raters or more) and ``richting`` (``hoger``,
        ``lager``, ``gelijk`` or ``onzeker``).
    """
    closed = sorted(
        (r for r in rondes if r.get("gesloten") and r.get("indeling")),
        key=lambda r: (str(r.get("gesloten")), r["id"]),
    )
    out = []
    previous: dict[str, dict[str, Any]] = {}
    core: dict[str, set[str]] = {}
    for ronde in closed:
        names = _names(ronde)
        groups = _groups(ronde, soort)
        for row in groepen(ronde, soort):
            members = groups[row["groep"]][1]
            active = _active(ronde, members)
            before = previous.get(row["groep"])
            core[row["groep"]] = (
                active if before is None else core.get(row["groep"], set()) & active
            )
            change = None
            if (
                before is not None
                and zichtbaar(row["beoordelaars"])
                and zichtbaar(before["beoordelaars"])
                and row["vertrouwen"] is not None
                and before["vertrouwen"] is not None
            ):
                change = round(row["vertrouwen"] - before["vertrouwen"], 2)
            if before is None:
                direction = "eerste ronde"
            elif change is None:
                direction = "onzeker"
            else:
                direction = "hoger" if change > 0 else "lager" if change < 0 else "gelijk"
            was = before["_actief"] if before else set()
            entry = {
                **row,
                "ronde": ronde["id"],
                "ronde_naam": ronde.get("naam", ""),
                "ronde_bron": ronde.get("bron") or "",
                "schooljaar": ronde.get("schooljaar", ""),
                "versie": ronde.get("versie") or "",
                "netwerk_geladen_op": ronde.get("netwerk_geladen_op") or "",
                "actief": len(active),
                "erbij": sorted(names.get(p, p) for p in active - was) if before else [],
                "weg": sorted(names.get(p, p) for p in was - active) if before else [],
                "kern": len(core[row["groep"]]),
                "verschil_vertrouwen": change,
                "richting": direction,
            }
            out.append(entry)
            previous[row["groep"]] = {**row, "_actief": active}
    return out


def indeling(g: nx.MultiDiGraph, schooljaar: str | None) -> dict[str, Any]:
    """The network as a round keeps it: the partners, each hub's members and each wijk's
    partners (via schools or wijkinzet in ``schooljaar``), and the collaborations on
    record (:mod:`lea_graph.analytics.wijkpartners`).

    Returns
    -------
    dict
        ``partners`` (id → name), ``hubs`` and ``wijken`` (id → ``{"naam", "partners"}``),
        ``samenwerkingen`` (pairs of ids), ``schooljaar``.
    """
    from lea_graph.analytics.network import Network
    from lea_graph.analytics.wijkpartners import partners_in_wijk

    net = Network.of(g, None)
    members: dict[str, list[str]] = {h: [] for h in net.ids["hub"]}
    for p, hubs in net.members.items():
        for h in hubs:
            members.setdefault(h, []).append(p)
    in_wijk = partners_in_wijk(g, schooljaar)
    return {
        "schooljaar": schooljaar,
        "partners": {p: net.name(p) for p in sorted(net.ids["partner"])},
        "hubs": {h: {"naam": net.name(h), "partners": sorted(ms)} for h, ms in members.items()},
        "wijken": {
            w: {"naam": net.name(w), "partners": sorted(found.alle)} for w, found in in_wijk.items()
        },
        "samenwerkingen": sorted(sorted(e) for e in net.collaboration_graph().edges()),
    }
