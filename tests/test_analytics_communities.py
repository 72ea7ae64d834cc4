"""Communities on hand-built networks, the NMI/ARI/purity helpers, and the seed."""

from __future__ import annotations

import math
from collections import Counter

import networkx as nx
import pandas as pd
import pytest

from lea_graph.analytics.communities import (
    COLUMNS,
    Communities,
    adjusted_rand_index,
    communities,
    normalized_mutual_information,
    purity,
)
from lea_graph.analytics.network import Network
from lea_graph.dataset import Dataset
from lea_graph.graph import to_graph

GROUP_A = ["p-a1", "p-a2", "p-a3", "p-a4"]
GROUP_B = ["p-b1", "p-b2", "p-b3", "p-b4"]


def two_groups(hubs: dict[str, list[str]], year_b: str = "") -> dict:
    """Group A works at school s-a (wijk Noord), group B at s-b (wijk Zuid); p-los works
    nowhere. ``hubs`` maps partner id -> hub ids. B's activities get ``year_b``."""
    return {
        "hubs": [
            {"id": "h-cultuur", "naam": "Cultuur en muziek", "domein": "cultuur"},
            {"id": "h-sport", "naam": "Sport en gezondheid", "domein": "sport"},
        ],
        "wijken": [{"id": "w-noord", "naam": "Noord"}, {"id": "w-zuid", "naam": "Zuid"}],
        "scholen": [
            {"id": "s-a", "naam": "School A", "sector": "po", "wijk": "w-noord"},
            {"id": "s-b", "naam": "School B", "sector": "po", "wijk": "w-zuid"},
        ],
        "partners": [
            {"id": p, "naam": p.removeprefix("p-").upper(), "type": "overig"}
            for p in [*GROUP_A, *GROUP_B, "p-los"]
        ],
        "hub_leden": [{"partner": p, "hub": h} for p, hs in hubs.items() for h in hs],
        "activiteiten": [{"partner": p, "school": "s-a", "schooljaar": "2023-2024"} for p in GROUP_A]
        + [{"partner": p, "school": "s-b", "schooljaar": year_b} for p in GROUP_B],
    }  # fmt: skip


FOLLOW = {**{p: ["h-cultuur"] for p in GROUP_A}, **{p: ["h-sport"] for p in GROUP_B}}
# Half of each group in each hub: hub and group are independent.
SHUFFLED = {
    **{p: ["h-cultuur"] for p in ("p-a1", "p-a2", "p-b1", "p-b2")},
    **{p: ["h-sport"] for p in ("p-a3", "p-a4", "p-b3", "p-b4")},
}


def run(hubs: dict[str, list[str]], **kwargs) -> Communities:
    return communities(to_graph(Dataset.from_rows(two_groups(hubs))), **kwargs)


# -- the helpers against hand-computed values ------------------------------------------------

# U = [0,0,0,1,1,1], V = [0,0,1,1,2,2], n = 6. Contingency: U0 = {V0: 2, V1: 1},
# U1 = {V1: 1, V2: 2}.
# ARI: index = C(2,2) + C(1,2) + C(1,2) + C(2,2) = 2; sum_a = 2 * C(3,2) = 6;
#      sum_b = 3 * C(2,2) = 3; expected = 6 * 3 / C(6,2) = 18/15 = 1.2; max = 4.5;
#      ARI = (2 - 1.2) / (4.5 - 1.2) = 0.8 / 3.3 = 8/33.
# NMI: H(U) = ln 2, H(V) = ln 3. I = 2 * (2/6) ln((2/6) / (3/6 * 2/6)) + 2 * (1/6) ln 1
#      = (2/3) ln 2. NMI = (2/3) ln 2 / ((ln 2 + ln 3) / 2) = 4 ln 2 / (3 ln 6) ≈ 0.5159.
# Purity with U as groups: U0 -> 2 (V0), U1 -> 2 (V2): 4/6. With V as groups:
#      V0 -> 2, V1 -> 1, V2 -> 2: 5/6.
U = [0, 0, 0, 1, 1, 1]
V = [0, 0, 1, 1, 2, 2]


