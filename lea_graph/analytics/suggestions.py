"""Suggestions: partners that could work together, and partners that could fill a gap.

Two questions a kwartiermaker asks of the network:

* *Who should talk to each other?* :func:`missing_links` ranks pairs of partners that
  work in the same places (schools, wijken, programmes, themes) but have no recorded
  collaboration.
* *Who could bring this hub to this wijk?* :func:`gap_candidates` (one gap) and
  :func:`gap_suggestions` (a table of gaps, as produced by the coverage analysis) rank
  partners that could fill a hub × wijk gap.

Both are suggestions for a person to check, so every row carries a Dutch explanation
(``toelichting`` / ``redenen``) that names the facts behind it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from lea_graph.analytics.network import Network, each_row, relations
from lea_graph.errors import LeaGraphError
from lea_graph.text import dutch_list

__all__ = [
    "CANDIDATE_COLUMNS",
    "MISSING_LINK_COLUMNS",
    "gap_candidates",
    "gap_suggestions",
    "missing_links",
]

#: Columns of :func:`missing_links`.
MISSING_LINK_COLUMNS = [
    "partner_a",
    "partner_a_naam",
    "partner_b",
    "partner_b_naam",
    "score",
    "gedeelde_scholen",
    "gedeelde_wijken",
    "gedeelde_programmas",
    "gedeelde_themas",
    "zelfde_hub",
    "toelichting",
]

#: Columns of :func:`gap_candidates` (and the last columns of :func:`gap_suggestions`).
CANDIDATE_COLUMNS = ["partner", "partner_naam", "partner_type", "lid_van_hub", "score", "redenen"]

_CONTEXT_KINDS = ("school", "wijk", "programma", "thema")

#: Rows of the partner × context matrix multiplied at once (bounds memory on big networks).
_BLOCK = 512

#: How many wijken, programmes or themes a sentence names before it only counts them.
_NAMED = 3


# -- Dutch text helpers -----------------------------------------------------------------------


def _some(net: Network, nodes: set[str], one: str, many: str, counted: str) -> str:
    """``"het programma X"``, ``"de programma's X en Y"`` or ``"5 programma's"``.

    ``one`` and ``many`` go before one or several names (``"het programma"``, ``"de
    programma's"``; may be empty); ``counted`` is the noun after a count, used when there
    are more than three.
    """
    if len(nodes) > _NAMED:
        return f"{len(nodes)} {counted}"
    lead = one if len(nodes) == 1 else many
    return f"{lead} {dutch_list(net.names(nodes))}".strip()


# -- missing links ----------------------------------------------------------------------------


def _recorded_pairs(
    g: nx.MultiDiGraph, index: dict[str, int], known: Iterable[Iterable[str]] = ()
) -> np.ndarray:
    """Sorted keys ``i * n + j`` (``i < j``) of partner pairs with a collaboration in any
    year, or among ``known`` (pairs that say they collaborate elsewhere)."""
    n = len(index)
    keys = set()
    for pair in known:
        ends = [index[p] for p in pair if p in index]
        if len(ends) == 2 and ends[0] != ends[1]:
            i, j = sorted(ends)
            keys.add(i * n + j)
    for u, v, _ in relations(g, "samenwerkingen"):
        if u == v or u not in index or v not in index:
            continue
        i, j = sorted((index[u], index[v]))
        keys.add(i * n + j)
    return np.array(sorted(keys), dtype=np.int64)


def _ranked_pairs(
    ctx: dict[str, dict[str, set[str]]],
    partners: list[str],
    recorded: np.ndarray,
    top: int | None,
    block: int = _BLOCK,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row and column indices (``i < j``) and rounded scores of the best pairs, ranked.

    ``S = B · diag(1/deg) · Bᵀ`` for the partner × context incidence matrix ``B``,
    computed a block of rows at a time; only the upper triangle without recorded pairs
    is kept, and with ``top`` only the best ``top`` pairs so far.
    """
    n = len(partners)
    column: dict[tuple[str, str], int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, p in enumerate(partners):
        for kind in _CONTEXT_KINDS:
            for item in ctx[p][kind]:
                rows.append(i)
                cols.append(column.setdefault((kind, item), len(column)))
    empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0))
    if not rows or top == 0:
        return empty
    b = sp.csr_matrix(
        (np.ones(len(rows)), (np.array(rows), np.array(cols))), shape=(n, len(column))
    )
    deg = np.asarray(b.sum(axis=0)).ravel()
    shared = deg >= 2  # a context of one partner links nobody
    if not shared.any():
        return empty
    b = b[:, shared].tocsr()
    weighted = (b @ sp.diags(1.0 / deg[shared])).tocsr()
    bt = b.T.tocsc()
    best_i, best_j, best_s = empty
    for start in range(0, n, block):
        # Columns from ``start`` on: the block's part of the upper triangle and its diagonal.
        part = (weighted[start : start + block] @ bt[:, start:]).tocoo()
        i = part.row.astype(np.int64) + start
        j = part.col.astype(np.int64) + start
        s = np.round(part.data, 3)
        keep = j > i
        if top is not None and len(best_s) == top:
            keep &= s >= best_s[-1]  # cannot beat the worst of the best so far
        i, j, s = i[keep], j[keep], s[keep]
        if len(recorded) and len(i):
            keys = i * n + j
            pos = np.minimum(np.searchsorted(recorded, keys), len(recorded) - 1)
            keep = recorded[pos] != keys
            i, j, s = i[keep], j[keep], s[keep]
        best_i = np.concatenate([best_i, i])
        best_j = np.concatenate([best_j, j])
        best_s = np.concatenate([best_s, s])
        if top is not None:
            if len(best_s) > top:
                # Only pairs scoring at least the top-th score can make it; rank just those.
                cutoff = -np.partition(-best_s, top - 1)[top - 1]
                keep = best_s >= cutoff
                best_i, best_j, best_s = best_i[keep], best_j[keep], best_s[keep]
            order = np.lexsort((best_j, best_i, -best_s))[:top]
            best_i, best_j, best_s = best_i[order], best_j[order], best_s[order]
    order = np.lexsort((best_j, best_i, -best_s))
    return best_i[order], best_j[order], best_s[order]


