"""Communities: groups of partners that work in the same schools, wijken and programmes.

Louvain community detection (python-louvain, or igraph on large networks) on the weighted partner projection of
:class:`~lea_graph.analytics.network.Network`, and a comparison of the communities
with the formal hubs: do partners actually cluster the way the hubs are drawn?

List cells (names) are separated by ``"; "`` because some hub names contain a comma
("Burgerschap, identiteit en global goals").
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from lea_graph.analytics import engine as _engine
from lea_graph.analytics.network import Network, each_row
from lea_graph.text import LIST_SEP, dutch_list, fold, plural

__all__ = [
    "COLUMNS",
    "Communities",
    "adjusted_rand_index",
    "communities",
    "normalized_mutual_information",
    "purity",
]

#: Columns of :attr:`Communities.table`, in order.
COLUMNS = ["gemeenschap", "grootte", "leden", "hubs", "wijken", "toelichting"]

#: Separator of names inside one cell.

#: How many hubs and wijken a community row names at most.
TOP = 3


# -- comparing two labelings ----------------------------------------------------------------


def _check(a: Sequence[Hashable], b: Sequence[Hashable]) -> int:
    if len(a) != len(b):
        raise ValueError(f"labelings differ in length: {len(a)} and {len(b)}")
    return len(a)


def _compare(a: Sequence[Hashable], b: Sequence[Hashable], method: str) -> float:
    """igraph's comparison ``method`` of two labelings (any hashable labels)."""
    import igraph as ig  # loaded when needed, like the igraph engine

    if _check(a, b) == 0:
        raise ValueError("no items to compare")
    if len(set(zip(a, b, strict=True))) == len(set(a)) == len(set(b)):
        # The labels correspond one to one: the same split. Exactly 1 (igraph's rounding
        # gives 0.9999999999999998 at times), also where igraph's ARI is undefined (one
        # item, all singletons or all one group on both sides).
        return 1.0
    return ig.compare_communities(_numbered(a), _numbered(b), method=method)


def _numbered(labels: Sequence[Hashable]) -> list[int]:
    """Labels as igraph membership numbers 0, 1, ... in order of first appearance."""
    number: dict[Hashable, int] = {}
    return [number.setdefault(label, len(number)) for label in labels]


