"""The LEA targets for brede talentontwikkeling, and the health of the network over time.

The uitvoeringsagenda (bijlage 1, cluster 2) sets four reach targets. Two can be
computed from the network data; the other two need figures the data format does not
hold, and say so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx
import pandas as pd

from lea_graph import cijfers, model
from lea_graph.analytics.network import DOMAINS, Network, each_row, relations
from lea_graph.bereik import range_text
from lea_graph.text import LIST_SEP, number, plural

__all__ = [
    "HEALTH_MEASURES",
    "SCHOOL_SECTORS",
    "SETTLE",
    "Indicator",
    "bto_activities",
    "health_row",
    "is_bto_activity",
    "lea_targets",
    "network_health",
    "reach_per_wijk",
    "reach_schools",
    "reach_scopes",
    "school_bounds",
    "schooljaren",
    "wijk_reach",
]

#: "Kinderen op scholen": primary and secondary education, special education included.
SCHOOL_SECTORS = ("po", "sbo", "so", "vso", "vo")


#: What would settle an uncertain reach target.
SETTLE = (
    "Uitsluitsel geeft het aantal verschillende kinderen dat per school meedoet (unieke "
    "deelnemers per school), in plaats van deelnemers per activiteit."
)


@dataclass
class Indicator:
    """One LEA target: what the data prove about it, and how that was computed.

    The data give deelnemers per activity, not per child, so a reach is bounded, not
    known: ``ondergrens`` and ``bovengrens`` (shares of the pupils, 0..1), from
    ``bereikt_min`` and ``bereikt_max`` of ``leerlingen`` pupils. ``status`` claims only
    what the bounds prove: ``gehaald`` (the lower bound reaches the target), ``niet
    gehaald`` (the upper bound stays below it), ``onzeker`` (in between), ``geen doel``
    (a wijk without a LEA target) or ``niet te berekenen``.
    """

    code: str
    naam: str
    doel: float
    ondergrens: float | None
    bovengrens: float | None
    status: str
    berekening: str
    leerlingen: int | None = None
    bereikt_min: int | None = None
    bereikt_max: int | None = None
    ontbrekend: list[str] = field(default_factory=list)
    toelichting: str = ""
    uitsluitsel: str = ""
    voorbeeld: str = ""
    #: Where the pupil counts come from: "DUO, 1 oktober 2024 (55 scholen)", one per source.
    bron: str = ""

    @property
    def bereik(self) -> str:
        """The reach as people read it: "tussen 12% en 82%", "82%" or "—"
        (:func:`lea_graph.bereik.range_text`)."""
        return range_text(self.ondergrens, self.bovengrens)

    @property
    def bereik_kort(self) -> str:
        """The same reach, short: "12–82%", "82%" or "—"."""
        return range_text(self.ondergrens, self.bovengrens, short=True)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "bereik": self.bereik, "bereik_kort": self.bereik_kort}


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.0f}%"


def is_bto_activity(net: Network, partner: str, hub: Any, programma: Any) -> bool:
    """An activity counts as brede talentontwikkeling if it is under a hub, part of a
    programme of the cluster Brede talentontwikkeling, or given by a partner whose type
    is one of the six domains."""
    if isinstance(hub, str) and hub:
        return True
    if isinstance(programma, str) and programma:
        cluster = net.programma_cluster(programma)
        if cluster is not None and cluster == net.bto_cluster():
            return True
    return net.attr(partner, "type") in DOMAINS


def bto_activities(net: Network) -> pd.DataFrame:
    """The activities of the view that count as brede talentontwikkeling
    (:func:`is_bto_activity`), as rows of ``net.activities``."""
    acts = net.activities
    if not len(acts):
        return acts
    keep = net.memo(
        "bto_mask",
        lambda: [
            is_bto_activity(net, p, h, prog)
            for p, h, prog in zip(
                acts["partner"].tolist(), acts["hub"].tolist(), acts["programma"].tolist(),
                strict=True,
            )
        ],
    )  # fmt: skip
    return acts[keep]


def reach_scopes(net: Network) -> dict[str, list[str]]:
    """The wijken of the two computable reach targets: ``pact`` (PacT wijken) and
    ``lage_ses`` (wijken with low SES)."""
    return {
        "pact": [w for w in net.ids["wijk"] if net.attr(w, "pact") == "ja"],
        "lage_ses": [w for w in net.ids["wijk"] if net.attr(w, "ses") == "laag"],
    }


def reach_schools(net: Network, wijken: list[str]) -> list[str]:
    """The schools a reach target counts: po, sbo, so, vso and vo in ``wijken``
    (with or without a pupil number)."""
    by_wijk: dict[str, list[str]] = net.memo("reach_schools", lambda: _schools_by_wijk(net))
    if len(wijken) == 1:
        return list(by_wijk.get(wijken[0], []))
    scope = set(wijken)
    return [s for s in net.ids["school"] if net.school_wijk.get(s) in scope and _counts(net, s)]


def _counts(net: Network, school: str) -> bool:
    return net.attr(school, "sector") in SCHOOL_SECTORS


def reach_per_wijk(net: Network, wijken: list[str]) -> dict[str, tuple[int, int, int]]:
    """Per wijk the figures of a reach target over its schools: ``(leerlingen,
    bereikt_min, bereikt_max)``, by the rule of :func:`lea_targets` (schools without a
    pupil number left out). Summed over the wijken of a target they are the target's own
    ``leerlingen``, ``bereikt_min`` and ``bereikt_max``.

    Examples
    --------
    >>> from lea_graph.dataset import Dataset
    >>> from lea_graph.graph import to_graph
    >>> ds = Dataset.from_rows({
    ...     "wijken": [{"id": "w-1", "naam": "Noord"}, {"id": "w-2", "naam": "Zuid"}],
    ...     "scholen": [
    ...         {"id": "s-1", "naam": "A", "sector": "po", "wijk": "w-1", "leerlingen": "300"},
    ...         {"id": "s-2", "naam": "B", "sector": "po", "wijk": "w-2", "leerlingen": "100"}],
    ...     "partners": [{"id": "p-1", "naam": "Muziek", "type": "cultuur"}],
    ...     "activiteiten": [{"partner": "p-1", "school": "s-1", "deelnemers": "40"}],
    ... })
    >>> reach_per_wijk(Network(to_graph(ds)), ["w-1", "w-2"])
    {'w-1': (300, 40, 40), 'w-2': (100, 0, 0)}
    """
    by_wijk: dict[str, list[str]] = net.memo("reach_schools", lambda: _schools_by_wijk(net))
    index = net.memo("bto_per_school", lambda: _bto_per_school(net))
    out: dict[str, tuple[int, int, int]] = {}
    for w in wijken:
        total = low = high = 0
        for s in by_wijk.get(w, []):
            pupils = net.leerlingen(s)
            if pupils is None:
                continue
            lo, hi = school_bounds(pupils, index[s][0] if s in index else [])
            total, low, high = total + pupils, low + lo, high + hi
        out[w] = (total, low, high)
    return out


def _schools_by_wijk(net: Network) -> dict[str, list[str]]:
    """The schools a reach target counts, per wijk, in the order of the data."""
    out: dict[str, list[str]] = {}
    for s in net.ids["school"]:
        w = net.school_wijk.get(s)
        if w is not None and _counts(net, s):
            out.setdefault(w, []).append(s)
    return out


def _bto_per_school(net: Network) -> dict[str, tuple[list[int | None], bool]]:
    """Per school: the deelnemers of its activities for brede talentontwikkeling (None
    where unknown) and whether any of those activities is illustrative."""
    out: dict[str, tuple[list[int | None], bool]] = {}
    bto = bto_activities(net)
    for school, n, bron in each_row(bto, "school", "deelnemers", "bron"):
        numbers, made_up = out.get(school, ([], False))
        numbers.append(None if pd.isna(n) else int(n))
        out[school] = (numbers, made_up or bron == "voorbeeld")
    return out


def school_bounds(pupils: int, participants: list[int | None]) -> tuple[int, int]:
    """Lower and upper bound of the pupils of one school who take part.

    ``participants`` are the deelnemers of the school's activities for brede
    talentontwikkeling (None where unknown). Lower: the largest single activity (capped
    at the pupils); nobody is counted twice. Upper: the sum of all activities (capped at
    the pupils), as if no child took part twice; an activity with an unknown number may
    reach every pupil.

    Examples
    --------
    >>> school_bounds(1000, [20])
    (20, 20)
    >>> school_bounds(300, [120, 100, 150])
    (150, 300)
    >>> school_bounds(300, [40, None])
    (40, 300)
    >>> school_bounds(300, [])
    (0, 0)
    """
    known = [p for p in participants if p is not None]
    lower = min(pupils, max(known, default=0))
    upper = pupils if None in participants else min(pupils, sum(known))
    return lower, upper


def _status(doel: float, low: int, high: int, total: int) -> str:
    if low >= doel * total:
        return "gehaald"
    if high < doel * total:
        return "niet gehaald"
    return "onzeker"


def _reach(
    net: Network,
    wijken: list[str],
    code: str,
    naam: str,
    doel: float,
    which: str,
    *,
    ses_based: bool = False,
) -> Indicator:
    """The reach target over the schools of ``wijken`` (``ses_based``: the wijken were
    chosen by their SES, so an illustrative SES is worth a warning)."""
    schools = reach_schools(net, wijken)
    method = (
        f"Leerlingen op scholen (po, sbo, so, vso, vo) in {which} die in "
        f"{net.schooljaar or 'de gegevens'} meedoen aan activiteiten voor brede "
        "talentontwikkeling (onder een hub, in een programma van dat cluster, of van een "
        "partner uit de zes domeinen). De gegevens tellen deelnemers per activiteit, niet per "
        "kind; daarom twee grenzen. Ondergrens: per school de grootste activiteit (hoogstens "
        "alle leerlingen), opgeteld, gedeeld door alle leerlingen. Bovengrens: per school de "
        "som van de deelnemers van alle activiteiten (kinderen in meer activiteiten tellen dan "
        "dubbel; een activiteit zonder aantal kan de hele school bereiken), hoogstens alle "
        "leerlingen, opgeteld, gedeeld door alle leerlingen. 'Gehaald' alleen als de "
        "ondergrens het doel haalt, 'niet gehaald' als de bovengrens eronder blijft, anders "
        "'onzeker'."
    )
    if not wijken:
        return Indicator(code, naam, doel, None, None, "niet te berekenen", method,
                         ontbrekend=[f"wijken gemarkeerd als {which}"],
                         toelichting=f"Geen wijk in de gegevens is gemarkeerd als {which}.")  # fmt: skip
    if not schools:
        return Indicator(code, naam, doel, None, None, "niet te berekenen", method,
                         ontbrekend=[f"scholen in {which}"],
                         toelichting=f"Er staan geen scholen in {which} in de gegevens.")  # fmt: skip
    index = net.memo("bto_per_school", lambda: _bto_per_school(net))
    per_school = {s: index[s][0] for s in schools if s in index}
    acts_made_up = any(index[s][1] for s in per_school)
    known = [s for s in schools if net.leerlingen(s) is not None]
    unknown = [s for s in schools if net.leerlingen(s) is None]
    missed = sorted(net.name(s) for s in schools if s not in per_school)
    illustrative = _illustrative(net, wijken, schools, acts_made_up, ses_based)

    def without_pupils(why: str) -> Indicator:
        """No share to compute: no school with pupils (``why`` says which way)."""
        reached = sum(1 for s in schools if s in per_school)
        return Indicator(
            code, naam, doel, None, None, "niet te berekenen", method,
            ontbrekend=["leerlingenaantallen van de scholen"],
            toelichting=f"{why}; "
            f"{reached} van {plural(len(schools), 'school', 'scholen')} heeft een activiteit.",
            voorbeeld=illustrative,
        )  # fmt: skip

    if not known:
        return without_pupils(f"Geen school in {which} heeft een leerlingenaantal")
    total = low = high = 0
    for s in known:
        pupils = net.leerlingen(s)
        lo, hi = school_bounds(pupils, per_school.get(s, []))
        total, low, high = total + pupils, low + lo, high + hi
    if total == 0:  # DUO counts 0 pupils at every location (closed, or not yet open)
        return without_pupils(f"De scholen in {which} hebben samen 0 leerlingen")
    status = _status(doel, low, high, total) if doel else "geen doel"
    sources = Counter(cijfers.leerlingen_bron(net.nodes.get(s, {}), net.schooljaar) for s in known)
    bron = "; ".join(
        f"{who or 'bron onbekend'} ({plural(n, 'school', 'scholen')})"
        for who, n in sorted(sources.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    without_number = sum(per_school.get(s, []).count(None) for s in known)
    result = Indicator(code, naam, doel, low / total, high / total, status, method, total, low,
                       high, [], "", SETTLE if status == "onzeker" else "", illustrative,
                       "Leerlingen: " + bron)  # fmt: skip
    verdict = {
        "gehaald": f"; doel {_pct(doel)}. Ook de ondergrens haalt het doel.",
        "niet gehaald": f"; doel {_pct(doel)}. Ook de bovengrens blijft onder het doel.",
        "onzeker": f"; doel {_pct(doel)}. Of het doel gehaald is, kan uit deze gegevens niet "
        "worden opgemaakt. " + SETTLE,
        "geen doel": ". De LEA stelt alleen doelen voor PacT-wijken en wijken met lage SES.",
    }[status]
    result.toelichting = (
        (f"Tussen {number(low)} en {number(high)}" if low != high else number(low))
        + f" van de {number(total)} leerlingen ({result.bereik_kort}) "
        f"op {plural(len(known), 'school', 'scholen')} in {which} doen mee"
        + verdict
        + (f" Geen activiteit: {LIST_SEP.join(missed)}." if missed else " Elke school heeft een activiteit.")
        + (
            f" {plural(without_number, 'activiteit', 'activiteiten')} zonder aantal deelnemers: "
            "voor de bovengrens telt daar de hele school."
            if without_number
            else ""
        )
        + (
            f" {plural(len(unknown), 'school', 'scholen')} zonder leerlingenaantal "
            f"{'telt' if len(unknown) == 1 else 'tellen'} niet mee."
            if unknown
            else ""
        )
    )  # fmt: skip
    return result


def _illustrative(
    net: Network, wijken: list[str], schools: list[str], acts_made_up: bool, ses_based: bool
) -> str:
    """Which of the figures a target rests on are illustrative (``bron=voorbeeld``)."""
    parts = []
    if any(net.attr(s, "bron") == "voorbeeld" for s in schools):
        parts.append("de scholen en hun leerlingenaantallen")
    if acts_made_up:
        parts.append("de activiteiten en hun deelnemers")
    if ses_based and any(cijfers.ses_bron(net.nodes.get(w, {})) == "voorbeeld" for w in wijken):
        parts.append("de SES van de wijken")
    if not parts:
        return ""
    return (
        "Let op: dit cijfer berust op voorbeeldgegevens (verzonnen): " + LIST_SEP.join(parts) + "."
    )


def lea_targets(g: nx.MultiDiGraph, schooljaar: str | None = None) -> list[Indicator]:
    """The four reach targets of cluster Brede talentontwikkeling.

    1. ``pact``: 100% of the children at schools in a PacT wijk take part.
    2. ``lage_ses``: 75% of the children at schools in a low-SES wijk take part.
    3. ``so_pact``: 25% of special-education children living in a PacT wijk take part in
       out-of-school activities: needs where pupils live, which the data does not hold.
    4. ``buiten_wijk``: 25% of the children who go to school outside their wijk take part
       in activities in the PacT wijken: needs pupil flows between wijken.

    Examples
    --------
    >>> from lea_graph.dataset import Dataset
    >>> from lea_graph.graph import to_graph
    >>> ds = Dataset.from_rows({
    ...     "wijken": [{"id": "w-1", "naam": "Noord", "pact": "ja", "ses": "laag"}],
    ...     "scholen": [
    ...         {"id": "s-1", "naam": "A", "sector": "po", "wijk": "w-1", "leerlingen": "300"},
    ...         {"id": "s-2", "naam": "B", "sector": "po", "wijk": "w-1", "leerlingen": "100"}],
    ...     "partners": [{"id": "p-1", "naam": "Muziek", "type": "cultuur"}],
    ...     "activiteiten": [{"partner": "p-1", "school": "s-1"}],
    ... })
    >>> [(i.code, i.bereik, i.status) for i in lea_targets(to_graph(ds))][:2]
    [('pact', 'tussen 0% en 75%', 'niet gehaald'), ('lage_ses', 'tussen 0% en 75%', 'onzeker')]
    """
    net = Network.of(g, schooljaar)
    scopes = reach_scopes(net)
    pact, low = scopes["pact"], scopes["lage_ses"]
    return [
        _reach(net, pact, "pact",
               "Kinderen op scholen in PacT-wijken die meedoen aan brede talentontwikkeling",
               1.0, "PacT-wijken"),
        _reach(net, low, "lage_ses",
               "Kinderen op scholen in wijken met lage SES die meedoen aan brede talentontwikkeling",
               0.75, "wijken met lage SES", ses_based=True),
        Indicator(
            "so_pact",
            "Kinderen in het speciaal onderwijs die in een PacT-wijk wonen en meedoen aan "
            "buitenschoolse activiteiten",
            0.25, None, None, "niet te berekenen",
            "Zou zijn: deelnemers uit PacT-wijken aan buitenschoolse activiteiten ÷ leerlingen "
            "in (v)so die in een PacT-wijk wonen.",
            ontbrekend=[
                "woonwijk van de leerlingen in het speciaal onderwijs (so/vso)",
                "deelname aan buitenschoolse activiteiten per kind of per woonwijk",
            ],
            toelichting="Het gegevensformaat kent de school van een kind, niet zijn woonwijk.",
        ),
        Indicator(
            "buiten_wijk",
            "Kinderen die buiten hun wijk naar school gaan en meedoen aan buitenschoolse "
            "activiteiten in de PacT-wijken",
            0.25, None, None, "niet te berekenen",
            "Zou zijn: deelnemers aan wijkactiviteiten in PacT-wijken die elders naar school "
            "gaan ÷ kinderen uit PacT-wijken die elders naar school gaan.",
            ontbrekend=[
                "leerlingstromen: per PacT-wijk het aantal kinderen dat buiten de wijk naar "
                "school gaat (zie actie Kindnabij onderwijs)",
                "deelnemers aan wijkinzet per schoolwijk",
            ],
            toelichting="Wijkinzet is vastgelegd, maar niet wie eraan meedoet.",
        ),
    ]  # fmt: skip


def wijk_reach(g: nx.MultiDiGraph, wijk: str, schooljaar: str | None = None) -> Indicator:
    """The reach of brede talentontwikkeling at the schools of one wijk.

    The target is the LEA's: 100% in a PacT wijk, 75% in a low-SES wijk; other wijken
    have no target (``doel`` 0, status ``geen doel`` unless the reach is unknown).

    Examples
    --------
    >>> from lea_graph.dataset import Dataset
    >>> from lea_graph.graph import to_graph
    >>> ds = Dataset.from_rows({
    ...     "wijken": [{"id": "w-1", "naam": "Noord", "pact": "ja"}],
    ...     "scholen": [{"id": "s-1", "naam": "A", "sector": "po", "wijk": "w-1",
    ...                  "leerlingen": "100"}],
    ...     "partners": [{"id": "p-1", "naam": "Muziek", "type": "cultuur"}],
    ...     "activiteiten": [{"partner": "p-1", "school": "s-1"}]})
    >>> r = wijk_reach(to_graph(ds), "w-1")
    >>> r.bereik, r.doel, r.status
    ('tussen 0% en 100%', 1.0, 'onzeker')
    """
    net = Network.of(g, schooljaar)
    name = net.name(wijk)
    pact, low = net.attr(wijk, "pact") == "ja", net.attr(wijk, "ses") == "laag"
    doel = 1.0 if pact else 0.75 if low else 0.0
    return _reach(
        net,
        [wijk],
        "wijk",
        f"Kinderen op scholen in {name} die meedoen aan brede talentontwikkeling",
        doel,
        name,
        ses_based=low and not pact,
    )


#: The network-health figures, with the Dutch name people read for each.
HEALTH_MEASURES: dict[str, str] = {
    "samenwerkingen": "Samenwerkingen",
    "dichtheid": "Dichtheid van het samenwerkingsnetwerk",
    "aandeel_tussen_hubs": "Aandeel hubleden dat samenwerkt met een andere hub",
    "partners_per_school": "Partners per locatie",
    "aandeel_scholen_bereikt": "Aandeel locaties met een activiteit",
}


def schooljaren(g: nx.MultiDiGraph) -> list[str]:
    """The schooljaren that occur in the data, oldest first: the one list of years that
    the pages' year choice, the API, the trend and the comparisons use.

    A schooljaar counts when a year-bound relation row carries it
    (:data:`lea_graph.model.YEAR_KINDS`: activities, wijkinzet, samenwerkingen). A
    school's pupil counts per schooljaar (``leerlingen_per_jaar``,
    :mod:`lea_graph.cijfers`) are not activity years and do not add a year: a year with
    only pupil counts has nothing to show.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("p-1", "s-1", kind="activiteiten", schooljaar="2024-2025")
    0
    >>> g.add_edge("p-1", "s-1", kind="activiteiten", schooljaar="2023-2024")
    1
    >>> g.add_node("s-1", kind="school", leerlingen_per_jaar="2022-2023: 210")
    >>> schooljaren(g)
    ['2023-2024', '2024-2025']
    """
    years = {
        d.get("schooljaar")
        for kind in model.YEAR_KINDS
        for _, _, d in relations(g, kind)
        if d.get("schooljaar")
    }
    return sorted(years)


def health_row(g: nx.MultiDiGraph, schooljaar: str | None = None) -> dict[str, Any]:
    """The network-health figures of one schooljaar (or of all years, for None).

    One row of :func:`network_health`, which explains the figures; also for a year
    that does not occur in the data.

    Examples
    --------
    >>> from lea_graph.dataset import Dataset
    >>> from lea_graph.graph import to_graph
    >>> ds = Dataset.from_rows({
    ...     "partners": [{"id": "p-1", "naam": "A", "type": "cultuur"},
    ...                  {"id": "p-2", "naam": "B", "type": "sport"}]})
    >>> row = health_row(to_graph(ds), "2024-2025")
    >>> row["schooljaar"], row["samenwerkingen"], row["aandeel_scholen_bereikt"]
    ('2024-2025', 0, None)
    """
    net = Network.of(g, schooljaar)
    collab = net.collaboration_graph()
    members = {p: set(h) for p, h in net.members.items() if h}
    crossing = {
        p
        for p in members
        for q in collab.neighbors(p)
        if q in members and not members[p] & members[q]
    }
    schools = net.ids["school"]
    per_school = net.activities.groupby("school")["partner"].nunique()
    mean_partners = float(per_school.reindex(schools, fill_value=0).mean()) if schools else 0.0
    reached = len(set(net.activities["school"].tolist()) & set(schools))
    share_cross = len(crossing) / len(members) if members else None
    return {
        "schooljaar": schooljaar or "alle jaren",
        "samenwerkingen": len(net.collaborations()),
        "dichtheid": round(nx.density(collab), 4) if collab.number_of_nodes() > 1 else 0.0,
        "aandeel_tussen_hubs": None if share_cross is None else round(share_cross, 3),
        "partners_per_school": round(mean_partners, 2),
        "aandeel_scholen_bereikt": round(reached / len(schools), 3) if schools else None,
        "toelichting": (
            f"{len(crossing)} van {len(members)} hubleden werken samen met een lid van "
            f"een andere hub; gemiddeld {mean_partners:.1f} partners per locatie; ".replace(
                ".", ","
            )
            + f"{reached} van {len(schools)} locaties hebben een activiteit."
        ),
    }


def network_health(g: nx.MultiDiGraph) -> pd.DataFrame:
    """Network-health figures per schooljaar, and for all years together.

    Columns: ``schooljaar``, ``samenwerkingen``, ``dichtheid`` (density of the
    collaboration network over all partners), ``aandeel_tussen_hubs`` (share of hub
    members with a collaboration with a member of another hub they are not in),
    ``partners_per_school`` (mean number of distinct partners with an activity, over all
    locations), ``aandeel_scholen_bereikt`` and ``toelichting``.

    Examples
    --------
    >>> from lea_graph.dataset import Dataset
    >>> from lea_graph.graph import to_graph
    >>> ds = Dataset.from_rows({
    ...     "partners": [{"id": "p-1", "naam": "A", "type": "cultuur"},
    ...                  {"id": "p-2", "naam": "B", "type": "sport"}],
    ...     "samenwerkingen": [{"partner_a": "p-1", "partner_b": "p-2",
    ...                         "schooljaar": "2023-2024"}],
    ... })
    >>> network_health(to_graph(ds))[["schooljaar", "samenwerkingen", "dichtheid"]].values.tolist()
    [['2023-2024', 1, 1.0], ['alle jaren', 1, 1.0]]
    """
    return pd.DataFrame([health_row(g, year) for year in [*schooljaren(g), None]])