def _explain_pair(net: Network, shared: dict[str, set[str]]) -> str:
    """The Dutch ``toelichting`` of a suggested pair."""
    parts = []
    schools = shared["school"]
    school_wijken = {net.school_wijk[s] for s in schools if s in net.school_wijk}
    if schools:
        text = f"op {len(schools)} {'school' if len(schools) == 1 else 'scholen'}"
        if school_wijken:
            text += " in " + _some(net, school_wijken, "", "", "wijken")
        parts.append(text)
    other_wijken = shared["wijk"] - school_wijken
    if other_wijken:
        more = "andere wijken" if schools else "wijken"
        parts.append("in " + _some(net, other_wijken, "de wijk", f"de {more}", more))
    if shared["programma"]:
        parts.append(
            "in "
            + _some(net, shared["programma"], "het programma", "de programma's", "programma's")
        )
    covered = {net.programma_thema(p) for p in shared["programma"]}
    other_themas = shared["thema"] - covered
    if other_themas:
        parts.append("binnen " + _some(net, other_themas, "het thema", "de thema's", "thema's"))
    return f"Beiden actief {dutch_list(parts)}; geen samenwerking vastgelegd."


def missing_links(
    g: nx.MultiDiGraph,
    schooljaar: str | None = None,
    *,
    top: int | None = 50,
    bekend: Iterable[Iterable[str]] = (),
) -> pd.DataFrame:
    r"""Pairs of partners that work in the same places but have no recorded collaboration.

    Two partners share a *context* when both work at the same school, in the same
    wijk, in the same programme or within the same theme (see
    :meth:`Network.contexts`; for a ``schooljaar`` only that year's activities and
    wijkinzet count). A pair is *missing* if it shares at least one context and no
    collaboration between the two is recorded **in any schooljaar**: partners that
    worked together in another year know each other already, so they are never
    suggested, whatever ``schooljaar`` is asked for.

    The score is the resource-allocation index over the shared contexts:

    .. math::

        \mathrm{score}(a, b) = \sum_{c \in C(a) \cap C(b)} \frac{1}{|P(c)|}

    where :math:`C(a)` is the set of contexts of partner :math:`a` and :math:`P(c)` the
    set of partners working in context :math:`c`. A rare shared context (a small
    school, a programme with three partners) says more about two partners than a
    wijk where everyone works, so it weighs more. A shared school also counts as a
    shared wijk, and a shared programme as a shared theme: working at the same place
    in the same programme is the strongest signal. All scores come at once from a
    sparse partner × context incidence matrix :math:`B`, as the upper triangle of
    :math:`S = B \, \mathrm{diag}(1/\deg) \, B^\top`, multiplied a block of rows
    at a time, keeping only the best ``top`` so far. On a synthetic network of 10,000
    partners where nearly every pair shares a context this takes a few seconds and
    well under 1 GB; ``top=None`` there returns tens of millions of rows, though.

    Parameters
    ----------
    g
        The network graph.
    schooljaar
        Only contexts of this schooljaar; None for all years.
    top
        Return the best ``top`` pairs; None returns all pairs that share a context.
    bekend
        Pairs of partner ids known to collaborate from elsewhere (the samenwerkingsmonitor:
        :func:`lea_graph.analytics.samenwerking.genoemde_paren`): never suggested as
        missing, like recorded collaborations. A pair that rates its collaboration low is
        a link to strengthen (:func:`lea_graph.analytics.samenwerking.te_versterken`).

    Returns
    -------
    pandas.DataFrame
        One row per pair: ``partner_a``, ``partner_a_naam``, ``partner_b``,
        ``partner_b_naam`` (``partner_a < partner_b`` by id), ``score`` (rounded to 3
        decimals), ``gedeelde_scholen``, ``gedeelde_wijken``, ``gedeelde_programmas``,
        ``gedeelde_themas`` (counts), ``zelfde_hub`` (both members of a common hub)
        and ``toelichting`` (Dutch). Sorted by score, highest first, then by the ids.

    Examples
    --------
    >>> from lea_graph.dataset import Dataset
    >>> from lea_graph.graph import to_graph
    >>> ds = Dataset.from_rows({
    ...     "wijken": [{"id": "w-1", "naam": "Noord"}],
    ...     "scholen": [{"id": "s-1", "naam": "A", "sector": "po", "wijk": "w-1"},
    ...                 {"id": "s-2", "naam": "B", "sector": "po", "wijk": "w-1"}],
    ...     "partners": [{"id": f"p-{i}", "naam": f"P{i}", "type": "sport"} for i in (1, 2, 3)],
    ...     "activiteiten": [{"partner": "p-1", "school": "s-1"}, {"partner": "p-1", "school": "s-2"},
    ...                      {"partner": "p-2", "school": "s-1"}, {"partner": "p-2", "school": "s-2"},
    ...                      {"partner": "p-3", "school": "s-1"}],
    ...     "samenwerkingen": [{"partner_a": "p-3", "partner_b": "p-1"}],
    ... })
    >>> links = missing_links(to_graph(ds))
    >>> links[["partner_a", "partner_b", "score", "gedeelde_scholen"]].values.tolist()
    [['p-1', 'p-2', 1.167, 2], ['p-2', 'p-3', 0.667, 1]]
    >>> links.loc[0, "toelichting"]
    'Beiden actief op 2 scholen in Noord; geen samenwerking vastgelegd.'
    """
    if top is not None and top < 0:
        raise ValueError("top must be None or non-negative")
    net = Network.of(g, schooljaar)
    ctx = net.contexts()
    partners = sorted(ctx)
    index = {p: i for i, p in enumerate(partners)}
    rows_i, rows_j, scores = _ranked_pairs(ctx, partners, _recorded_pairs(g, index, bekend), top)
    hubs = {p: set(net.members.get(p, ())) for p in partners}
    rows = []
    for i, j, score in zip(rows_i.tolist(), rows_j.tolist(), scores.tolist(), strict=True):
        a, b = partners[i], partners[j]
        shared = {kind: ctx[a][kind] & ctx[b][kind] for kind in _CONTEXT_KINDS}
        rows.append(
            {
                "partner_a": a,
                "partner_a_naam": net.name(a),
                "partner_b": b,
                "partner_b_naam": net.name(b),
                "score": score,
                "gedeelde_scholen": len(shared["school"]),
                "gedeelde_wijken": len(shared["wijk"]),
                "gedeelde_programmas": len(shared["programma"]),
                "gedeelde_themas": len(shared["thema"]),
                "zelfde_hub": bool(hubs[a] & hubs[b]),
                "toelichting": _explain_pair(net, shared),
            }
        )
    return pd.DataFrame(rows, columns=MISSING_LINK_COLUMNS)