def test_ari_hand_example():
    assert adjusted_rand_index(U, V) == pytest.approx(8 / 33)
    assert adjusted_rand_index(V, U) == pytest.approx(8 / 33)
    # Crossed halves: index 0, sum_a = sum_b = 2, expected = 4/6, max = 2:
    # ARI = (0 - 2/3) / (2 - 2/3) = -1/2.
    assert adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(-0.5)


def test_nmi_hand_example():
    expected = 4 * math.log(2) / (3 * math.log(6))
    assert normalized_mutual_information(U, V) == pytest.approx(expected)
    assert normalized_mutual_information(V, U) == pytest.approx(expected)
    assert expected == pytest.approx(0.5159, abs=1e-4)


def test_purity_hand_example():
    assert purity(U, V) == pytest.approx(4 / 6)
    assert purity(V, U) == pytest.approx(5 / 6)


def test_helpers_ignore_label_names_and_handle_edge_cases():
    relabelled = ["x" if u == 0 else "y" for u in U]
    assert normalized_mutual_information(U, relabelled) == 1.0
    assert adjusted_rand_index(U, relabelled) == 1.0
    # One group against one label, singletons against singletons, one item: identical
    # splits (igraph leaves ARI undefined there; the helpers say 1).
    assert normalized_mutual_information([1, 1, 1], ["a", "a", "a"]) == 1.0
    assert adjusted_rand_index([1, 1, 1], ["a", "a", "a"]) == 1.0
    assert adjusted_rand_index([1, 2, 3], ["c", "b", "a"]) == 1.0
    assert adjusted_rand_index([7], ["z"]) == normalized_mutual_information([7], ["z"]) == 1.0
    # One group against three: no information shared; ARI at chance level.
    assert normalized_mutual_information([1, 1, 1], ["a", "b", "c"]) == 0.0
    assert adjusted_rand_index([1, 1, 1], ["a", "b", "c"]) == 0.0
    with pytest.raises(ValueError):
        adjusted_rand_index([1, 2], [1])
    with pytest.raises(ValueError):
        normalized_mutual_information([], [])


# -- two separated groups --------------------------------------------------------------------

# Projection: within each group every pair shares one school and one wijk (weight 2);
# no pair across. Two K4's of weight 2: total weight m = 12 edges * 2 = 24, each
# community holds 12 of it and has degree sum 24, so
# modularity = 2 * (12/24 - (24/48)^2) = 2 * (0.5 - 0.25) = 0.5.
# p-los shares nothing: its own community, last. Sizes 4, 4, 1; A before B because
# p-a1 < p-b1.


def test_two_groups_give_two_communities():
    result = run(FOLLOW)
    assert result.modularity == pytest.approx(0.5)
    assert result.membership == {
        **{p: 1 for p in GROUP_A},
        **{p: 2 for p in GROUP_B},
        "p-los": 3,
    }
    assert list(result.table.columns) == COLUMNS
    assert result.table.to_dict("records") == [
        {
            "gemeenschap": 1,
            "grootte": 4,
            "leden": "A1; A2; A3; A4",
            "hubs": "Cultuur en muziek (4 van 4 leden met hub)",
            "wijken": "Noord (4 leden)",
            "toelichting": "Deze 4 partners delen onderling 1 school en 1 wijk. "
            "Van de 4 leden met een hub zitten er 4 in Cultuur en muziek.",
        },
        {
            "gemeenschap": 2,
            "grootte": 4,
            "leden": "B1; B2; B3; B4",
            "hubs": "Sport en gezondheid (4 van 4 leden met hub)",
            "wijken": "Zuid (4 leden)",
            "toelichting": "Deze 4 partners delen onderling 1 school en 1 wijk. "
            "Van de 4 leden met een hub zitten er 4 in Sport en gezondheid.",
        },
        {
            "gemeenschap": 3,
            "grootte": 1,
            "leden": "LOS",
            "hubs": "",
            "wijken": "",
            "toelichting": "Deelt geen school, wijk of programma met andere partners.",
        },
    ]


