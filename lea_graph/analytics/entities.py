"""The rows of the entity pages, as plain dicts: a node's relations, the lists of
partners, schools and programmes, one programme's activities and wijkinzet, one
partner's suggestions and broker rank, one school's domains.

Each reference comes with its name (``school`` and ``school_naam``); numbers are plain
ints. The explorer's screens show these rows as they are (``web/screens/partner.py``,
``school.py``, ``programma.py``): the counting and the lookups in the graph and the
tables are done here, once, and tested here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pandas as pd

from lea_graph import cijfers, model
from lea_graph.analytics.coverage import gap_kind
from lea_graph.analytics.network import Network
from lea_graph.analytics.wijkpartners import WijkPartners
from lea_graph.bereik import lower, upper
from lea_graph.text import LIST_SEP

__all__ = [
    "Heatmap",
    "broker_of",
    "heatmap_rows",
    "hub_rows",
    "hub_tables",
    "kaart_rows",
    "node_facts",
    "node_links",
    "partner_rows",
    "partner_suggestions",
    "programma_rows",
    "programma_work",
    "recruit_lists",
    "relation_rows",
    "school_domain",
    "school_rows",
    "wijk_rows",
    "wijk_tables",
]


def _name(net: Network, node: str | None) -> str:
    return net.name(node) if node else ""


def relation_rows(
    net: Network, node: str, kind: str, *, incoming: bool = False
) -> list[dict[str, Any]]:
    """One row per relation of ``kind`` at ``node`` that counts for the view's
    schooljaar: the other end and the relation's own columns, each reference with its
    name (``school`` and ``school_naam``, ...), a school's wijk, and ``bron``.

    >>> from lea_graph.dataset import Dataset
    >>> from lea_graph.graph import to_graph
    >>> g = to_graph(Dataset.from_rows({
    ...     "wijken": [{"id": "w-1", "naam": "Noord"}],
    ...     "scholen": [{"id": "s-1", "naam": "A", "sector": "po", "wijk": "w-1"}],
    ...     "partners": [{"id": "p-1", "naam": "Muziek", "type": "cultuur"}],
    ...     "activiteiten": [{"partner": "p-1", "school": "s-1", "schooljaar": "2023-2024",
    ...                       "deelnemers": "25", "bron": "verslag"}],
    ... }))
    >>> [row] = relation_rows(Network(g), "p-1", "activiteiten")
    >>> row["school_naam"], row["wijk_naam"], row["deelnemers"], row["bron"]
    ('A', 'Noord', 25, 'verslag')
    >>> relation_rows(Network(g, "2024-2025"), "p-1", "activiteiten")
    []
    """
    g = net.g
    spec = model.edge_kind(kind)
    assert isinstance(spec, model.Relation), kind
    edges = g.in_edges(node, data=True) if incoming else g.out_edges(node, data=True)
    rows = []
    for u, v, d in edges:
        if d.get("kind") != kind or not model.counts_in_year(
            kind, d.get("schooljaar"), net.schooljaar
        ):
            continue
        other = u if incoming else v
        other_kind = g.nodes[other].get("kind", "")
        row: dict[str, Any] = {other_kind: other, f"{other_kind}_naam": _name(net, other)}
        for col in spec.columns:
            if col.name in (spec.source, spec.target):
                continue  # the two ends: the node itself and ``other``
            if col.type == "ref":  # a programme or hub named on the relation
                row[col.name] = d.get(col.name)
                row[f"{col.name}_naam"] = _name(net, d.get(col.name))
            else:
                row[col.name] = d.get(col.name, None if col.type == "int" else "")
        if other_kind == "school":
            row["wijk"] = net.school_wijk.get(other)
            row["wijk_naam"] = _name(net, row["wijk"])
        row["bron"] = d.get("bron", "")
        rows.append(row)
    return rows


def partner_rows(net: Network) -> list[dict[str, Any]]:
    """Every partner: type, hubs (names), activities and distinct schools in the view's
    schooljaar, the partners it has a recorded collaboration with, the day it last
    confirmed its data, and ``bron``."""
    collab = net.collaboration_graph()
    acts = net.activities.groupby("partner").agg(n=("school", "size"), s=("school", "nunique"))
    return [
        {
            "partner": p,
            "naam": net.name(p),
            "type": net.attr(p, "type") or "",
            "hubs": LIST_SEP.join(net.name(h) for h in net.members.get(p, [])),
            "activiteiten": int(acts.loc[p, "n"]) if p in acts.index else 0,
            "scholen": int(acts.loc[p, "s"]) if p in acts.index else 0,
            "samenwerkingen": collab.degree(p),
            "laatst_bevestigd": net.attr(p, "laatst_bevestigd") or "",
            "bron": net.attr(p, "bron") or "",
        }
        for p in net.ids["partner"]
    ]


def partner_suggestions(missing_links: pd.DataFrame, partner: str) -> list[dict]:
    """The partner's pairs among the missing links
    (:func:`lea_graph.analytics.suggestions.missing_links`): the other partner, its
    name (as the table names it), the score and why."""
    mine = missing_links[
        (missing_links["partner_a"] == partner) | (missing_links["partner_b"] == partner)
    ]
    out = []
    for r in mine.to_dict(orient="records"):
        side = "b" if r["partner_a"] == partner else "a"
        out.append(
            {
                "partner": r[f"partner_{side}"],
                "partner_naam": r[f"partner_{side}_naam"],
                "score": r["score"],
                "toelichting": r["toelichting"],
            }
        )
    return out


def broker_of(brokers: pd.DataFrame, partner: str) -> dict[str, Any] | None:
    """The partner's rank, betweenness and explanation among the brokers
    (:func:`lea_graph.analytics.brokers.brokers`), or None when it is not one."""
    row = brokers[brokers["partner"] == partner]
    if not len(row):
        return None
    return row.iloc[0][["rang", "betweenness", "toelichting"]].to_dict()


def school_rows(net: Network, school_domains: pd.DataFrame) -> list[dict[str, Any]]:
    """Every school and childcare location of ``school_domains`` (one row per location,
    :func:`lea_graph.analytics.coverage.school_domains`): sector, wijk, pupils in the
    view's schooljaar and their source, activities and distinct partners there, domains
    and ``bron``."""
    acts = net.activities.groupby("school").agg(n=("partner", "size"), p=("partner", "nunique"))
    return [
        {
            "school": r["school"],
            "naam": r["school_naam"],
            "sector": r["sector"],
            "wijk": r["wijk"],
            "wijk_naam": r["wijk_naam"],
            "leerlingen": net.leerlingen(r["school"]),
            "leerlingen_bron": cijfers.leerlingen_bron(
                net.nodes.get(r["school"], {}), net.schooljaar
            ),
            "activiteiten": int(acts.loc[r["school"], "n"]) if r["school"] in acts.index else 0,
            "partners": int(acts.loc[r["school"], "p"]) if r["school"] in acts.index else 0,
            "domeinen": r["aantal_domeinen"],
            "bron": net.attr(r["school"], "bron") or "",
        }
        for r in school_domains.to_dict(orient="records")
    ]


def school_domain(school_domains: pd.DataFrame, school: str) -> dict[str, Any]:
    """The row of one location in ``school_domains`` ({} when it has none)."""
    rows = school_domains[school_domains["school"] == school]
    return rows.iloc[0].to_dict() if len(rows) else {}


def programma_rows(net: Network) -> list[dict[str, Any]]:
    """Every programme: its cluster and thema (names), its partners (by
    ``programma_partners``), the activities and wijkinzet that name it in the view's
    schooljaar, and ``bron``."""
    roles = defaultdict(set)
    for p, pr in net.programma_roles():
        roles[pr].add(p)
    acts = net.activities.groupby("programma").size()
    inzet = net.wijkinzet.groupby("programma").size()
    return [
        {
            "programma": pr,
            "naam": net.name(pr),
            "cluster": _name(net, net.programma_cluster(pr)),
            "thema": _name(net, net.programma_thema(pr)),
            "partners": len(roles.get(pr, ())),
            "activiteiten": int(acts.get(pr, 0)),
            "wijkinzet": int(inzet.get(pr, 0)),
            "bron": net.attr(pr, "bron") or "",
        }
        for pr in net.ids["programma"]
    ]


def _named_rows(net: Network, frame: pd.DataFrame, keys: tuple[str, ...]) -> list[dict]:
    out = []
    for r in frame.to_dict(orient="records"):
        row: dict[str, Any] = {}
        for key in keys:
            row[key] = r[key]
            if key in ("partner", "school", "wijk"):
                row[f"{key}_naam"] = _name(net, r[key])
        row["schooljaar"] = r["schooljaar"] or ""
        if "deelnemers" in r:
            row["deelnemers"] = None if pd.isna(r["deelnemers"]) else r["deelnemers"]
        row["bron"] = r["bron"]
        out.append(row)
    return out


def programma_work(net: Network, programma: str) -> dict[str, Any]:
    """What one programme holds in the view's schooljaar: its cluster and thema
    (``{"id", "naam"}``), the activities (partner, school, wijk, schooljaar, deelnemers,
    bron) and the wijkinzet (partner, wijk, schooljaar, bron) that name it."""
    acts = net.activities[net.activities["programma"] == programma]
    inzet = net.wijkinzet[net.wijkinzet["programma"] == programma]
    cluster, thema = net.programma_cluster(programma), net.programma_thema(programma)
    return {
        "cluster": {"id": cluster, "naam": _name(net, cluster)},
        "thema": {"id": thema, "naam": _name(net, thema)},
        "activiteiten": _named_rows(net, acts, ("partner", "school", "wijk")),
        "wijkinzet": _named_rows(net, inzet, ("partner", "wijk")),
    }


def node_links(g: nx.MultiDiGraph, node: str) -> list[dict[str, Any]]:
    """Every relation of ``node``, outgoing first: the other end (``buur``), its kind
    and name (None when it has none), ``uit`` (True for outgoing) and the relation's
    attributes (``data``, with its ``kind``).

    >>> from lea_graph.dataset import Dataset
    >>> from lea_graph.graph import to_graph
    >>> g = to_graph(Dataset.from_rows({
    ...     "wijken": [{"id": "w-1", "naam": "Noord"}],
    ...     "scholen": [{"id": "s-1", "naam": "A", "sector": "po", "wijk": "w-1"}],
    ... }))
    >>> [(x["buur"], x["buur_soort"], x["buur_naam"], x["uit"], x["data"]["kind"])
    ...  for x in node_links(g, "w-1")]
    [('s-1', 'school', 'A', False, 'school_wijk')]
    """
    out = [(v, d, True) for _, v, d in g.out_edges(node, data=True)]
    out += [(u, d, False) for u, _, d in g.in_edges(node, data=True)]
    return [
        {
            "buur": other,
            "buur_soort": g.nodes[other].get("kind", ""),
            "buur_naam": g.nodes[other].get("naam"),
            "uit": outgoing,
            "data": d,
        }
        for other, d, outgoing in out
    ]


def hub_rows(
    net: Network, coverage: pd.DataFrame, gaps: pd.DataFrame, bastions: pd.DataFrame
) -> list[dict[str, Any]]:
    """Every hub: domain, members (``hub_leden``), the wijken it reaches (at least one
    partner in the ``coverage`` matrix) and has a cell for, its ``gaps`` (the one gap
    rule, :func:`lea_graph.analytics.coverage.coverage_gaps`) and its bastion score
    (None when it has none)."""
    scores = dict(zip(bastions["hub"], bastions["bastionscore"], strict=True))
    reached = (coverage["partners"] > 0).groupby(coverage["hub"]).sum()
    per_hub = gaps.groupby("hub").size()
    wijken = coverage.groupby("hub").size()
    members: dict[str, int] = {}
    for hubs in net.members.values():
        for h in hubs:
            members[h] = members.get(h, 0) + 1
    rows = []
    for h in net.ids["hub"]:
        score = scores.get(h)
        rows.append(
            {
                "hub": h,
                "naam": net.name(h),
                "domein": net.attr(h, "domein") or "",
                "leden": members.get(h, 0),
                "wijken_bereikt": int(reached.get(h, 0)),
                "wijken": int(wijken.get(h, 0)),
                "gaten": int(per_hub.get(h, 0)),
                "bastionscore": None if score is None or score != score else float(score),
            }
        )
    return rows


def node_facts(g: nx.MultiDiGraph, ids: list[str]) -> dict[str, dict[str, Any]]:
    """What a list of nodes shows of each node of ``ids`` that is in ``g``: its ``kind``,
    ``naam`` (its id when it has none), ``wijk`` (a school's wijk, else None) and that
    wijk's ``wijk_naam``, ``stadsdeel`` (a wijk's own, a school's wijk's) and ``bron``.

    >>> from lea_graph.dataset import Dataset
    >>> from lea_graph.graph import to_graph
    >>> g = to_graph(Dataset.from_rows({
    ...     "wijken": [{"id": "w-1", "naam": "Noord", "stadsdeel": "Oost"}],
    ...     "scholen": [{"id": "s-1", "naam": "A", "sector": "po", "wijk": "w-1"}],
    ... }))
    >>> facts = node_facts(g, ["s-1", "w-1", "elders"])
    >>> sorted(facts)
    ['s-1', 'w-1']
    >>> [facts["s-1"][k] for k in ("kind", "naam", "wijk", "wijk_naam", "stadsdeel")]
    ['school', 'A', 'w-1', 'Noord', 'Oost']
    >>> [facts["w-1"][k] for k in ("kind", "wijk", "wijk_naam", "stadsdeel")]
    ['wijk', None, '', 'Oost']
    """
    out = {}
    for node in ids:
        d = g.nodes.get(node)
        if d is None:
            continue
        kind = str(d.get("kind", ""))
        wijk = d.get("wijk") if kind == "school" else None
        wijk_data = g.nodes.get(wijk, {}) if wijk else {}
        stadsdeel = d.get("stadsdeel") if kind == "wijk" else wijk_data.get("stadsdeel")
        out[node] = {
            "kind": kind,
            "naam": str(d.get("naam", node)),
            "wijk": wijk,
            "wijk_naam": str(wijk_data.get("naam", wijk or "")),
            "stadsdeel": str(stadsdeel or ""),
            "bron": str(d.get("bron", "") or ""),
        }
    return out


# -- the wijken: the list, the map's figures, one wijk's tables, the heatmap ----------------


def _example():  # the small network of the doctests below
    from lea_graph.analytics.coverage import coverage_gaps, coverage_matrix
    from lea_graph.analytics.wijkpartners import partners_in_wijk
    from lea_graph.dataset import Dataset
    from lea_graph.graph import to_graph

    g = to_graph(
        Dataset.from_rows(
            {
                "hubs": [{"id": "h-1", "naam": "Cultuur", "domein": "cultuur"}],
                "wijken": [
                    {"id": "w-1", "naam": "Noord", "pact": "ja"},
                    {"id": "w-2", "naam": "Zuid", "stadsdeel": "Oud-Zuid"},
                ],
                "scholen": [{"id": "s-1", "naam": "A", "sector": "po", "wijk": "w-1"}],
                "partners": [{"id": "p-1", "naam": "Muziek", "type": "cultuur"}],
                "hub_leden": [{"partner": "p-1", "hub": "h-1"}],
                "activiteiten": [
                    {"partner": "p-1", "school": "s-1", "hub": "h-1",
                     "schooljaar": "2023-2024", "bron": "voorbeeld"}
                ],
            }
        )
    )  # fmt: skip
    return g, Network(g), coverage_matrix(g), coverage_gaps(g), partners_in_wijk(g)


def _pct(share: float | None, up: bool) -> int | None:
    """A bound in whole percents by the one rule (:mod:`lea_graph.bereik`)."""
    if share is None:
        return None
    return upper(share) if up else lower(share)


def kaart_rows(
    net: Network,
    coverage: pd.DataFrame,
    gaps: pd.DataFrame,
    partners: dict[str, WijkPartners],
    reaches: dict[str, Any],
    with_boundary: set[str] | frozenset[str],
) -> list[dict[str, Any]]:
    """The figures of every wijk, sorted by name: the rows the maps colour and the map's
    table shows. Partners per hub from the ``coverage`` matrix, the gaps without and with
    one partner from ``gaps``, the wijk's partners by kind (``partners``,
    :func:`lea_graph.analytics.wijkpartners.partners_in_wijk`), its reach target
    (``reaches``, :func:`lea_graph.analytics.indicators.wijk_reach` per wijk) in shares
    and whole percents, ``wijkgrens`` (in ``with_boundary``), and whether the partner
    counts rest on illustrative rows (``partners_voorbeeld``).

    >>> from lea_graph.analytics.indicators import wijk_reach
    >>> g, net, matrix, gaps, partners = _example()
    >>> reaches = {w: wijk_reach(g, w) for w in net.ids["wijk"]}
    >>> rows = kaart_rows(net, matrix, gaps, partners, reaches, {"w-1"})
    >>> [(r["naam"], r["partners_per_hub"], r["gaten"], r["wijkgrens"]) for r in rows]
    [('Noord', {'h-1': 1}, 1, True), ('Zuid', {'h-1': 0}, 1, False)]
    >>> rows[0]["partners_voorbeeld"], rows[1]["gaten_zonder"], rows[0]["gaten_een"]
    (True, 1, 1)
    """
    from lea_graph.text import fold

    per_hub: dict[str, dict[str, int]] = defaultdict(dict)
    for w, h, n in zip(coverage["wijk"], coverage["hub"], coverage["partners"], strict=True):
        per_hub[w][h] = int(n)
    empty = gaps[gaps["soort"] == "geen partner"].groupby("wijk").size()
    single = gaps[gaps["soort"] == "één partner"].groupby("wijk").size()
    # Partner counts rest on illustrative rows when an activity under a hub or the
    # wijkinzet of a hub member in the wijk is one.
    acts = net.activities[net.activities["hub"].notna()]
    made_up = set(acts.loc[acts["bron"] == "voorbeeld", "wijk"])
    inzet = net.wijkinzet
    members = {p for p, hubs in net.members.items() if hubs}
    made_up |= set(
        inzet.loc[(inzet["bron"] == "voorbeeld") & inzet["partner"].isin(members), "wijk"]
    )
    rows = []
    for w in net.ids["wijk"]:
        reach = reaches[w]
        n_empty, n_single = int(empty.get(w, 0)), int(single.get(w, 0))
        rows.append(
            {
                "wijk": w,
                "naam": net.name(w),
                "cbs_code": net.attr(w, "cbs_code") or "",
                "gemeente": net.attr(w, "gemeente") or "",
                "stadsdeel": net.attr(w, "stadsdeel") or "",
                "soort": model.wijk_soort(net.attr(w, "soort")),
                "pact": net.attr(w, "pact") or "",
                "ses": net.attr(w, "ses") or "",
                **cijfers.kinderen_velden(net.nodes.get(w, {})),
                **partners.get(w, WijkPartners()).velden(),
                "partners_per_hub": dict(per_hub.get(w, {})),
                "partners_voorbeeld": w in made_up,
                "gaten": n_empty + n_single,
                "gaten_zonder": n_empty,
                "gaten_een": n_single,
                "ondergrens": reach.ondergrens,
                "bovengrens": reach.bovengrens,
                "ondergrens_pct": _pct(reach.ondergrens, up=False),
                "bovengrens_pct": _pct(reach.bovengrens, up=True),
                "doel": reach.doel or None,
                "doel_pct": round(100 * reach.doel) if reach.doel else None,
                "status": reach.status,
                "bereik_voorbeeld": bool(reach.voorbeeld),
                "bereik_bron": "voorbeeld" if reach.voorbeeld else "",
                "wijkgrens": w in with_boundary,
                "bron": net.attr(w, "bron") or "",
                "ses_bron": cijfers.ses_bron(net.nodes.get(w, {})),
            }
        )
    rows.sort(key=lambda r: (fold(r["naam"]), r["wijk"]))
    return rows


def wijk_rows(
    net: Network, coverage: pd.DataFrame, gaps: pd.DataFrame, partners: dict[str, WijkPartners]
) -> list[dict[str, Any]]:
    """Every wijk, in the order of the network: stadsdeel, soort, PacT, SES, children,
    its schools and childcare locations, its partners by kind (``partners``), the
    activities there in the view's schooljaar, how many hubs reach it (at least one
    partner in the ``coverage`` matrix) and in how many hubs it is a gap (``gaps``, the
    one gap rule), and ``bron``.

    >>> g, net, matrix, gaps, partners = _example()
    >>> [(r["naam"], r["scholen"], r["activiteiten"], r["hubs"], r["gaten"])
    ...  for r in wijk_rows(net, matrix, gaps, partners)]
    [('Noord', 1, 1, 1, 1), ('Zuid', 0, 0, 0, 1)]
    """
    from collections import Counter

    reach = coverage.groupby("wijk").agg(hubs=("partners", lambda s: int((s > 0).sum())))
    # Gaps by the one gap rule (coverage_gaps: a bedrijventerrein is never a gap).
    reach["gaten"] = gaps.groupby("wijk").size().reindex(reach.index, fill_value=0)
    schools = Counter(net.school_wijk.values())
    acts = net.activities.groupby("wijk").size()
    return [
        {
            "wijk": w,
            "naam": net.name(w),
            "stadsdeel": net.attr(w, "stadsdeel") or "",
            "soort": model.wijk_soort(net.attr(w, "soort")),
            "pact": net.attr(w, "pact") or "",
            "ses": net.attr(w, "ses") or "",
            **cijfers.kinderen_velden(net.nodes.get(w, {})),
            "scholen": schools.get(w, 0),
            **partners.get(w, WijkPartners()).velden(),
            "activiteiten": int(acts.get(w, 0)),
            "hubs": int(reach.loc[w, "hubs"]) if w in reach.index else 0,
            "gaten": int(reach.loc[w, "gaten"]) if w in reach.index else 0,
            "bron": net.attr(w, "bron") or "",
            "ses_bron": cijfers.ses_bron(net.nodes.get(w, {})),
        }
        for w in net.ids["wijk"]
    ]


def wijk_tables(
    net: Network,
    wijk: str,
    school_domains: pd.DataFrame,
    gaps: pd.DataFrame,
    gap_candidates: pd.DataFrame,
) -> dict[str, list[dict[str, Any]]]:
    """One wijk's rows of three tables, as records: ``scholen`` (its locations in
    ``school_domains``, each with its ``bron``), ``gaten`` (its cells in ``gaps``) and
    ``kandidaten`` (its rows in ``gap_candidates``). Values are as in the tables (a
    missing number is NaN).

    >>> from lea_graph.analytics.coverage import school_domains
    >>> g, net, matrix, gaps, partners = _example()
    >>> t = wijk_tables(net, "w-1", school_domains(g), gaps, gaps.iloc[0:0])
    >>> [r["school_naam"] for r in t["scholen"]], [r["hub_naam"] for r in t["gaten"]]
    (['A'], ['Cultuur'])
    >>> t["kandidaten"]
    []
    """
    domains = school_domains[school_domains["wijk"] == wijk]
    domains = domains.assign(bron=[net.attr(s, "bron") or "" for s in domains["school"]])
    candidates = gap_candidates
    if len(candidates):
        candidates = candidates[candidates["wijk"] == wijk]
    return {
        "scholen": domains.to_dict(orient="records"),
        "gaten": gaps[gaps["wijk"] == wijk].to_dict(orient="records"),
        "kandidaten": candidates.to_dict(orient="records") if len(candidates) else [],
    }


@dataclass(frozen=True)
class Heatmap:
    """Partners per wijk and hub (:func:`heatmap_rows`)."""

    columns: list[str]  # the hubs' names, or the domains (``per_domain``)
    rows: list[dict[str, Any]]
    per_domain: bool  # hubs of several gemeenten: a column per domain


def heatmap_rows(net: Network, coverage: pd.DataFrame) -> Heatmap:
    """Partners per wijk and hub from the ``coverage`` matrix: the columns (the hubs'
    names; with hubs of several gemeenten the six domains, ``per_domain``, since every
    gemeente has its own hub per domain) and one row per wijk with its name, stadsdeel, soort, PacT, SES
    (and ``ses_bron``) and per column the partners, ``<kolom>__gat`` (the kind of gap,
    :func:`lea_graph.analytics.coverage.gap_kind`) and ``<kolom>__namen``.

    >>> g, net, matrix, gaps, partners = _example()
    >>> heatmap = heatmap_rows(net, matrix)
    >>> heatmap.columns, heatmap.per_domain
    (['Cultuur'], False)
    >>> [(r["wijk_naam"], r["Cultuur"], r["Cultuur__gat"]) for r in heatmap.rows]
    [('Noord', 1, 'één partner'), ('Zuid', 0, 'geen partner')]
    """
    several = len({net.attr(h, "gemeente") for h in net.ids["hub"]}) > 1
    if several:
        domain = {h: str(net.attr(h, "domein") or "") for h in net.ids["hub"]}
        column = [domain[h].capitalize() or "Overig" for h in coverage["hub"]]
    else:
        column = list(coverage["hub_naam"])
    hubs = list(dict.fromkeys(column))
    rows: dict[str, dict] = {}
    m = coverage
    cells = zip(
        m["wijk"], m["wijk_naam"], m["stadsdeel"], m["pact"], m["ses"], m["wijk_soort"],
        column, m["partners"], m["partner_namen"], strict=True,
    )  # fmt: skip
    for wijk, naam, deel, pact, ses, soort, col, n, names in cells:
        row = rows.get(wijk)
        if row is None:
            row = rows[wijk] = {
                "wijk": wijk,
                "wijk_naam": naam,
                "stadsdeel": deel,
                "soort": soort,
                "pact": pact or "",
                "ses": ses or "",
                "ses_bron": cijfers.ses_bron(net.nodes.get(wijk, {})),
            }
        row[col] = row.get(col, 0) + int(n)
        row[f"{col}__gat"] = gap_kind(row[col], soort)
        row[f"{col}__namen"] = names
    return Heatmap(hubs, list(rows.values()), several)


def hub_tables(
    net: Network, hub: str, coverage: pd.DataFrame, gaps: pd.DataFrame, bastions: pd.DataFrame
) -> dict[str, Any]:
    """One hub's rows: ``bereik`` (its cells of the ``coverage`` matrix, one per wijk,
    each with the wijk's ``ses_bron``), ``stadsdelen`` (the same cells by stadsdeel,
    sorted by stadsdeel and wijk name, "Zonder stadsdeel" last), ``gaten`` (its gaps, the
    most urgent first, as records) and ``bastion`` (the bastion's explanation, "" when it
    has none). Values are as in the tables (a missing number is NaN).

    >>> from lea_graph.analytics.isolation import bastion_scores
    >>> g, net, matrix, gaps, partners = _example()
    >>> t = hub_tables(net, "h-1", matrix, gaps, bastion_scores(g))
    >>> [r["wijk_naam"] for r in t["bereik"]], list(t["stadsdelen"])
    (['Noord', 'Zuid'], ['Oud-Zuid', 'Zonder stadsdeel'])
    >>> [r["wijk_naam"] for r in t["gaten"]]
    ['Noord', 'Zuid']
    """
    cells = coverage[coverage["hub"] == hub].copy()
    cells["ses_bron"] = [cijfers.ses_bron(net.nodes.get(w, {})) for w in cells["wijk"]]
    stadsdelen: dict[str, list[dict]] = {}
    for _, c in cells.sort_values(["stadsdeel", "wijk_naam"], na_position="last").iterrows():
        deel = c["stadsdeel"] if isinstance(c["stadsdeel"], str) and c["stadsdeel"] else None
        stadsdelen.setdefault(deel or "Zonder stadsdeel", []).append(c.to_dict())
    bastion = bastions[bastions["hub"] == hub]
    return {
        "bereik": cells.to_dict(orient="records"),
        "stadsdelen": stadsdelen,
        "gaten": gaps[gaps["hub"] == hub].to_dict(orient="records"),
        "bastion": bastion.iloc[0]["toelichting"] if len(bastion) else "",
    }


def _reasons(text: Any, drop: str = "") -> list[str]:
    """The reason phrases of a candidate (``"a; b"``), each once, without those that
    start with ``drop``."""
    phrases = [p.strip() for p in str(text or "").split(";")]
    return list(dict.fromkeys(p for p in phrases if p and not (drop and p.startswith(drop))))


def recruit_lists(
    gaps: list[dict[str, Any]], candidates: list[dict[str, Any]], *, per_list: int = 3
) -> list[dict[str, Any]]:
    """Per gap of a hub, two short lists for the kwartiermaker: ``leden`` (members of
    the hub that could extend into the wijk) and ``werven`` (organisations that are not
    a member of the hub, to recruit).

    Parameters
    ----------
    gaps
        The hub's gaps as records (``wijk``, ``wijk_naam``, ``soort`` ...), the most
        urgent first; every gap gets an entry, in this order, with or without candidates.
    candidates
        Rows of :func:`lea_graph.analytics.suggestions.gap_suggestions` for these gaps
        (``wijk``, ``partner``, ``partner_naam``, ``partner_type``, ``lid_van_hub``,
        ``score``, ``redenen``), ranked within each gap.
    per_list
        At most this many partners in each list.

    Returns
    -------
    list of dict
        Per gap the gap's own fields plus ``leden`` and ``werven``: lists of
        ``{"partner", "partner_naam", "partner_type", "score", "redenen"}`` where
        ``redenen`` is a list of phrases, each once; a member's "lid van hub" is left
        out (the list says so already). A partner is in at most one list per gap.

    >>> gaps = [{"wijk": "w-1", "wijk_naam": "Noord", "soort": "geen partner"}]
    >>> found = recruit_lists(gaps, [
    ...     {"wijk": "w-1", "partner": "p-1", "partner_naam": "Club", "partner_type": "sport",
    ...      "lid_van_hub": True, "score": 5, "redenen": "lid van hub Sport; actief in buurwijk Oost"},
    ...     {"wijk": "w-1", "partner": "p-2", "partner_naam": "Koor", "partner_type": "cultuur",
    ...      "lid_van_hub": False, "score": 2, "redenen": "type past; type past"},
    ... ])
    >>> [(p["partner_naam"], p["redenen"]) for p in found[0]["leden"]]
    [('Club', ['actief in buurwijk Oost'])]
    >>> [(p["partner_naam"], p["redenen"]) for p in found[0]["werven"]]
    [('Koor', ['type past'])]
    """
    if per_list < 0:
        raise ValueError("per_list must be non-negative")
    by_wijk: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for c in candidates:
        by_wijk[c["wijk"]].append(c)
    out = []
    for gap in gaps:
        lists: dict[str, list[dict[str, Any]]] = {"leden": [], "werven": []}
        seen: set = set()
        for c in by_wijk.get(gap["wijk"], []):
            if c["partner"] in seen:
                continue
            seen.add(c["partner"])
            member = bool(c.get("lid_van_hub"))
            which = lists["leden" if member else "werven"]
            if len(which) >= per_list:
                continue
            which.append(
                {
                    "partner": c["partner"],
                    "partner_naam": c["partner_naam"],
                    "partner_type": c.get("partner_type"),
                    "score": int(c["score"]),
                    "redenen": _reasons(c.get("redenen"), "lid van hub" if member else ""),
                }
            )
        out.append({**gap, **lists})
    return out