# -- gap candidates ---------------------------------------------------------------------------


@dataclass
class _Presence:
    """Where each partner works in the chosen schooljaar."""

    wijken: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    #: (partner, wijk) -> hubs of its activities at schools there (None = without hub).
    activity_hubs: dict[tuple[str, str], set[str | None]] = field(
        default_factory=lambda: defaultdict(set)
    )
    #: (partner, wijk) pairs with wijkinzet.
    inzet: set[tuple[str, str]] = field(default_factory=set)
    #: gemeente -> partners active there or member of one of its hubs
    local: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def of(cls, net: Network) -> _Presence:
        """Built once per network view (shared by every call)."""
        return net.memo("presence", lambda: cls._build(net))

    @classmethod
    def _build(cls, net: Network) -> _Presence:
        presence = cls()
        for partner, wijk, hub in each_row(net.activities, "partner", "wijk", "hub"):
            if not isinstance(wijk, str) or not wijk:
                continue
            hub = hub if isinstance(hub, str) and hub else None
            presence.wijken[partner].add(wijk)
            presence.activity_hubs[(partner, wijk)].add(hub)
        for partner, wijk in each_row(net.wijkinzet, "partner", "wijk"):
            presence.wijken[partner].add(wijk)
            presence.inzet.add((partner, wijk))
        for partner, wijken in presence.wijken.items():
            for w in wijken:
                gemeente = net.attr(w, "gemeente")
                if gemeente:
                    presence.local[gemeente].add(partner)
        for partner, hubs in net.members.items():
            for h in hubs:
                gemeente = net.attr(h, "gemeente")
                if gemeente:
                    presence.local[gemeente].add(partner)
        return presence