def test_alignment_perfect_when_hubs_follow_the_groups():
    a = run(FOLLOW).alignment
    assert a["nmi"] == 1.0
    assert a["ari"] == 1.0
    assert a["zuiverheid"] == 1.0
    assert a["partners"] == 8  # p-los is in no hub (and isolated)
    assert a["toelichting"].startswith("De gemeenschappen volgen grotendeels de formele hubs")
    assert "8 vergeleken partners" in a["toelichting"]


# Shuffled: each community holds 2 cultuur and 2 sport partners. Contingency all 2's:
# I = 0 -> NMI 0. ARI: index = 4 * C(2,2) = 4; sum_a = sum_b = 2 * C(4,2) = 12;
# expected = 144 / C(8,2) = 144/28; max = 12; ARI = (4 - 144/28) / (12 - 144/28)
# = (112 - 144) / (336 - 144) = -32/192 = -1/6. Purity: 2 of 4 in each -> 0.5.
def test_alignment_drops_when_hubs_are_shuffled_against_the_groups():
    result = run(SHUFFLED)
    assert result.membership == run(FOLLOW).membership  # hubs do not move communities
    a = result.alignment
    assert a["nmi"] == 0.0
    assert a["ari"] == pytest.approx(-1 / 6)
    assert a["zuiverheid"] == pytest.approx(0.5)
    assert a["partners"] == 8
    assert "grotendeels los van de formele hubs" in a["toelichting"]
    assert result.table.loc[0, "hubs"] == (
        "Cultuur en muziek (2 van 4 leden met hub); Sport en gezondheid (2 van 4 leden met hub)"
    )


def test_one_partner_moved_gives_partial_alignment():
    hubs = {**FOLLOW, "p-a4": ["h-sport"]}
    a = run(hubs).alignment
    assert 0 < a["nmi"] < 1
    assert 0 < a["ari"] < 1
    assert a["zuiverheid"] == pytest.approx(7 / 8)


def test_partners_in_several_hubs_or_isolated_are_not_compared():
    # p-a4 in two hubs: no single hub label. p-los in a hub but sharing nothing.
    hubs = {**FOLLOW, "p-a4": ["h-cultuur", "h-sport"], "p-los": ["h-sport"]}
    result = run(hubs)
    assert result.alignment["partners"] == 7
    assert result.alignment["nmi"] == 1.0
    assert result.table.loc[0, "hubs"] == (
        "Cultuur en muziek (4 van 4 leden met hub); Sport en gezondheid (1 van 4 leden met hub)"
    )


def test_schooljaar_restricts_the_projection():
    # B's activities are in 2024-2025 only: in 2023-2024 its partners share nothing and
    # each becomes a singleton; A stays together.
    g = to_graph(Dataset.from_rows(two_groups(FOLLOW, year_b="2024-2025")))
    result = communities(g, "2023-2024")
    assert list(result.table["grootte"]) == [4, 1, 1, 1, 1, 1]
    assert {result.membership[p] for p in GROUP_A} == {1}
    assert len({result.membership[p] for p in GROUP_B}) == 4
    assert result.modularity == pytest.approx(0.0)  # one community holds all edges
    assert len(communities(g).table) == 3


def test_no_shared_contexts_at_all():
    ds = Dataset.from_rows({"partners": [{"id": p, "naam": p, "type": "overig"} for p in "xyz"]})
    result = communities(to_graph(ds))
    assert result.modularity == 0.0
    assert result.membership == {"x": 1, "y": 2, "z": 3}
    assert result.alignment["nmi"] is None
    assert result.alignment["partners"] == 0
    assert "Te weinig partners" in result.alignment["toelichting"]


def test_empty_network():
    result = communities(to_graph(Dataset.from_rows({})))
    assert result.membership == {}
    assert result.table.empty
    assert list(result.table.columns) == COLUMNS


# -- determinism and the seed network ------------------------------------------------------


def _assert_partition(result: Communities, partners: list[str]) -> None:
    """Every partner is in exactly one community, and the table agrees with membership."""
    assert sorted(result.membership) == sorted(partners)
    sizes = Counter(result.membership.values())
    table = result.table
    assert list(table["gemeenschap"]) == list(range(1, len(table) + 1))
    assert dict(zip(table["gemeenschap"], table["grootte"], strict=True)) == dict(sizes)
    assert table["grootte"].sum() == len(partners)
    assert table["grootte"].is_monotonic_decreasing
    assert all(
        len(leden.split("; ")) == n
        for leden, n in zip(table["leden"], table["grootte"], strict=True)
    )