def normalized_mutual_information(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Normalised mutual information of two labelings of the same items.

    ``NMI = I(A; B) / ((H(A) + H(B)) / 2)`` (Danon et al. 2005; computed by
    :func:`igraph.compare_communities` with ``method="nmi"``). 1 means the labelings
    split the items the same way (label names do not matter), 0 that knowing one tells
    nothing about the other. If both labelings put all items in one group the result is 1.

    Parameters
    ----------
    a, b
        Labels of the same items, in the same order.

    Examples
    --------
    >>> normalized_mutual_information([0, 0, 1, 1], ["x", "x", "y", "y"])
    1.0
    >>> normalized_mutual_information([0, 0, 1, 1], [0, 1, 0, 1])
    0.0
    """
    return _compare(a, b, "nmi")


def adjusted_rand_index(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Adjusted Rand index (Hubert and Arabie) of two labelings of the same items.

    The share of pairs of items on which both labelings agree (same group or not),
    corrected for chance: 1 for identical splits, about 0 for unrelated ones, negative
    when they agree less than chance would. Computed by :func:`igraph.compare_communities`
    with ``method="adjusted_rand"``. When the chance correction is undefined (fewer than
    two items, or both labelings all-singletons or both one group) the splits are
    identical: 1.

    Parameters
    ----------
    a, b
        Labels of the same items, in the same order.

    Examples
    --------
    >>> adjusted_rand_index([0, 0, 1, 1], ["x", "x", "y", "y"])
    1.0
    >>> round(adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]), 12)
    -0.5
    """
    return _compare(a, b, "adjusted_rand")


def purity(groups: Sequence[Hashable], labels: Sequence[Hashable]) -> float:
    """Share of items whose label is the most common label of their group.

    Parameters
    ----------
    groups
        Group of each item (e.g. its community).
    labels
        Label of each item (e.g. its hub), in the same order.

    Examples
    --------
    >>> purity([1, 1, 1, 2, 2], ["a", "a", "b", "c", "c"])
    0.8
    """
    n = _check(groups, labels)
    if n == 0:
        raise ValueError("no items to compare")
    per_group: dict[Hashable, Counter] = defaultdict(Counter)
    for g, label in zip(groups, labels, strict=True):
        per_group[g][label] += 1
    return sum(max(c.values()) for c in per_group.values()) / n


# -- communities ----------------------------------------------------------------------------


@dataclass
class Communities:
    """Communities of partners and how they compare with the hubs.

    Attributes
    ----------
    modularity
        Modularity of the partition on the weighted projection (0 when the projection
        has no edges at all: modularity is undefined there).
    table
        One row per community, columns :data:`COLUMNS`:

        ``gemeenschap``
            Number 1..n: largest first, equal sizes by smallest member id.
        ``grootte``
            Number of partners.
        ``leden``
            Partner names, sorted (case and accents ignored), separated by ``"; "``.
        ``hubs``
            Up to 3 hubs with most members, as ``"Cultuur en muziek (4 van 5 leden met
            hub)"``: members in that hub out of members in any hub (empty if none).
        ``wijken``
            Up to 3 wijken where most members are active (activities at a school in the
            wijk, or wijkinzet), as ``"Noord (4 leden)"``.
        ``toelichting``
            A Dutch sentence: what the members share and which hub dominates.
    membership
        Partner id -> ``gemeenschap``, for every partner.
    alignment
        Communities compared with hub membership, over the *compared partners*: those
        in exactly one hub that share at least one context with another partner
        (partners in several hubs or none have no single hub label; isolated partners
        are singletons by construction and would inflate the agreement).

        ``nmi``
            :func:`normalized_mutual_information` of community and hub.
        ``ari``
            :func:`adjusted_rand_index` of community and hub.
        ``zuiverheid``
            :func:`purity`: share of compared partners whose hub is the most common
            hub of their community.
        ``partners``
            Number of compared partners.
        ``toelichting``
            Dutch interpretation.

        ``nmi``, ``ari`` and ``zuiverheid`` are None with fewer than 2 compared partners.
    engine
        Which Louvain ran: ``"networkx"`` (python-louvain) or ``"igraph"``.
    """

    modularity: float
    table: pd.DataFrame
    membership: dict[str, int]
    alignment: dict
    engine: str = "networkx"


def _decimal(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


def _active_wijken(net: Network) -> dict[str, set[str]]:
    wijken: dict[str, set[str]] = defaultdict(set)
    for df in (net.activities, net.wijkinzet):
        for partner, wijk in each_row(df, "partner", "wijk"):
            if isinstance(wijk, str) and wijk:
                wijken[partner].add(wijk)
    return wijken


def _row(
    net: Network,
    number: int,
    members: list[str],
    degree: dict[str, int],
    wijken: dict[str, set[str]],
) -> dict:
    hub_counts = Counter(hub for p in members for hub in net.members.get(p, []))
    with_hub = sum(1 for p in members if net.members.get(p))
    top_hubs = sorted(hub_counts.items(), key=lambda kv: (-kv[1], fold(net.name(kv[0]))))[:TOP]
    hubs = LIST_SEP.join(
        f"{net.name(hub)} ({c} van {with_hub} leden met hub)" for hub, c in top_hubs
    )
    wijk_counts = Counter(w for p in members for w in wijken.get(p, ()))
    top_wijken = sorted(wijk_counts.items(), key=lambda kv: (-kv[1], fold(net.name(kv[0]))))
    wijk_text = LIST_SEP.join(
        f"{net.name(w)} ({plural(c, 'lid', 'leden')})" for w, c in top_wijken[:TOP]
    )

    shared = net.shared_contexts(members)
    if len(members) == 1:
        if degree[members[0]]:
            text = (
                "Deelt wel scholen, wijken of programma's met andere partners, maar hoort "
                "bij geen van hun gemeenschappen."
            )
        else:
            text = "Deelt geen school, wijk of programma met andere partners."
    else:
        what = dutch_list(
            [
                plural(len(shared[kind]), one, many)
                for kind, one, many in (
                    ("school", "school", "scholen"),
                    ("wijk", "wijk", "wijken"),
                    ("programma", "programma", "programma's"),
                )
                if shared[kind]
            ]
        )
        text = f"Deze {len(members)} partners delen onderling {what or 'niets'}."
        if top_hubs:
            hub, c = top_hubs[0]
            text += (
                f" Van de {with_hub} leden met een hub zitten er {c} in {net.name(hub)}."
                if with_hub != 1
                else f" Het enige lid met een hub zit in {net.name(hub)}."
            )
        else:
            text += " Geen van de leden zit in een hub."
    return {
        "gemeenschap": number,
        "grootte": len(members),
        "leden": LIST_SEP.join(net.names(members)),
        "hubs": hubs,
        "wijken": wijk_text,
        "toelichting": text,
    }


def _alignment(net: Network, degree: dict[str, int], membership: dict[str, int]) -> dict:
    compared = [p for p in sorted(membership) if len(net.members.get(p, [])) == 1 and degree[p]]
    result: dict = {"nmi": None, "ari": None, "zuiverheid": None, "partners": len(compared)}
    if len(compared) < 2:
        result["toelichting"] = (
            "Te weinig partners met precies één hub (en gedeelde scholen, wijken of "
            "programma's) om de gemeenschappen met de hubs te vergelijken."
        )
        return result
    groups = [membership[p] for p in compared]
    hubs = [net.members[p][0] for p in compared]
    nmi = normalized_mutual_information(groups, hubs)
    ari = adjusted_rand_index(groups, hubs)
    pure = purity(groups, hubs)
    result.update(nmi=nmi, ari=ari, zuiverheid=pure)
    if nmi >= 0.7:
        verdict = "De gemeenschappen volgen grotendeels de formele hubs"
    elif nmi >= 0.3:
        verdict = "De gemeenschappen volgen de formele hubs maar gedeeltelijk"
    else:
        verdict = (
            "De gemeenschappen staan grotendeels los van de formele hubs: partners werken "
            "vooral samen over hubgrenzen heen"
        )
    result["toelichting"] = (
        f"{verdict} (NMI {_decimal(nmi)}, ARI {_decimal(ari)}; {round(100 * pure)}% van de "
        f"{len(compared)} vergeleken partners zit in de meest voorkomende hub van hun "
        "gemeenschap)."
    )
    return result


def communities(
    g: nx.MultiDiGraph,
    schooljaar: str | None = None,
    *,
    seed: int = 0,
    resolution: float = 1.0,
    engine: str = "auto",
) -> Communities:
    """Find communities of partners that share schools, wijken and programmes.

    Runs Louvain (:func:`lea_graph.analytics.engine.louvain`) on the partner projection,
    weighted by the number of shared contexts. A partner that shares nothing with
    anyone is kept as a community of its own (size 1, so numbered after the larger
    ones); it takes no part in the comparison with the hubs.

    Parameters
    ----------
    g
        The typed network graph (:func:`lea_graph.graph.to_graph`).
    schooljaar
        Only activities and wijkinzet of this schooljaar, or None for all years.
    seed
        Random state of Louvain; the same seed gives the same communities.
    resolution
        Louvain's resolution: above 1 gives smaller communities, below 1 larger ones.
    engine
        ``"auto"``, ``"networkx"`` (python-louvain) or ``"igraph"``
        (``community_multilevel``); see :mod:`lea_graph.analytics.engine`.

    Returns
    -------
    Communities
        Modularity, the table of communities, every partner's community and the
        comparison with the hubs.

    Examples
    --------
    Two schools, two partners at each: two communities.

    >>> from lea_graph.dataset import Dataset
    >>> from lea_graph.graph import to_graph
    >>> ds = Dataset.from_rows({
    ...     "wijken": [{"id": "w-1", "naam": "Noord"}, {"id": "w-2", "naam": "Zuid"}],
    ...     "scholen": [{"id": "s-1", "naam": "A", "sector": "po", "wijk": "w-1"},
    ...                 {"id": "s-2", "naam": "B", "sector": "po", "wijk": "w-2"}],
    ...     "partners": [{"id": p, "naam": p.upper(), "type": "overig"}
    ...                  for p in ("p-1", "p-2", "p-3", "p-4")],
    ...     "activiteiten": [{"partner": p, "school": s} for p, s in
    ...                      [("p-1", "s-1"), ("p-2", "s-1"), ("p-3", "s-2"), ("p-4", "s-2")]],
    ... })
    >>> result = communities(to_graph(ds))
    >>> result.membership
    {'p-1': 1, 'p-2': 1, 'p-3': 2, 'p-4': 2}
    >>> result.table[["gemeenschap", "leden", "wijken"]].to_dict("records")[0]
    {'gemeenschap': 1, 'leden': 'P-1; P-2', 'wijken': 'Noord (2 leden)'}
    >>> round(result.modularity, 2)
    0.5
    """
    net = Network.of(g, schooljaar)
    h = net.partner_links()
    partition = _engine.louvain(h, weight="weight", seed=seed, resolution=resolution, engine=engine)
    modularity = _engine.modularity(h, partition, weight="weight")
    groups: dict[int, list[str]] = defaultdict(list)
    for partner, label in partition.items():
        groups[label].append(partner)
    ordered = sorted((sorted(m) for m in groups.values()), key=lambda m: (-len(m), m[0]))
    membership = {p: i for i, members in enumerate(ordered, start=1) for p in members}
    membership = dict(sorted(membership.items()))
    wijken = _active_wijken(net)
    degree = dict(zip(h.nodes, h.degree().tolist(), strict=True))
    rows = [_row(net, i, members, degree, wijken) for i, members in enumerate(ordered, start=1)]
    table = pd.DataFrame(rows, columns=COLUMNS).astype({"gemeenschap": "int64", "grootte": "int64"})
    return Communities(
        modularity=modularity,
        table=table,
        membership=membership,
        alignment=_alignment(net, degree, membership),
        engine=_engine.choose(engine, h),
    )