def _check_node(net: Network, node: str, kind: str, label: str) -> None:
    if net.attr(node, "kind") != kind:
        raise LeaGraphError(f"Onbekende {label}: '{node}'.")


def _candidates(net: Network, presence: _Presence, wijk: str, hub: str, top: int) -> pd.DataFrame:
    """:func:`gap_candidates` on a prepared network and presence table."""
    if top < 0:
        raise ValueError("top must be non-negative")
    _check_node(net, wijk, "wijk", "wijk")
    _check_node(net, hub, "hub", "hub")
    domain = net.hub_domain(hub)
    stadsdeel = net.attr(wijk, "stadsdeel")
    pact, ses = net.attr(wijk, "pact"), net.attr(wijk, "ses")
    members = {p for p, hubs in net.members.items() if hub in hubs}
    gemeente = net.attr(wijk, "gemeente")
    pool = net.ids["partner"]
    if gemeente and len(presence.local) > 1:
        # Several gemeenten: recruit among partners that work in this one.
        pool = sorted(presence.local[gemeente])
    rows = []
    for p in pool:
        here = presence.activity_hubs.get((p, wijk), set())
        inzet_here = (p, wijk) in presence.inzet
        member = p in members
        if hub in here or (member and inzet_here):
            continue  # already reaches the cell
        score, reasons = 0, []
        if member:
            score += 3
            reasons.append(f"lid van hub {net.name(hub)}")
        elsewhere = presence.wijken.get(p, set()) - {wijk}
        near = {w for w in elsewhere if stadsdeel and net.area(w) == net.area(wijk)}
        similar = {
            w
            for w in elsewhere
            if pact
            and ses
            and net.attr(w, "pact") == pact
            and net.attr(w, "ses") == ses
            and net.same_gemeente(w, wijk)
        }
        if near:
            score += 2
            where = _some(net, near, "buurwijk", "buurwijken", "buurwijken")
            also = ", ook zelfde PacT en ses" if similar & near else ""
            reasons.append(f"actief in {where} (zelfde stadsdeel {stadsdeel}{also})")
        if similar:
            score += 1
        if similar - near:  # a wijk is named once: as a buurwijk, or else here
            where = _some(
                net,
                similar - near,
                "vergelijkbare wijk",
                "vergelijkbare wijken",
                "vergelijkbare wijken",
            )
            reasons.append(f"actief in {where} (PacT {pact}, ses {ses})")
        other_hubs = here - {hub}
        knows = bool(other_hubs) or inzet_here
        if knows:
            score += 1
            how = [f"voor hub {n}" for n in net.names({h for h in other_hubs if h})]
            if None in other_hubs:
                how.append("zonder hub")
            if inzet_here:
                how.append("met wijkinzet")
            reasons.append(f"kent de wijk: al actief in {net.name(wijk)} {dutch_list(how)}")
        fits = bool(domain) and net.attr(p, "type") == domain
        if fits:
            score += 2
            reasons.append(f"type past bij het domein {domain}")
        if not (fits or (member and (near or similar or knows))):
            continue
        rows.append(
            {
                "partner": p,
                "partner_naam": net.name(p),
                "partner_type": net.attr(p, "type"),
                "lid_van_hub": member,
                "score": score,
                "redenen": "; ".join(reasons),
            }
        )
    rows.sort(key=lambda r: (-r["score"], r["partner_naam"], r["partner"]))
    return pd.DataFrame(rows[:top], columns=CANDIDATE_COLUMNS)


