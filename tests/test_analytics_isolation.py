"""Isolation and fragility, on networks whose answers are worked out by hand."""

from __future__ import annotations

from helpers import TINY

from lea_graph.analytics.isolation import (
    bastion_scores,
    cut_partners,
    idle_locations,
    isolated_partners,
    single_partner_dependencies,
)
from lea_graph.dataset import Dataset
from lea_graph.graph import to_graph


def test_isolated_partner(tiny_graph):
    table = isolated_partners(tiny_graph)
    # Welzijn Zuid has no hub but works with Voetbalclub: not isolated.
    assert table["partner"].tolist() == ["p-los"]
    assert table.iloc[0]["activiteiten"] == 1
    assert "wel 1 activiteit op 1 school" in table.iloc[0]["toelichting"]


def test_idle_locations(tiny_graph):
    assert idle_locations(tiny_graph)["school"].tolist() == ["s-d"]
    assert idle_locations(tiny_graph, "2024-2025")["school"].tolist() == ["s-b", "s-d"]


def test_single_partner_dependencies(tiny_graph):
    rows = single_partner_dependencies(tiny_graph)
    assert sorted(map(tuple, rows[["niveau", "wijk", "hub", "partner"]].values.tolist())) == [
        ("hub × wijk", "w-noord", "h-sport", "p-voetbal"),
        ("hub × wijk", "w-zuid", "h-cultuur", "p-muziek"),
    ]
    # In 2023-2024 all reach of Zuid is the wijkinzet of Welzijn Zuid (Losse Partner's
    # activity is not brede talentontwikkeling).
    year = single_partner_dependencies(tiny_graph, "2023-2024")
    wijk_rows = year[year["niveau"] == "wijk"]
    assert wijk_rows[["wijk", "partner"]].values.tolist() == [["w-zuid", "p-welzijn"]]


def test_cut_partners_by_hand():
    # A–B, B–C, C–D, B–E: without B, A and E lose the group {C, D}; without C, D is cut.
    names = "ABCDE"
    ds = Dataset.from_rows(
        {
            "partners": [{"id": f"p-{n}", "naam": n, "type": "overig"} for n in names],
            "samenwerkingen": [
                {"partner_a": f"p-{a}", "partner_b": f"p-{b}"} for a, b in ("AB", "BC", "CD", "BE")
            ],
        }
    )
    table = cut_partners(to_graph(ds))
    assert table[["partner", "raken_los", "los_namen"]].values.tolist() == [
        ["p-B", 2, "A; E"],
        ["p-C", 1, "D"],
    ]
    assert cut_partners(to_graph(Dataset.from_rows(TINY))).empty  # pairs have no cut point


def test_bastion_scores(tiny_graph):
    table = bastion_scores(tiny_graph).set_index("hub")
    # Cultuur: its one collaboration (Muziekschool–Dansgroep) stays inside: 1.0.
    # Sport: Voetbalclub only works with Welzijn Zuid, outside the hub: 0.0.
    assert table.loc["h-cultuur", "bastionscore"] == 1.0
    assert table.loc["h-sport", "bastionscore"] == 0.0
    assert bastion_scores(tiny_graph)["hub"].tolist() == ["h-cultuur", "h-sport"]


def test_split_groups_matches_removing_each_articulation_point():
    """The one-pass split equals removing each articulation point and searching again."""
    import random

    import networkx as nx

    from lea_graph.analytics.isolation import Split, split_groups

    def reference(h):
        out = {}
        for a in nx.articulation_points(h):
            rest = h.subgraph(nx.node_connected_component(h, a) - {a})
            parts = [sorted(c) for c in nx.connected_components(rest)]
            parts = sorted(parts, key=lambda g: (-len(g), str(g[0])))
            out[a] = Split(sizes=[len(p) for p in parts], cut_off=parts[1:])
        return dict(sorted(out.items()))

    checked = 0
    for seed in range(200):
        rng = random.Random(seed)
        n = rng.randint(1, 40)
        h = nx.gnm_random_graph(n, rng.randint(0, 2 * n), seed=seed)
        h = nx.relabel_nodes(h, {i: f"p-{i:02d}" for i in h})
        expected = reference(h)
        assert split_groups(h) == expected, seed
        checked += len(expected)
    assert checked > 100  # the random graphs did have articulation points


def test_bastion_scores_with_collaborations_named_in_the_monitor(tiny_graph):
    # The monitor adds Voetbalclub-Muziekschool (one member each side of two hubs) and
    # names the recorded Muziekschool-Dansgroep again (counted once): Cultuur then has one
    # collaboration inside and one outside (1/2); Sport none inside, two outside (0).
    named = [("p-voetbal", "p-muziek"), ("p-dans", "p-muziek"), ("p-onbekend", "p-muziek")]
    table = bastion_scores(tiny_graph, extra=named).set_index("hub")
    assert table.loc["h-cultuur", ["binnen_hub", "buiten_hub", "bastionscore"]].tolist() == [
        1,
        1,
        0.5,
    ]
    assert table.loc["h-sport", ["binnen_hub", "buiten_hub", "bastionscore"]].tolist() == [
        0,
        2,
        0.0,
    ]
    # Without it, as before.
    assert bastion_scores(tiny_graph).set_index("hub").loc["h-cultuur", "bastionscore"] == 1.0
