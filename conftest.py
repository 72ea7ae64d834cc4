"""The doctests' shared example network (``--doctest-modules`` on ``lea_graph`` and ``web``).

Every doctest finds ``ds`` (a :class:`~lea_graph.dataset.Dataset`) and ``g`` (its graph)
in its namespace: two hubs, two wijken, three schools and four partners, small enough to
work out by hand::

    hub Cultuur (cultuur): Muziekschool, Museum      hub Sport (sport): Sportclub
    wijk Noord (pact, ses laag): De Linde (po), Het Anker (vo)
    wijk Zuid (geen pact, ses hoog): De Vonk (po)
    activiteiten: Muziekschool and Museum at De Linde (Cultuur), Sportclub at Het Anker (Sport)
    samenwerkingen: Muziekschool - Museum - Sportclub
    wijkinzet: Bibliotheek (overig; no hub, no collaboration) in Zuid
    De Vonk: no activity

A doctest must not change ``ds`` or ``g``: they are made once per test session.
"""

from __future__ import annotations

import pytest

#: The rows of the shared example network.
DOC_ROWS = {
    "hubs": [
        {"id": "h-cultuur", "naam": "Cultuur", "domein": "cultuur"},
        {"id": "h-sport", "naam": "Sport", "domein": "sport"},
    ],
    "wijken": [
        {"id": "w-noord", "naam": "Noord", "pact": "ja", "ses": "laag"},
        {"id": "w-zuid", "naam": "Zuid", "pact": "nee", "ses": "hoog"},
    ],
    "scholen": [
        {"id": "s-linde", "naam": "De Linde", "sector": "po", "wijk": "w-noord"},
        {"id": "s-anker", "naam": "Het Anker", "sector": "vo", "wijk": "w-noord"},
        {"id": "s-vonk", "naam": "De Vonk", "sector": "po", "wijk": "w-zuid"},
    ],
    "partners": [
        {"id": "p-muziek", "naam": "Muziekschool", "type": "cultuur"},
        {"id": "p-museum", "naam": "Museum", "type": "cultuur"},
        {"id": "p-club", "naam": "Sportclub", "type": "sport"},
        {"id": "p-bieb", "naam": "Bibliotheek", "type": "overig"},
    ],
    "hub_leden": [
        {"partner": "p-muziek", "hub": "h-cultuur"},
        {"partner": "p-museum", "hub": "h-cultuur"},
        {"partner": "p-club", "hub": "h-sport"},
    ],
    "activiteiten": [
        {"partner": "p-muziek", "school": "s-linde", "hub": "h-cultuur"},
        {"partner": "p-museum", "school": "s-linde", "hub": "h-cultuur"},
        {"partner": "p-club", "school": "s-anker", "hub": "h-sport"},
    ],
    "wijkinzet": [{"partner": "p-bieb", "wijk": "w-zuid"}],
    "samenwerkingen": [
        {"partner_a": "p-muziek", "partner_b": "p-museum"},
        {"partner_a": "p-museum", "partner_b": "p-club"},
    ],
}


@pytest.fixture(scope="session")
def _doc_network():
    from lea_graph.dataset import Dataset
    from lea_graph.graph import to_graph

    ds = Dataset.from_rows(DOC_ROWS)
    return ds, to_graph(ds)


@pytest.fixture(autouse=True)
def _doctest_names(request, doctest_namespace):
    """``ds`` and ``g`` for the doctests (built at the first doctest, not for other tests)."""
    if isinstance(request.node, pytest.DoctestItem):
        doctest_namespace["ds"], doctest_namespace["g"] = request.getfixturevalue("_doc_network")