def gap_candidates(
    g: nx.MultiDiGraph, wijk: str, hub: str, schooljaar: str | None = None, *, top: int = 5
) -> pd.DataFrame:
    """Partners that could bring a hub to a wijk it reaches with too few partners.

    A partner that already reaches the cell (an activity under ``hub`` at a school in
    ``wijk``, or wijkinzet in ``wijk`` while a member of ``hub``) is never a
    candidate. Every other partner scores points for each reason that applies:

    ====  ===========================================================================
    +3    member of the hub (``lid van hub ...``)
    +2    active in another wijk of the same stadsdeel (and gemeente)
          (``actief in buurwijk ...``)
    +1    active in another wijk of the same gemeente with the same PacT status and SES
          (``actief in vergelijkbare wijk ...``; a wijk that is a buurwijk as well is
          named once, under buurwijk, with ``ook zelfde PacT en ses``)
    +1    already active in this wijk, for another hub, without hub or with wijkinzet
          (``kent de wijk``)
    +2    partner ``type`` equals the hub's ``domein`` (``type past bij het domein``)
    ====  ===========================================================================

    "Active" means activities at schools or wijkinzet (in ``schooljaar`` if given).
    Members of the hub are candidates if they have a reason about location (the
    three in the middle) or domain fit; partners of other hubs or without hub are
    candidates only if their type fits the domain. When the data holds several
    gemeenten, only partners that work in the wijk's gemeente (or belong to one of its
    hubs) are considered.

    Parameters
    ----------
    g
        The network graph.
    wijk
        Id of the wijk of the gap.
    hub
        Id of the hub of the gap.
    schooljaar
        Only this schooljaar; None for all years.
    top
        At most this many candidates.

    Returns
    -------
    pandas.DataFrame
        ``partner``, ``partner_naam``, ``partner_type``, ``lid_van_hub``, ``score``
        and ``redenen`` (Dutch, separated by ``"; "``). Sorted by score, highest
        first, then by name.

    Raises
    ------
    LeaGraphError
        If ``wijk`` is not a wijk or ``hub`` not a hub of the network.

    Examples
    --------
    >>> from lea_graph.dataset import Dataset
    >>> from lea_graph.graph import to_graph
    >>> ds = Dataset.from_rows({
    ...     "hubs": [{"id": "h-1", "naam": "Sport", "domein": "sport"}],
    ...     "wijken": [{"id": "w-1", "naam": "Noord", "stadsdeel": "N"},
    ...                {"id": "w-2", "naam": "Oost", "stadsdeel": "N"}],
    ...     "scholen": [{"id": "s-2", "naam": "B", "sector": "po", "wijk": "w-2"}],
    ...     "partners": [{"id": "p-1", "naam": "Club", "type": "welzijn"}],
    ...     "hub_leden": [{"partner": "p-1", "hub": "h-1"}],
    ...     "activiteiten": [{"partner": "p-1", "school": "s-2", "hub": "h-1"}],
    ... })
    >>> found = gap_candidates(to_graph(ds), "w-1", "h-1")
    >>> found[["partner", "score", "redenen"]].values.tolist()
    [['p-1', 5, 'lid van hub Sport; actief in buurwijk Oost (zelfde stadsdeel N)']]
    """
    net = Network.of(g, schooljaar)
    return _candidates(net, _Presence.of(net), wijk, hub, top)


