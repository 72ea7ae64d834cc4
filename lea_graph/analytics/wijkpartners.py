"""Partners in a wijk: the one place that says which partners a wijk has, by kind.

"Partners in a wijk" means three different things, and the pages used to show them
under the same word. Here each has its own name, and every page, map, API answer and
report that gives a partner count for a wijk takes it from :func:`partners_in_wijk` and
says which kind it shows (:data:`SOORTEN`):

- ``via_scholen``: partners with an activity at a school or childcare location in the
  wijk (with or without a hub);
- ``via_wijkinzet``: partners with wijkinzet in the wijk itself;
- ``alle``: both together, each partner once;
- ``via_hubs``: the partners that count for the hubs' coverage and the gaps
  (:func:`lea_graph.analytics.coverage.coverage_matrix`): an activity under a hub at a
  school in the wijk, or wijkinzet by a member of a hub (hubs of the wijk's gemeente).
  Always part of ``alle``.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from lea_graph.analytics.coverage import coverage_matrix
from lea_graph.analytics.network import Network, each_row
from lea_graph.text import LIST_SEP, plural

__all__ = ["SOORTEN", "WijkPartners", "partners_in_wijk", "partners_zin"]

#: The kinds of "partners in a wijk": key → (label, explanation), in the order shown.
SOORTEN: dict[str, tuple[str, str]] = {
    "alle": (
        "Partners (alle)",
        "Alle partners die in de wijk werken: op een school of opvang in de wijk, of in de "
        "wijk zelf (wijkinzet), met of zonder hub. Elke partner telt één keer.",
    ),
    "via_scholen": (
        "Partners via scholen",
        "Partners met een activiteit op een school of opvang in de wijk.",
    ),
    "via_wijkinzet": (
        "Partners via wijkinzet",
        "Partners die in de wijk zelf werken, niet op een school (wijkinzet).",
    ),
    "via_hubs": (
        "Partners van de hubs",
        "Partners die in de wijk voor een hub werken: met een activiteit onder een hub op "
        "een school of opvang in de wijk, of met wijkinzet als lid van een hub. Alleen zij "
        "tellen voor de dekking en de gaten.",
    ),
}

#: How a count of each kind reads in a sentence ("3 partners van de hubs").
_ZIN = {
    "alle": "(alle)",
    "via_scholen": "via scholen",
    "via_wijkinzet": "via wijkinzet",
    "via_hubs": "van de hubs",
}


@dataclass(frozen=True)
class WijkPartners:
    """The partners of one wijk, by kind (ids; see :data:`SOORTEN`)."""

    via_scholen: frozenset[str] = frozenset()
    via_wijkinzet: frozenset[str] = frozenset()
    via_hubs: frozenset[str] = frozenset()

    @property
    def alle(self) -> frozenset[str]:
        """Partners via schools or wijkinzet, each once."""
        return self.via_scholen | self.via_wijkinzet

    def aantallen(self) -> dict[str, int]:
        """The number of partners of each kind, in the order of :data:`SOORTEN`.

        Examples
        --------
        >>> WijkPartners(frozenset({"a", "b"}), frozenset({"b", "c"}), frozenset({"a"})).aantallen()
        {'alle': 3, 'via_scholen': 2, 'via_wijkinzet': 2, 'via_hubs': 1}
        """
        return {k: len(getattr(self, k)) for k in SOORTEN}

    def velden(self) -> dict[str, int]:
        """The counts as the columns of a table row: ``partners_alle``, ``partners_via_scholen``,
        ``partners_via_wijkinzet`` and ``partners_via_hubs``.

        Examples
        --------
        >>> WijkPartners(frozenset({"a"})).velden()["partners_alle"]
        1
        """
        return {f"partners_{k}": n for k, n in self.aantallen().items()}


def partners_zin(soort: str, n: int) -> str:
    """A count of one kind as a phrase that names the kind.

    Examples
    --------
    >>> partners_zin("via_hubs", 3), partners_zin("alle", 1), partners_zin("via_scholen", 0)
    ('3 partners van de hubs', '1 partner (alle)', '0 partners via scholen')
    """
    return f"{plural(n, 'partner', 'partners')} {_ZIN[soort]}"


def partners_in_wijk(g: nx.MultiDiGraph, schooljaar: str | None = None) -> dict[str, WijkPartners]:
    """Per wijk, its partners by kind: via schools, via wijkinzet, of the hubs.

    Parameters
    ----------
    g
        The network graph.
    schooljaar
        Only activities and wijkinzet of this schooljaar; None for all years.

    Returns
    -------
    dict
        Wijk id → :class:`WijkPartners`, for every wijk (one without partners too).
        ``via_hubs`` are the partners of the wijk's cells in
        :func:`~lea_graph.analytics.coverage.coverage_matrix`.

    Examples
    --------
    In the example network three hub partners work at Noord's schools; in Zuid only the
    Bibliotheek works, by wijkinzet and in no hub:

    >>> found = partners_in_wijk(g)
    >>> found["w-noord"].aantallen()
    {'alle': 3, 'via_scholen': 3, 'via_wijkinzet': 0, 'via_hubs': 3}
    >>> found["w-zuid"].aantallen()
    {'alle': 1, 'via_scholen': 0, 'via_wijkinzet': 1, 'via_hubs': 0}
    """
    net = Network.of(g, schooljaar)
    return net.memo("partners_in_wijk", lambda: _partners_in_wijk(g, net))


def _partners_in_wijk(g: nx.MultiDiGraph, net: Network) -> dict[str, WijkPartners]:
    schools: dict[str, set[str]] = {w: set() for w in net.ids["wijk"]}
    inzet: dict[str, set[str]] = {w: set() for w in net.ids["wijk"]}
    hubs: dict[str, set[str]] = {w: set() for w in net.ids["wijk"]}
    for wijk, partner in each_row(net.activities, "wijk", "partner"):
        if wijk in schools:
            schools[wijk].add(partner)
    for wijk, partner in each_row(net.wijkinzet, "wijk", "partner"):
        if wijk in inzet:
            inzet[wijk].add(partner)
    m = coverage_matrix(g, net.schooljaar)
    for wijk, ids in each_row(m, "wijk", "partner_ids"):
        hubs[wijk].update(p for p in str(ids or "").split(LIST_SEP) if p)
    return {
        w: WijkPartners(frozenset(schools[w]), frozenset(inzet[w]), frozenset(hubs[w]))
        for w in net.ids["wijk"]
    }