@pytest.mark.parametrize(("seed", "resolution"), [(0, 1.0), (1, 1.0), (2, 0.5), (3, 2.0)])
def test_seed_network_every_partner_in_exactly_one_community(tilburg, seed_graph, seed, resolution):
    result = communities(seed_graph, seed=seed, resolution=resolution)
    _assert_partition(result, list(tilburg.tables["partners"]["id"]))
    # Modularity (the standard one, resolution 1, whatever resolution found the
    # communities) of the returned communities, recomputed by networkx on the projection.
    net = Network.of(seed_graph)
    h = net.partner_projection()
    groups: dict[int, set] = {}
    for p, c in result.membership.items():
        groups.setdefault(c, set()).add(p)
    assert result.modularity == pytest.approx(
        nx.community.modularity(h, groups.values(), weight="weight")
    )
    # The comparison with the hubs, recomputed here from the membership and the
    # hub_leden table with formulas of the test's own.
    hub_of = {}
    for r in tilburg.rows("hub_leden"):
        hub_of.setdefault(r["partner"], set()).add(r["hub"])
    compared = sorted(p for p, hs in hub_of.items() if len(hs) == 1 and h.degree(p))
    labels = [result.membership[p] for p in compared]
    hubs = [next(iter(hub_of[p])) for p in compared]
    a = result.alignment
    assert a["partners"] == len(compared) >= 2
    assert a["nmi"] == pytest.approx(_nmi(labels, hubs))
    assert a["ari"] == pytest.approx(_ari(labels, hubs))
    assert a["zuiverheid"] == pytest.approx(_purity(labels, hubs))


def _entropy(labels) -> float:
    n = len(labels)
    return -sum(c / n * math.log(c / n) for c in Counter(labels).values())


def _nmi(a, b) -> float:
    """I(A; B) / mean(H(A), H(B)), by the definition."""
    n = len(a)
    joint = Counter(zip(a, b, strict=True))
    pa, pb = Counter(a), Counter(b)
    mutual = sum(c / n * math.log(c * n / (pa[x] * pb[y])) for (x, y), c in joint.items())
    mean = (_entropy(a) + _entropy(b)) / 2
    return 1.0 if mean == 0 else mutual / mean


def _ari(a, b) -> float:
    """Hubert and Arabie's adjusted Rand index, by pair counts."""
    pairs = sum(math.comb(c, 2) for c in Counter(zip(a, b, strict=True)).values())
    rows = sum(math.comb(c, 2) for c in Counter(a).values())
    cols = sum(math.comb(c, 2) for c in Counter(b).values())
    expected = rows * cols / math.comb(len(a), 2)
    top = (rows + cols) / 2
    return 1.0 if top == expected else (pairs - expected) / (top - expected)


def _purity(a, b) -> float:
    """Share of items whose label b is the most common b of their group a."""
    best = {g: Counter(y for x, y in zip(a, b, strict=True) if x == g).most_common(1)[0][1]
            for g in set(a)}  # fmt: skip
    return sum(best.values()) / len(a)


def test_seed_network_by_schooljaar(tilburg, seed_graph):
    _assert_partition(communities(seed_graph, "2024-2025"), list(tilburg.tables["partners"]["id"]))


def test_same_seed_gives_same_communities(seed_graph):
    a = communities(seed_graph, seed=4)
    b = communities(seed_graph, seed=4)
    assert a.membership == b.membership
    assert a.modularity == b.modularity
    assert a.alignment == b.alignment
    pd.testing.assert_frame_equal(a.table, b.table)


def test_result_does_not_depend_on_row_order(tilburg, seed_graph):
    reversed_rows = Dataset(
        {t: df.iloc[::-1].reset_index(drop=True) for t, df in tilburg.tables.items()}
    )
    a = communities(seed_graph, seed=1)
    b = communities(to_graph(reversed_rows), seed=1)
    assert a.membership == b.membership
    pd.testing.assert_frame_equal(a.table, b.table)