def gap_suggestions(
    g: nx.MultiDiGraph,
    gaps: pd.DataFrame,
    schooljaar: str | None = None,
    *,
    per_gap: int = 3,
) -> pd.DataFrame:
    """Candidates (:func:`gap_candidates`) for every gap of a table of gaps.

    Parameters
    ----------
    g
        The network graph.
    gaps
        One row per gap with at least the columns ``wijk`` and ``hub`` (ids), such as
        the output of the coverage analysis; other columns are ignored.
    schooljaar
        Only this schooljaar; None for all years.
    per_gap
        At most this many candidates per gap.

    Returns
    -------
    pandas.DataFrame
        One row per gap and candidate, gaps in the order given, candidates ranked:
        ``wijk``, ``wijk_naam``, ``hub``, ``hub_naam``, then the columns of
        :func:`gap_candidates`. A gap without candidates has no rows.

    Examples
    --------
    >>> from lea_graph.dataset import Dataset
    >>> from lea_graph.graph import to_graph
    >>> ds = Dataset.from_rows({
    ...     "hubs": [{"id": "h-1", "naam": "Sport", "domein": "sport"}],
    ...     "wijken": [{"id": "w-1", "naam": "Noord"}],
    ...     "partners": [{"id": "p-1", "naam": "Club", "type": "sport"}],
    ... })
    >>> gaps = pd.DataFrame({"wijk": ["w-1"], "hub": ["h-1"]})
    >>> found = gap_suggestions(to_graph(ds), gaps)
    >>> found[["wijk_naam", "hub_naam", "partner", "redenen"]].values.tolist()
    [['Noord', 'Sport', 'p-1', 'type past bij het domein sport']]
    """
    missing = {"wijk", "hub"} - set(gaps.columns)
    if missing:
        raise ValueError(f"gaps lacks column(s): {', '.join(sorted(missing))}")
    net = Network.of(g, schooljaar)
    presence = _Presence.of(net)
    frames = []
    for wijk, hub in gaps[["wijk", "hub"]].itertuples(index=False, name=None):
        found = _candidates(net, presence, wijk, hub, per_gap)
        if found.empty:
            continue
        found.insert(0, "wijk", wijk)
        found.insert(1, "wijk_naam", net.name(wijk))
        found.insert(2, "hub", hub)
        found.insert(3, "hub_naam", net.name(hub))
        frames.append(found)
    columns = ["wijk", "wijk_naam", "hub", "hub_naam", *CANDIDATE_COLUMNS]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]
