"""What if: the analyses of a changed network beside today's, without touching the data.

A :class:`Scenario` removes partners (``zonder``), adds hub memberships (``met_lid``)
and adds activities (``met_activiteit``). :func:`run` applies it to a copy of the graph
and compares gaps, LEA targets, fragile cells and connecting partners with today's.

:func:`vulnerability` answers the question for every partner at once: what would its
leaving cost? It works incrementally from one coverage matrix and one pass over the
activities (a partner only changes the cells and schools it works in), so it stays
fast on a national network; the tests check it against removing each partner in turn.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pandas as pd

from lea_graph import cijfers
from lea_graph.analytics.compare import cell_changes, target_changes
from lea_graph.analytics.coverage import GAP_KINDS, can_be_gap, coverage_matrix
from lea_graph.analytics.indicators import (
    Indicator,
    _status,
    bto_activities,
    lea_targets,
    reach_schools,
    reach_scopes,
    school_bounds,
)
from lea_graph.analytics.isolation import cut_partners, single_partner_dependencies
from lea_graph.analytics.network import Network
from lea_graph.bereik import change, change_text, lower
from lea_graph.errors import LeaGraphError
from lea_graph.text import LIST_SEP, dutch_list, fold, plural

__all__ = [
    "VULNERABILITY_RULE",
    "NotInNetwork",
    "Scenario",
    "ScenarioResult",
    "apply",
    "parse_scenario",
    "run",
    "scenario_markdown",
    "vulnerability",
    "vulnerability_markdown",
]

#: How the kwetsbaarheid ranking is ordered (shown to users next to it).
VULNERABILITY_RULE = (
    "Gerangschikt op: eerst het aantal hub × wijk-cellen dat zonder partner komt, dan het "
    "aantal kinderen in die wijken (0-17 jaar, of 0-14 jaar volgens CBS; bij een bereik het "
    "midden), dan hoeveel de ondergrens van de LEA-doelen zakt (in hele procenten, zoals "
    "getoond), dan het aantal cellen dat op één partner komt te hangen, dan het "
    "aantal partners dat los raakt van het samenwerkingsnetwerk."
)


#: The ``bron`` of the activities and memberships a scenario adds.
SCENARIO_BRON = "scenario"


@dataclass
class Scenario:
    """Changes to try out: partner ids to remove, ``(partner, hub)`` memberships and
    ``(partner, school, hub or None)`` activities to add."""

    zonder: list[str] = field(default_factory=list)
    met_lid: list[tuple[str, str]] = field(default_factory=list)
    met_activiteit: list[tuple[str, str, str | None]] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.zonder or self.met_lid or self.met_activiteit)

    def describe(self, net: Network) -> list[str]:
        """The changes in Dutch, one line each."""
        lines = [f"{net.name(p)} stopt." for p in self.zonder]
        lines += [f"{net.name(p)} wordt lid van hub {net.name(h)}." for p, h in self.met_lid]
        for p, s, h in self.met_activiteit:
            under = f" onder hub {net.name(h)}" if h else ""
            lines.append(f"{net.name(p)} krijgt een activiteit op {net.name(s)}{under}.")
        return lines


class NotInNetwork(LeaGraphError):
    """A partner, hub or school of a scenario that is not in the network."""


def _resolver(g: nx.MultiDiGraph, kind: str):
    by_name: dict[str, list[str]] = defaultdict(list)
    ids = set()
    for n, d in g.nodes(data=True):
        if d.get("kind") == kind:
            ids.add(n)
            by_name[fold(str(d.get("naam", "")))].append(n)

    def resolve(text: str) -> str | None:
        text = text.strip()
        if text in ids:
            return text
        found = by_name.get(fold(text), [])
        return found[0] if len(found) == 1 else None

    return resolve


_NOUNS = {"partner": "partner", "hub": "hub", "school": "school of locatie"}


def _one(resolve, kind: str, text: str) -> str:
    found = resolve(text)
    if found is None:
        raise NotInNetwork(
            f"{_NOUNS[kind].capitalize()} '{text}' staat niet in het netwerk "
            "(geef de id of de precieze naam)."
        )
    return found


def _split(text: str, kinds: list[tuple], option: str, form: str) -> list[str]:
    """Split ``A:B[:C]`` into ids of ``kinds`` (``(resolver, kind)`` pairs). Names may
    hold a colon: the first split whose parts all resolve wins."""
    parts = text.split(":")
    n = len(kinds)
    if len(parts) < n:
        raise LeaGraphError(f"{option} '{text}': schrijf het als {form}.")
    splits = [
        [":".join(parts[a:b]) for a, b in itertools.pairwise([0, *cuts, len(parts)])]
        for cuts in itertools.combinations(range(1, len(parts)), n - 1)
    ]
    for candidate in splits:
        found = [r(c) for (r, _), c in zip(kinds, candidate, strict=True)]
        if None not in found:
            return found
    return [_one(r, kind, c) for (r, kind), c in zip(kinds, splits[0], strict=True)]


def parse_scenario(
    g: nx.MultiDiGraph,
    zonder: list[str] = (),
    met_lid: list[str] = (),
    met_activiteit: list[str] = (),
) -> Scenario:
    """A scenario from the words people type: partners, hubs and schools by id or by
    their exact name (case and accents ignored).

    Parameters
    ----------
    g
        The network the scenario is about.
    zonder
        Partners that stop.
    met_lid
        ``PARTNER:HUB``: a partner joins a hub.
    met_activiteit
        ``PARTNER:SCHOOL`` or ``PARTNER:SCHOOL:HUB``: a new activity.

    Raises
    ------
    LeaGraphError
        With a Dutch message naming the value that is not in the network.
    """

    partner = (_resolver(g, "partner"), "partner")
    hub, school = (_resolver(g, "hub"), "hub"), (_resolver(g, "school"), "school")
    out = Scenario()
    for text in zonder:
        p = _one(*partner, text)
        if p not in out.zonder:
            out.zonder.append(p)
    for text in met_lid:
        p, h = _split(text, [partner, hub], "--met-lid", "PARTNER:HUB")
        out.met_lid.append((p, h))
    for text in met_activiteit:
        if text.count(":") >= 2:
            try:
                p, s, h = _split(
                    text, [partner, school, hub], "--met-activiteit", "PARTNER:SCHOOL:HUB"
                )
            except LeaGraphError as three_parts:
                # A school whose name holds a colon; if it is not that either, the
                # message about PARTNER:SCHOOL:HUB says what is wrong (e.g. the hub).
                try:
                    p, s = _split(
                        text, [partner, school], "--met-activiteit", "PARTNER:SCHOOL[:HUB]"
                    )
                except LeaGraphError:
                    raise three_parts from None
                h = None
        else:
            p, s = _split(text, [partner, school], "--met-activiteit", "PARTNER:SCHOOL[:HUB]")
            h = None
        out.met_activiteit.append((p, s, h))
    for p in out.zonder:
        if any(q == p for q, _ in out.met_lid) or any(q == p for q, _, _ in out.met_activiteit):
            raise LeaGraphError(
                f"Partner '{g.nodes[p].get('naam', p)}' stopt in dit scenario en kan dus geen lid worden "
                "of een activiteit krijgen."
            )
    return out


def apply(g: nx.MultiDiGraph, scenario: Scenario, schooljaar: str | None = None) -> nx.MultiDiGraph:
    """A copy of ``g`` with the scenario's changes; ``g`` itself is not changed.

    New activities get the chosen ``schooljaar`` (so they count in it) and no number of
    participants: the reach's upper bound then counts the whole school, the lower
    bound does not move. New rows have ``bron`` ``scenario``.
    """
    h = g.copy()
    h.remove_nodes_from(scenario.zonder)
    for i, (p, hub) in enumerate(scenario.met_lid):
        if not any(d.get("kind") == "hub_leden" for d in (h.get_edge_data(p, hub) or {}).values()):
            h.add_edge(p, hub, key=f"hub_leden:scenario-{i}", kind="hub_leden", bron=SCENARIO_BRON)
    for i, (p, school, hub) in enumerate(scenario.met_activiteit):
        attrs: dict[str, Any] = {"kind": "activiteiten", "bron": SCENARIO_BRON}
        if hub:
            attrs["hub"] = hub
        if schooljaar:
            attrs["schooljaar"] = schooljaar
        h.add_edge(p, school, key=f"activiteiten:scenario-{i}", **attrs)
    return h


@dataclass
class ScenarioResult:
    """Today's figures and the scenario's, side by side, the difference first."""

    scenario: Scenario
    schooljaar: str | None
    wijzigingen: list[str]
    zinnen: list[str]
    overzicht: pd.DataFrame
    gaps: pd.DataFrame
    targets: pd.DataFrame
    fragile: pd.DataFrame
    cut: pd.DataFrame

    def to_dict(self) -> dict[str, Any]:
        from lea_graph.analytics.report import records

        return {
            "schooljaar": self.schooljaar,
            "wijzigingen": self.wijzigingen,
            "gevolgen": self.zinnen,
            "overzicht": records(self.overzicht),
            "gaten": records(self.gaps),
            "doelen": records(self.targets),
            "kwetsbare_cellen": records(self.fragile),
            "verbindende_partners": records(self.cut),
        }


def _actor(net: Network, scenario: Scenario) -> str:
    if scenario.zonder and not (scenario.met_lid or scenario.met_activiteit):
        names = dutch_list([net.name(p) for p in scenario.zonder])
        return f"Als {names} {'stopt' if len(scenario.zonder) == 1 else 'stoppen'}"
    return "Met deze wijzigingen"


def _fragile_changes(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    def cells(df: pd.DataFrame) -> dict[tuple, dict]:
        return {(r["niveau"], r["wijk"], r["hub"]): r for r in df.to_dict(orient="records")}

    a, b = cells(before), cells(after)
    rows = []
    for key in sorted(b.keys() - a.keys(), key=str):
        rows.append({"verandering": "hangt nu op één partner", **_fragile_row(b[key])})
    for key in sorted(a.keys() - b.keys(), key=str):
        rows.append({"verandering": "hangt niet meer op één partner", **_fragile_row(a[key])})
    columns = ["verandering", "niveau", "wijk_naam", "hub_naam", "partner_naam", "toelichting"]
    return pd.DataFrame(rows, columns=columns)


def _fragile_row(r: dict) -> dict:
    return {
        k: r.get(k) or ""
        for k in ("niveau", "wijk_naam", "hub_naam", "partner_naam", "toelichting")
    }


def _cut_changes(
    before: pd.DataFrame, after: pd.DataFrame, net: Network, gone: set[str]
) -> pd.DataFrame:
    a = dict(zip(before["partner"], before["raken_los"], strict=True))
    b = dict(zip(after["partner"], after["raken_los"], strict=True))
    rows = []
    for p in sorted(a.keys() | b.keys(), key=lambda p: (-(b.get(p) or 0), net.name(p))):
        if p in gone or a.get(p) == b.get(p):
            continue
        if p not in a:
            what = "wordt verbindend"
        elif p not in b:
            what = "niet meer verbindend"
        else:
            what = "ander aantal"
        rows.append(
            {
                "verandering": what,
                "partner": p,
                "partner_naam": net.name(p),
                "raken_los_voor": int(a.get(p, 0)),
                "raken_los_na": int(b.get(p, 0)),
            }
        )
    columns = ["verandering", "partner", "partner_naam", "raken_los_voor", "raken_los_na"]
    return pd.DataFrame(rows, columns=columns)


def _count(matrix: pd.DataFrame, kind: str) -> int:
    """The cells of a coverage matrix that are this kind of gap (``gat``)."""
    return int((matrix["gat"] == kind).sum()) if len(matrix) else 0


def run(g: nx.MultiDiGraph, scenario: Scenario, schooljaar: str | None = None) -> ScenarioResult:
    """Recompute gaps, targets, fragile cells and connecting partners for the scenario.

    Parameters
    ----------
    g
        Today's network (not changed).
    scenario
        The changes (:func:`parse_scenario`).
    schooljaar
        The schooljaar both are computed for (None: all years).

    Returns
    -------
    ScenarioResult
        ``zinnen`` says the consequences in plain Dutch, the largest first;
        ``overzicht`` has today's and the scenario's figures side by side.
    """
    h = apply(g, scenario, schooljaar)
    net = Network.of(g, schooljaar)
    m_a, m_b = coverage_matrix(g, schooljaar), coverage_matrix(h, schooljaar)
    gaps = cell_changes(m_a, m_b)
    t_a, t_b = lea_targets(g, schooljaar), lea_targets(h, schooljaar)
    targets = target_changes(t_a, t_b)
    s_a, s_b = (
        single_partner_dependencies(g, schooljaar),
        single_partner_dependencies(h, schooljaar),
    )
    fragile = _fragile_changes(s_a, s_b)
    c_a, c_b = cut_partners(g, schooljaar), cut_partners(h, schooljaar)
    cut = _cut_changes(c_a, c_b, net, set(scenario.zonder))

    def row(naam: str, a: Any, b: Any, uitleg: str) -> dict:
        diff = (
            f"{b - a:+d}".replace("-", "−") if isinstance(a, int) and isinstance(b, int) else None
        )
        return {"maat": naam, "vandaag": a, "scenario": b, "verschil": diff, "uitleg": uitleg}

    rows = [
        row("Cellen zonder partner", _count(m_a, GAP_KINDS[0]), _count(m_b, GAP_KINDS[0]),
            "Hub × wijk-cellen (geen bedrijventerrein) die de hub niet bereikt."),
        row("Cellen met één partner", _count(m_a, GAP_KINDS[1]), _count(m_b, GAP_KINDS[1]),
            "Hub × wijk-cellen (geen bedrijventerrein) die op één partner hangen."),
        row("Kwetsbare wijken en cellen", len(s_a), len(s_b),
            "Wijken en hub × wijk-cellen waarvan het bereik van één partner afhangt."),
        row("Verbindende partners", len(c_a), len(c_b),
            "Partners zonder wie het samenwerkingsnetwerk uiteenvalt."),
    ]  # fmt: skip
    for a, b in zip(t_a, t_b, strict=True):
        if a.ondergrens is None and b.ondergrens is None:
            continue
        rows.append(
            {
                "maat": a.naam,
                "vandaag": f"{a.bereik} ({a.status})",
                "scenario": f"{b.bereik} ({b.status})",
                "verschil": change((a.ondergrens, a.bovengrens), (b.ondergrens, b.bovengrens)),
                "uitleg": f"Doel {100 * a.doel:.0f}%; grenzen zoals bij de LEA-doelen.",
            }
        )
    overzicht = pd.DataFrame(rows)
    actor = _actor(net, scenario)
    severity = {"verdiept": 0, "geopend": 1, "verkleind": 2, "gesloten": 3}
    if len(gaps):
        gaps = gaps.sort_values(
            "verandering", key=lambda s: s.map(severity), kind="stable", ignore_index=True
        )
    zinnen = [_gap_sentence(actor, r) for r in gaps.to_dict(orient="records")]
    for r in c_a[c_a["partner"].isin(scenario.zonder)].to_dict(orient="records"):
        zinnen.append(
            f"{actor}, raken {plural(r['raken_los'], 'partner', 'partners')} los van het "
            f"samenwerkingsnetwerk: {r['los_namen']}."
        )
    for r in targets.to_dict(orient="records"):
        if r["richting"] in ("gelijk", "niet te vergelijken"):
            continue
        zinnen.append(
            f"{actor}, gaat het doel '{r['naam']}' van {r['stand_voor']} naar {r['stand_na']}."
        )
    for r in cut.to_dict(orient="records"):
        if r["verandering"] == "wordt verbindend":
            zinnen.append(
                f"{actor}, houdt {r['partner_naam']} het samenwerkingsnetwerk bij elkaar: zonder "
                f"die partner raken er {r['raken_los_na']} los."
            )
    if not zinnen:
        zinnen.append(
            f"{actor}, verandert er niets aan de gaten, de LEA-doelen of de verbindende partners."
        )
    if scenario.met_activiteit and not schooljaar:
        zinnen.append(
            "Nieuwe activiteiten hebben geen aantal deelnemers: voor de bovengrens telt de "
            "hele school mee, de ondergrens verandert er niet door."
        )
    return ScenarioResult(
        scenario=scenario,
        schooljaar=schooljaar,
        wijzigingen=scenario.describe(net),
        zinnen=zinnen,
        overzicht=overzicht,
        gaps=gaps,
        targets=targets,
        fragile=fragile,
        cut=cut,
    )


def _gap_sentence(actor: str, r: dict) -> str:
    marks = f" ({r['kenmerken']})" if r["kenmerken"] else ""
    wijk, hub = r["wijk_naam"], r["hub_naam"]
    change = r["verandering"]
    if change == "verdiept":
        return f"{actor}, heeft {wijk} geen partner meer voor {hub}{marks}."
    if change == "geopend":
        return f"{actor}, hangt {hub} in {wijk} nog op één partner: {r['partner_namen_na']}{marks}."
    if change == "verkleind":
        return f"{actor}, heeft {wijk} weer een partner voor {hub}: {r['partner_namen_na']}{marks}."
    return f"{actor}, heeft {wijk} voor {hub} {r['partners_na']} partners in plaats van {r['partners_voor']}{marks}."


# -- kwetsbaarheid --------------------------------------------------------------------------


def _target_parts(net: Network, targets: list[Indicator]) -> dict[str, dict]:
    """Per computable reach target: the pupils and the bounds per school, and which
    partners' activities each school's bounds rest on."""
    scopes = reach_scopes(net)
    bto = bto_activities(net)
    by_school: dict[str, list[tuple[str, int | None]]] = defaultdict(list)
    for school, partner, n in zip(bto["school"], bto["partner"], bto["deelnemers"], strict=True):
        by_school[school].append((partner, None if pd.isna(n) else int(n)))
    out = {}
    for t in targets:
        if t.code not in scopes or t.leerlingen is None:
            continue
        schools = [s for s in reach_schools(net, scopes[t.code]) if net.leerlingen(s) is not None]
        pupils = {s: net.leerlingen(s) for s in schools}
        bounds = {
            s: school_bounds(pupils[s], [n for _, n in by_school.get(s, [])]) for s in schools
        }
        at: dict[str, list[str]] = defaultdict(list)
        for s in schools:
            for p in {p for p, _ in by_school.get(s, [])}:
                at[p].append(s)
        out[t.code] = {
            "indicator": t, "pupils": pupils, "bounds": bounds, "at": at, "acts": by_school,
            "low": sum(lo for lo, _ in bounds.values()), "high": sum(hi for _, hi in bounds.values()),
            "total": sum(pupils.values()),
        }  # fmt: skip
    return out


_SHORT = {"pact": "doel PacT-wijken", "lage_ses": "doel lage SES"}


def vulnerability(g: nx.MultiDiGraph, schooljaar: str | None = None) -> pd.DataFrame:
    """For every partner: what its leaving would cost, ranked (:data:`VULNERABILITY_RULE`).

    Equal to running :func:`run` with ``Scenario(zonder=[partner])`` for each partner,
    but computed from one coverage matrix and one pass over the activities.

    Returns
    -------
    pandas.DataFrame
        ``rang``, ``partner``, ``partner_naam``, ``hubs``, ``lege_cellen`` (hub × wijk
        cells left without a partner), ``cellen`` (which), ``pact_cellen`` (of those in
        PacT wijken), ``kinderen`` (children in those wijken where known, as text:
        a count or a range, :func:`lea_graph.cijfers.kinderen_samen`),
        ``doelen`` (targets whose bounds would visibly drop, in words: only bounds whose
        rounded value changes, :func:`lea_graph.bereik.change_text`),
        ``daling_ondergrens`` (the largest drop of a rounded lower bound, in whole
        percents as a share 0..1: 0.01 for 21% → 20%), ``kwetsbare_cellen`` (cells left
        with one partner), ``raken_los`` (partners cut off from the collaboration
        network) and ``toelichting``.

    Examples
    --------
    In the example network the Sportclub alone brings Sport to Noord; without the
    Museum (or the Muziekschool) Cultuur in Noord keeps one partner, and without the
    Museum the Muziekschool loses its link to the others:

    >>> v = vulnerability(g)
    >>> rows = v[["partner", "lege_cellen", "cellen", "kwetsbare_cellen", "raken_los"]]
    >>> rows.values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['p-club', 1, 'Sport in Noord', 0, 0], ['p-museum', 0, '', 1, 1],
     ['p-muziek', 0, '', 1, 0], ['p-bieb', 0, '', 0, 0]]
    """
    net = Network.of(g, schooljaar)
    matrix = coverage_matrix(g, schooljaar)
    emptied: dict[str, list[dict]] = defaultdict(list)
    weakened: dict[str, int] = defaultdict(int)
    for r in matrix.to_dict(orient="records"):
        # Only a cell that can be a gap counts: one partner gone empties it, or leaves one.
        if not can_be_gap(r["wijk_soort"]) or r["partners"] not in (1, 2):
            continue
        for p in r["partner_ids"].split(LIST_SEP):
            if r["partners"] == 1:
                emptied[p].append(r)
            else:
                weakened[p] += 1
    parts = _target_parts(net, lea_targets(g, schooljaar))
    cut = cut_partners(g, schooljaar)
    cut_off = dict(zip(cut["partner"], cut["raken_los"], strict=True))
    rows = []
    for p in net.ids["partner"]:
        cells = emptied.get(p, [])
        wijken = {r["wijk"]: r for r in cells}
        kids = cijfers.kinderen_samen(
            [k for k in map(cijfers.kinderen_van_rij, wijken.values()) if k is not None]
        )
        drops, largest = [], 0.0
        for part in parts.values():
            low, high = part["low"], part["high"]
            for s in part["at"].get(p, []):
                rest = [n for q, n in part["acts"][s] if q != p]
                lo, hi = school_bounds(part["pupils"][s], rest)
                low += lo - part["bounds"][s][0]
                high += hi - part["bounds"][s][1]
            total, t = part["total"], part["indicator"]
            before, after = (part["low"] / total, part["high"] / total), (low / total, high / total)
            # A target falls only when its rounded bounds show it (lea_graph.bereik).
            moved = change_text(before, after)
            if not moved:
                continue
            was, now = (
                _status(t.doel, part["low"], part["high"], total),
                _status(t.doel, low, high, total),
            )
            largest = max(largest, (lower(before[0]) - lower(after[0])) / 100)
            status = f"; {was} → {now}" if was != now else ""
            drops.append(f"{_SHORT.get(t.code, t.naam)}: {moved}{status}")
        names = LIST_SEP.join(f"{r['hub_naam']} in {r['wijk_naam']}" for r in cells)
        pact = sum(1 for r in cells if r["pact"] == "ja")
        rows.append(
            {
                "partner": p,
                "partner_naam": net.name(p),
                "hubs": LIST_SEP.join(net.name(h) for h in net.members.get(p, [])),
                "lege_cellen": len(cells),
                "cellen": names,
                "pact_cellen": pact,
                "kinderen": kids.tekst if kids else "",
                "_kids": kids.midden if kids else 0,
                "doelen": LIST_SEP.join(drops),
                "daling_ondergrens": round(largest, 6),
                "kwetsbare_cellen": weakened.get(p, 0),
                "raken_los": int(cut_off.get(p, 0)),
            }
        )
    columns = ["rang", "partner", "partner_naam", "hubs", "lege_cellen", "cellen", "pact_cellen",
               "kinderen", "doelen", "daling_ondergrens", "kwetsbare_cellen", "raken_los",
               "toelichting"]  # fmt: skip
    if not rows:
        return pd.DataFrame(columns=columns)
    out = pd.DataFrame(rows)
    out["_naam"] = out["partner_naam"].map(fold)
    out = out.sort_values(
        ["lege_cellen", "_kids", "daling_ondergrens", "kwetsbare_cellen", "raken_los", "_naam", "partner"],
        ascending=[False, False, False, False, False, True, True], kind="stable",
    ).drop(columns=["_naam", "_kids"])  # fmt: skip
    out.insert(0, "rang", range(1, len(out) + 1))
    out["toelichting"] = [_vulnerability_sentence(r) for r in out.to_dict(orient="records")]
    return out[columns].reset_index(drop=True)


def _vulnerability_sentence(r: dict) -> str:
    name = r["partner_naam"]
    bits = []
    if r["lege_cellen"]:
        kids = f", met {r['kinderen']} kinderen" if r["kinderen"] else ""
        cells = r["cellen"].split(LIST_SEP)
        shown = LIST_SEP.join(cells[:3]) + (f" en {len(cells) - 3} meer" if len(cells) > 3 else "")
        bits.append(
            f"{plural(r['lege_cellen'], 'hub × wijk-cel komt', 'hub × wijk-cellen komen')} zonder "
            f"partner ({shown}{kids})"
        )
    if r["doelen"]:
        bits.append(
            "de ondergrens van een LEA-doel zakt"
            if r["daling_ondergrens"]
            else "een bovengrens van een LEA-doel zakt"
        )
    if r["kwetsbare_cellen"]:
        bits.append(
            f"{plural(r['kwetsbare_cellen'], 'cel hangt', 'cellen hangen')} daarna op één partner"
        )
    if r["raken_los"]:
        bits.append(
            f"{plural(r['raken_los'], 'partner raakt', 'partners raken')} los van het "
            "samenwerkingsnetwerk"
        )
    if not bits:
        return f"Als {name} stopt, verandert er niets aan de gaten, de doelen of het netwerk."
    return f"Als {name} stopt: " + "; ".join(bits) + "."


# -- output ----------------------------------------------------------------------------------

#: The tables of a scenario after its overview, with their titles, what they show and
#: the columns people read.
_SCENARIO_SECTIONS: tuple[tuple[str, str, str, list[str]], ...] = (
    ("gaps", "Gaten",
     "Hub × wijk-cellen die in het scenario een gat worden (geen of één partner) of geen gat "
     "meer zijn.",
     ["verandering", "wijk_naam", "hub_naam", "partners_voor", "partners_na", "kenmerken",
      "toelichting"]),
    ("targets", "LEA-doelen",
     "De bereiksdoelen vandaag (voor) en in het scenario (na), met de richting.",
     ["naam", "doel", "bereik_voor", "status_voor", "bereik_na", "status_na", "richting"]),
    ("fragile", "Kwetsbare wijken en cellen",
     "Wijken en hub × wijk-cellen die in het scenario wel of niet meer op één partner hangen.",
     ["verandering", "niveau", "wijk_naam", "hub_naam", "partner_naam", "toelichting"]),
    ("cut", "Verbindende partners",
     "Partners zonder wie het samenwerkingsnetwerk uiteenvalt: wie dat wordt of niet meer is.",
     ["verandering", "partner_naam", "raken_los_voor", "raken_los_na"]),
)  # fmt: skip

_VULNERABILITY_COLUMNS = ["rang", "partner_naam", "hubs", "lege_cellen", "pact_cellen", "kinderen",
                          "kwetsbare_cellen", "raken_los", "toelichting"]  # fmt: skip

_EXAMPLE_NOTE = "> Let op: deze gegevens bevatten voorbeeldgegevens (bron=voorbeeld, verzonnen)."


def _scenario_table(result: ScenarioResult, attr: str, columns: list[str]) -> pd.DataFrame:
    from lea_graph.analytics.compare import GAP_CHANGES

    df = getattr(result, attr)
    if df.empty:
        return df
    df = df[[c for c in columns if c in df.columns]]
    if attr == "gaps":
        df = df.assign(verandering=df["verandering"].map(GAP_CHANGES))
    return df


def scenario_markdown(result: ScenarioResult, *, voorbeeld: bool = False, limit: int = 40) -> str:
    """The scenario as Markdown: its changes, the consequences (the largest first), today's
    figures beside the scenario's, then the gaps, targets, fragile cells and connecting
    partners that change.

    Parameters
    ----------
    result
        What :func:`run` returned.
    voorbeeld
        Whether the network holds illustrative data (``bron`` ``voorbeeld``): then a
        line says so under the title.
    limit
        At most this many rows per table.

    Returns
    -------
    str
        Markdown text, ending with a newline.
    """
    from lea_graph.analytics.report import _md_table

    year = result.schooljaar or "alle schooljaren"
    parts = [f"# Scenario: wat als? ({year})", ""]
    if voorbeeld:
        parts += [_EXAMPLE_NOTE, ""]
    parts += ["## Wijzigingen", ""]
    parts += [f"- {line}" for line in result.wijzigingen] or ["_Geen wijzigingen._"]
    parts += ["", "## Gevolgen", ""]
    parts += [f"- {line}" for line in result.zinnen]
    parts += ["", "## Vandaag en in het scenario", "", _md_table(result.overzicht, limit)]
    for attr, title, text, columns in _SCENARIO_SECTIONS:
        table = _md_table(_scenario_table(result, attr, columns), limit)
        parts += ["", f"## {title}", "", text, "", table]
    return "\n".join(parts) + "\n"


def vulnerability_markdown(
    df: pd.DataFrame, top: int = 20, *, schooljaar: str | None = None, voorbeeld: bool = False
) -> str:
    """The kwetsbaarheid ranking (:func:`vulnerability`) as Markdown, with the rule it
    follows (:data:`VULNERABILITY_RULE`).

    Parameters
    ----------
    df
        What :func:`vulnerability` returned.
    top
        Show this many partners (the JSON has them all).
    schooljaar
        The schooljaar it was computed for (None: all years), for the title.
    voorbeeld
        Whether the network holds illustrative data (``bron`` ``voorbeeld``).

    Returns
    -------
    str
        Markdown text, ending with a newline.
    """
    from lea_graph.analytics.report import _md_table

    year = schooljaar or "alle schooljaren"
    parts = [f"# Kwetsbaarheid: wat kost het als een partner stopt? ({year})", ""]
    if voorbeeld:
        parts += [_EXAMPLE_NOTE, ""]
    parts += [VULNERABILITY_RULE, ""]
    shown = df[[c for c in _VULNERABILITY_COLUMNS if c in df.columns]] if len(df) else df
    parts.append(_md_table(shown.head(top), top))
    if len(df) > top:
        rest = len(df) - top
        more = plural(rest, "partner", "partners")
        parts += ["", f"_… en nog {more} (alles staat in de JSON-versie)._"]
    return "\n".join(parts) + "\n"
