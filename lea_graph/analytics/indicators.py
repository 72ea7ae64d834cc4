"""The LEA targets for brede talentontwikkeling, and the health of the network over time.

The uitvoeringsagenda (bijlage 1, cluster 2) sets four reach targets. Two can be
computed from the network data; the other two need figures the data format does not
hold, and say so.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx
import pandas as pd

from lea_graph.analytics.network import DOMAINS, Network
from lea_graph.text import LIST_SEP, fold, plural

__all__ = [
    "SCHOOL_SECTORS",
    "Indicator",
    "is_bto_activity",
    "lea_targets",
    "network_health",
    "wijk_reach",
]

#: "Kinderen op scholen": primary and secondary education, special education included.
SCHOOL_SECTORS = ("po", "sbo", "so", "vso", "vo")


@dataclass
class Indicator:
    """One LEA target: value, target, status and how it was computed."""

    code: str
    naam: str
    doel: float
    waarde: float | None
    status: str  # "gehaald", "niet gehaald" or "niet te berekenen"
    berekening: str
    teller: int | None = None
    noemer: int | None = None
    ontbrekend: list[str] = field(default_factory=list)
    toelichting: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.0f}%"


def is_bto_activity(net: Network, partner: str, hub: Any, programme: Any) -> bool:
    """An activity counts as brede talentontwikkeling if it is under a hub, part of a
    programme of the cluster Brede talentontwikkeling, or given by a partner whose type
    is one of the six domains."""
    if isinstance(hub, str) and hub:
        return True
    if isinstance(programme, str) and programme:
        cluster = net.programme_cluster(programme)
        if cluster and "talentontwikkeling" in fold(net.name(cluster)):
            return True
    return net.attr(partner, "type") in DOMAINS


def _reach(
    net: Network, wijken: list[str], code: str, naam: str, doel: float, which: str
) -> Indicator:
    schools = [
        s
        for s in net.ids["school"]
        if net.school_wijk.get(s) in set(wijken) and net.attr(s, "sector") in SCHOOL_SECTORS
    ]
    method = (
        f"Aandeel leerlingen op scholen (po, sbo, so, vso, vo) in {which} waarvan de school in "
        f"{net.schooljaar or 'de gegevens'} minstens één activiteit voor brede "
        "talentontwikkeling heeft (onder een hub, in een programma van dat cluster, of van een "
        "partner uit de zes domeinen). Bereik via de school: iedere leerling van een bereikte "
        "school telt als bereikt."
    )
    if not wijken:
        return Indicator(code, naam, doel, None, "niet te berekenen", method,
                         ontbrekend=[f"wijken gemarkeerd als {which}"],
                         toelichting=f"Geen wijk in de gegevens is gemarkeerd als {which}.")  # fmt: skip
    if not schools:
        return Indicator(code, naam, doel, None, "niet te berekenen", method,
                         ontbrekend=[f"scholen in {which}"],
                         toelichting=f"Er staan geen scholen in {which} in de gegevens.")  # fmt: skip
    acts = net.activities
    bto = acts[
        [is_bto_activity(net, r.partner, r.hub, r.programma) for r in acts.itertuples(index=False)]
    ] if len(acts) else acts  # fmt: skip
    reached = set(bto["school"])
    participants = {
        school: int(n)
        for school, n in bto.groupby("school")["deelnemers"].sum().items()
        if pd.notna(n)
    }
    known = [s for s in schools if net.attr(s, "leerlingen") is not None]
    unknown = [s for s in schools if net.attr(s, "leerlingen") is None]
    missed = sorted(net.name(s) for s in schools if s not in reached)
    if known:
        noemer = sum(int(net.attr(s, "leerlingen")) for s in known)
        teller = sum(int(net.attr(s, "leerlingen")) for s in known if s in reached)
        unit = "leerlingen"
        estimate = sum(min(int(net.attr(s, "leerlingen")), participants.get(s, 0)) for s in known)
        extra = (
            f" Op basis van het aantal deelnemers per activiteit is het bereik hoogstens "
            f"{_pct(estimate / noemer if noemer else None)} (kinderen in meer activiteiten tellen dubbel)."
        )
    else:
        noemer, teller, unit, extra = len(schools), len(reached & set(schools)), "scholen", ""
        method += " Geen leerlingenaantallen bekend: het aandeel bereikte scholen telt."
    value = teller / noemer if noemer else None
    status = (
        "niet te berekenen" if value is None else ("gehaald" if value >= doel else "niet gehaald")
    )
    note = (
        f"{teller:,} van {noemer:,} {unit} ({_pct(value)}) op {plural(len(schools), 'school', 'scholen')}; "
        f"doel {_pct(doel)}.".replace(",", ".")
        + extra
        + (f" Niet bereikt: {LIST_SEP.join(missed)}." if missed else " Alle scholen bereikt.")
        + (
            f" {plural(len(unknown), 'school', 'scholen')} zonder leerlingenaantal "
            f"{'telt' if len(unknown) == 1 else 'tellen'} niet mee."
            if known and unknown
            else ""
        )
    )
    return Indicator(code, naam, doel, value, status, method, teller, noemer, [], note)


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
    >>> [(i.code, i.waarde, i.status) for i in lea_targets(to_graph(ds))][:2]
    [('pact', 0.75, 'niet gehaald'), ('lage_ses', 0.75, 'gehaald')]
    """
    net = Network.of(g, schooljaar)
    pact = [w for w in net.ids["wijk"] if net.attr(w, "pact") == "ja"]
    low = [w for w in net.ids["wijk"] if net.attr(w, "ses") == "laag"]
    return [
        _reach(net, pact, "pact",
               "Kinderen op scholen in PacT-wijken die meedoen aan brede talentontwikkeling",
               1.0, "PacT-wijken"),
        _reach(net, low, "lage_ses",
               "Kinderen op scholen in wijken met lage SES die meedoen aan brede talentontwikkeling",
               0.75, "wijken met lage SES"),
        Indicator(
            "so_pact",
            "Kinderen in het speciaal onderwijs die in een PacT-wijk wonen en meedoen aan "
            "buitenschoolse activiteiten",
            0.25, None, "niet te berekenen",
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
            0.25, None, "niet te berekenen",
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
    have no target (``doel`` 0, status ``geen doel`` unless the value is unknown).

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
    >>> r.waarde, r.doel, r.status
    (1.0, 1.0, 'gehaald')
    """
    net = Network.of(g, schooljaar)
    name = net.name(wijk)
    pact, low = net.attr(wijk, "pact") == "ja", net.attr(wijk, "ses") == "laag"
    doel = 1.0 if pact else 0.75 if low else 0.0
    result = _reach(
        net,
        [wijk],
        "wijk",
        f"Kinderen op scholen in {name} die meedoen aan brede talentontwikkeling",
        doel,
        name,
    )
    if not (pact or low) and result.waarde is not None:
        result.status = "geen doel"
        result.toelichting += " De LEA stelt alleen doelen voor PacT-wijken en wijken met lage SES."
    return result


def _years(g: nx.MultiDiGraph) -> list[str]:
    years = {
        d.get("schooljaar")
        for _, _, d in g.edges(data=True)
        if d.get("kind") in ("activiteiten", "wijkinzet", "samenwerkingen") and d.get("schooljaar")
    }
    return sorted(years)


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
    rows = []
    for year in [*_years(g), None]:
        net = Network.of(g, year)
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
        reached = len(set(net.activities["school"]) & set(schools))
        share_cross = len(crossing) / len(members) if members else None
        rows.append(
            {
                "schooljaar": year or "alle jaren",
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
        )
    return pd.DataFrame(rows)
