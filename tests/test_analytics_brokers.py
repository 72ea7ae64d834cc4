"""Brokers on small networks whose betweenness is worked out by hand, and on the seed."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from lea_graph.analytics.brokers import COLUMNS, brokers
from lea_graph.dataset import Dataset
from lea_graph.graph import to_graph

HUBS = [
    {"id": "h-cultuur", "naam": "Cultuur en muziek", "domein": "cultuur"},
    {"id": "h-sport", "naam": "Sport en gezondheid", "domein": "sport"},
    {"id": "h-burgerschap", "naam": "Burgerschap, identiteit en global goals", "domein": "burgerschap"},
]  # fmt: skip


def _partner(pid: str) -> dict:
    return {"id": pid, "naam": pid.removeprefix("p-").upper(), "type": "overig"}


def _collab(*pairs: tuple[str, str], schooljaar: str = "") -> list[dict]:
    return [{"partner_a": a, "partner_b": b, "schooljaar": schooljaar} for a, b in pairs]


# Two triangles of collaborating partners joined only through p-brug, plus a partner
# without any link:
#
#   p-c2 - p-c1 - p-brug - p-s1 - p-s2        p-los
#     \    /                  \    /
#      p-c3                    p-s3
#
# The c's are in the cultuur hub and work at school s-a (wijk Noord); the s's are in the
# sport hub and work at s-b (wijk Zuid); p-brug works at both schools and is in no hub.
#
# Collaboration graph, n = 8, normalisation (n-1)(n-2)/2 = 21 pairs of other partners:
#   p-brug lies on every path between a c and an s: 3 * 3 = 9 pairs  -> 9/21 = 3/7 (43%)
#   p-c1 lies on paths from p-c2, p-c3 to p-brug, p-s1..3: 2 * 4 = 8 -> 8/21 (38%)
#   p-s1 likewise 8/21; all others 0.
# Articulation points: p-brug (groups of 3 and 3), p-c1 (4 and 2), p-s1 (4 and 2).
#
# Projection: the c's share s-a and Noord with each other and with p-brug (weight 2 per
# pair); the s's likewise with Zuid; no c shares anything with an s.
#   gedeelde_contexten: p-brug 6 * 2 = 12; every c and s 3 * 2 = 6; p-los 0.
#   betweenness_projectie: p-brug lies on all 9 c-s paths -> 9/21; everyone else 0.
# Ranks: p-brug 1; p-c1 and p-s1 tie on both betweenness values -> by id: p-c1 2, p-s1 3;
# then the zeros by id: p-c2, p-c3, p-los, p-s2, p-s3.
BRIDGE = {
    "hubs": HUBS,
    "wijken": [{"id": "w-noord", "naam": "Noord"}, {"id": "w-zuid", "naam": "Zuid"}],
    "scholen": [
        {"id": "s-a", "naam": "School A", "sector": "po", "wijk": "w-noord"},
        {"id": "s-b", "naam": "School B", "sector": "po", "wijk": "w-zuid"},
    ],
    "partners": [_partner(p) for p in
                 ("p-c1", "p-c2", "p-c3", "p-s1", "p-s2", "p-s3", "p-brug", "p-los")],
    "hub_leden": [{"partner": p, "hub": "h-cultuur"} for p in ("p-c1", "p-c2", "p-c3")]
    + [{"partner": p, "hub": "h-sport"} for p in ("p-s1", "p-s2", "p-s3")],
    "activiteiten": [{"partner": p, "school": "s-a"} for p in ("p-c1", "p-c2", "p-c3", "p-brug")]
    + [{"partner": p, "school": "s-b"} for p in ("p-s1", "p-s2", "p-s3", "p-brug")],
    "samenwerkingen": _collab(
        ("p-c1", "p-c2"), ("p-c2", "p-c3"), ("p-c1", "p-c3"),
        ("p-s1", "p-s2"), ("p-s2", "p-s3"), ("p-s1", "p-s3"),
        ("p-c1", "p-brug"), ("p-brug", "p-s1"),
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def bridge() -> pd.DataFrame:
    return brokers(to_graph(Dataset.from_rows(BRIDGE)))


def _row(df: pd.DataFrame, partner: str) -> dict:
    rows = df[df["partner"] == partner].to_dict("records")
    assert len(rows) == 1
    return rows[0]


def test_columns_and_one_row_per_partner(bridge):
    assert list(bridge.columns) == COLUMNS
    assert sorted(bridge["partner"]) == sorted(p["id"] for p in BRIDGE["partners"])
    assert list(bridge["rang"]) == list(range(1, 9))
    assert set(bridge["methode"]) == {"exact"}


def test_bridge_has_highest_betweenness_and_rank_one(bridge):
    top = bridge.iloc[0]
    assert top["partner"] == "p-brug"
    assert top["rang"] == 1
    assert top["betweenness"] == pytest.approx(9 / 21)
    assert top["betweenness_projectie"] == pytest.approx(9 / 21)
    assert top["samenwerkingen"] == 2
    assert top["gedeelde_contexten"] == 12
    assert top["hubs"] == ""


def test_hand_computed_values_and_rank_order(bridge):
    assert list(bridge["partner"]) == [
        "p-brug", "p-c1", "p-s1", "p-c2", "p-c3", "p-los", "p-s2", "p-s3",
    ]  # fmt: skip
    for p in ("p-c1", "p-s1"):
        assert _row(bridge, p)["betweenness"] == pytest.approx(8 / 21)
        assert _row(bridge, p)["betweenness_projectie"] == pytest.approx(0)
    for p in ("p-c2", "p-c3", "p-s2", "p-s3", "p-los"):
        assert _row(bridge, p)["betweenness"] == pytest.approx(0)
    for p in ("p-c1", "p-c2", "p-s3"):
        assert _row(bridge, p)["gedeelde_contexten"] == 6
    assert _row(bridge, "p-c1")["hubs"] == "Cultuur en muziek"
    assert _row(bridge, "p-c1")["samenwerkingen"] == 3
    los = _row(bridge, "p-los")
    assert (los["samenwerkingen"], los["gedeelde_contexten"]) == (0, 0)


def test_bridge_explanation_names_both_hubs_and_the_cut(bridge):
    text = _row(bridge, "p-brug")["toelichting"]
    assert "Werkt samen met 2 partners uit 2 hubs (Cultuur en muziek; Sport en gezondheid)" in text
    assert "43%" in text
    assert "enige schakel tussen 2 groepen partners (groepen van 3 en 3)" in text
    assert "met 6 partners (12 gedeelde contexten)" in text
    c1 = _row(bridge, "p-c1")["toelichting"]
    assert "(groepen van 4 en 2)" in c1
    # Not an articulation point: no claim of being the only link.
    assert "enige" not in _row(bridge, "p-c2")["toelichting"]
    assert "Geen vastgelegde samenwerkingen" in _row(bridge, "p-los")["toelichting"]
    assert "Deelt geen school" in _row(bridge, "p-los")["toelichting"]


def test_hub_names_with_commas_stay_readable():
    ds = Dataset.from_rows(
        {
            "hubs": HUBS,
            "partners": [_partner("p-a"), _partner("p-b")],
            "hub_leden": [
                {"partner": "p-a", "hub": "h-burgerschap"},
                {"partner": "p-a", "hub": "h-cultuur"},
            ],
            "samenwerkingen": _collab(("p-a", "p-b")),
        }
    )
    df = brokers(to_graph(ds))
    assert _row(df, "p-a")["hubs"] == "Burgerschap, identiteit en global goals; Cultuur en muziek"
    assert (
        "uit 2 hubs (Burgerschap, identiteit en global goals; Cultuur en muziek)"
        in (_row(df, "p-b")["toelichting"])
    )


# A star: p-0 collaborates with p-1..p-4, which have no other links. n = 5: p-0 lies on
# the one shortest path of each of the C(4, 2) = 6 pairs of leaves -> 6/6 = 1.0; leaves 0.
# p-0 is an articulation point that splits the star into 4 groups of 1.
STAR = {
    "partners": [_partner(f"p-{i}") for i in range(5)],
    "samenwerkingen": _collab(*[("p-0", f"p-{i}") for i in range(1, 5)]),
}


def test_star_centre():
    df = brokers(to_graph(Dataset.from_rows(STAR)))
    assert df.iloc[0]["partner"] == "p-0"
    assert df.iloc[0]["betweenness"] == pytest.approx(1.0)
    assert df.iloc[0]["samenwerkingen"] == 4
    assert list(df["betweenness"].iloc[1:]) == [0.0] * 4
    assert list(df["partner"]) == ["p-0", "p-1", "p-2", "p-3", "p-4"]
    text = df.iloc[0]["toelichting"]
    assert "ligt op 100%" in text
    assert "van wie geen in een hub zit" in text
    assert "tussen 4 groepen partners (groepen van 1, 1, 1 en 1)" in text


# Two cliques of four (c's, s's) and p-brug collaborating with all eight, plus p-los.
# p-brug lies on every c-s path (16 pairs); the c's and s's on none (within a clique
# paths are direct; across, every route of length 2 goes through p-brug). In a sample,
# every source c or s adds 4 to p-brug and 0 to everyone else, so any sample of at
# least 2 sources (it then contains a c or an s) ranks p-brug first.
WIDE = {
    "partners": [_partner(p) for p in
                 ["p-brug", "p-los"] + [f"p-c{i}" for i in range(4)] + [f"p-s{i}" for i in range(4)]],
    "samenwerkingen": _collab(
        *[(f"p-{g}{i}", f"p-{g}{j}") for g in "cs" for i in range(4) for j in range(i + 1, 4)],
        *[("p-brug", f"p-{g}{i}") for g in "cs" for i in range(4)],
    ),
}  # fmt: skip


@pytest.mark.parametrize("seed", [0, 1, 2, 7])
def test_sampled_mode_finds_the_same_top_broker(seed):
    g = to_graph(Dataset.from_rows(WIDE))
    exact = brokers(g)
    assert exact.iloc[0]["partner"] == "p-brug"
    assert exact.iloc[0]["betweenness"] == pytest.approx(16 / 36)  # n = 10: 9 * 8 / 2 pairs
    # The 9 connected partners cost 9 × (9 + 28) = 333 work units; a budget of 140 gives
    # each part ceil(140 / 333 × 9) = 4 sources. (p-los stands alone: nothing to count.)
    sampled = brokers(g, seed=seed, exact_limit=140, samples=256, engine="networkx")
    assert sampled.iloc[0]["partner"] == "p-brug"
    assert set(sampled["methode"]) == {
        f"samenwerkingen: steekproef van bronknopen (seed {seed}); projectie: exact"
    }
    assert "(geschat)" in sampled.iloc[0]["toelichting"]
    assert "steekproef" not in exact.iloc[0]["methode"]


def test_sample_size_is_capped_at_the_number_of_partners():
    # The star costs 5 × (5 + 4) = 45; a budget of 40 asks for ceil(40 / 45 × 5) = 5
    # sources, which is every node: computed exactly after all.
    df = brokers(to_graph(Dataset.from_rows(STAR)), exact_limit=40, samples=256, engine="networkx")
    assert set(df["methode"]) == {"exact"}
    assert df.iloc[0]["betweenness"] == pytest.approx(1.0)
    # With at most 2 sources per part it is an estimate, scaled like networkx does.
    df = brokers(to_graph(Dataset.from_rows(STAR)), exact_limit=40, samples=2, engine="networkx")
    assert "steekproef" in df.iloc[0]["methode"]


def test_same_seed_gives_identical_table():
    g = to_graph(Dataset.from_rows(WIDE))
    a = brokers(g, seed=5, exact_limit=140, samples=3, engine="networkx")
    b = brokers(g, seed=5, exact_limit=140, samples=3, engine="networkx")
    pd.testing.assert_frame_equal(a, b)


def test_result_does_not_depend_on_row_order():
    reversed_rows = {t: list(reversed(rows)) for t, rows in WIDE.items()}
    for kwargs in ({}, {"exact_limit": 140, "samples": 3, "seed": 2}):
        a = brokers(to_graph(Dataset.from_rows(WIDE)), **kwargs)
        b = brokers(to_graph(Dataset.from_rows(reversed_rows)), **kwargs)
        pd.testing.assert_frame_equal(a, b)


def test_schooljaar_filters_collaborations():
    ds = Dataset.from_rows(
        {
            "partners": [_partner("p-a"), _partner("p-b"), _partner("p-c")],
            "samenwerkingen": _collab(("p-a", "p-b"), schooljaar="2023-2024")
            + _collab(("p-b", "p-c")),  # no year: ongoing, counts in every year
        }
    )
    g = to_graph(ds)
    assert _row(brokers(g), "p-b")["samenwerkingen"] == 2
    assert _row(brokers(g, "2023-2024"), "p-b")["samenwerkingen"] == 2
    assert _row(brokers(g, "2024-2025"), "p-b")["samenwerkingen"] == 1
    assert _row(brokers(g, "2024-2025"), "p-a")["samenwerkingen"] == 0


def test_empty_network():
    df = brokers(to_graph(Dataset.from_rows({})))
    assert list(df.columns) == COLUMNS
    assert df.empty


def test_seed_network_one_row_per_partner(tilburg):
    g = to_graph(tilburg)
    df = brokers(g)
    partners = list(tilburg.tables["partners"]["id"])
    assert len(df) == len(partners)
    assert sorted(df["partner"]) == sorted(partners)
    assert list(df["rang"]) == list(range(1, len(partners) + 1))
    assert set(df["methode"]) == {"exact"}
    # The collaboration graph built straight from the samenwerkingen table (every
    # partner a node, a link however often recorded): the same betweenness and degree.
    collab = nx.Graph()
    collab.add_nodes_from(partners)
    collab.add_edges_from((r["partner_a"], r["partner_b"]) for r in tilburg.rows("samenwerkingen"))
    expected = nx.betweenness_centrality(collab)
    got = dict(zip(df["partner"], df["betweenness"], strict=True))
    assert max(abs(got[p] - expected[p]) for p in partners) < 1e-12
    assert dict(zip(df["partner"], df["samenwerkingen"], strict=True)) == dict(collab.degree)
    assert df["betweenness"].round(9).is_monotonic_decreasing
    assert (df["toelichting"].str.len() > 0).all()
    top = df.iloc[0]
    assert top["betweenness"] > 0 and top["samenwerkingen"] > 0


# Projection paths use distance 1/weight. p-x and p-m share school s-1, its wijk and
# programme pr-1 (weight 3); p-m and p-y likewise s-2, its wijk and pr-2 (weight 3);
# p-x and p-y only programme pr-3 (weight 1). With distance 1/weight the path
# p-x - p-m - p-y has length 1/3 + 1/3 = 2/3 < 1 = the direct link, so p-m lies on the
# only pair of others: betweenness_projectie 1.0. (Unweighted, or with distance = weight,
# the direct link wins and p-m scores 0.) No collaborations: all betweenness 0, so the
# rank follows betweenness_projectie: p-m first, then p-x, p-y by id.
SHORTCUT = {
    "wijken": [{"id": "w-1", "naam": "Een"}, {"id": "w-2", "naam": "Twee"}],
    "scholen": [
        {"id": "s-1", "naam": "S1", "sector": "po", "wijk": "w-1"},
        {"id": "s-2", "naam": "S2", "sector": "po", "wijk": "w-2"},
    ],
    "programmas": [{"id": f"pr-{i}", "naam": f"Programma {i}"} for i in (1, 2, 3)],
    "partners": [_partner(p) for p in ("p-x", "p-m", "p-y")],
    "activiteiten": [
        {"partner": "p-x", "school": "s-1", "programma": "pr-1"},
        {"partner": "p-m", "school": "s-1", "programma": "pr-1"},
        {"partner": "p-m", "school": "s-2", "programma": "pr-2"},
        {"partner": "p-y", "school": "s-2", "programma": "pr-2"},
    ],
    "programma_partners": [
        {"partner": "p-x", "programma": "pr-3"},
        {"partner": "p-y", "programma": "pr-3"},
    ],
}


def test_projection_betweenness_uses_inverse_weight_as_distance():
    df = brokers(to_graph(Dataset.from_rows(SHORTCUT)))
    assert list(df["partner"]) == ["p-m", "p-x", "p-y"]
    assert list(df["betweenness"]) == [0.0, 0.0, 0.0]
    assert list(df["betweenness_projectie"]) == pytest.approx([1.0, 0.0, 0.0])
    assert list(df["gedeelde_contexten"]) == [6, 4, 4]
    assert "met 2 partners (6 gedeelde contexten)" in df.iloc[0]["toelichting"]


def test_parts_computed_apart_equal_networkx_on_the_whole_graph():
    # Two separate paths a-b-c-d and e-f-g: per-part sums, normalised over all 7 nodes,
    # must equal networkx's betweenness of the whole graph.
    ds = Dataset.from_rows(
        {
            "partners": [_partner(f"p-{x}") for x in "abcdefg"],
            "samenwerkingen": _collab(
                *[(f"p-{a}", f"p-{b}") for a, b in ("ab", "bc", "cd", "ef", "fg")]
            ),
        }
    )
    g = to_graph(ds)
    whole = nx.Graph([(f"p-{a}", f"p-{b}") for a, b in ("ab", "bc", "cd", "ef", "fg")])
    expected = nx.betweenness_centrality(whole, normalized=True)
    got = brokers(g).set_index("partner")["betweenness"].to_dict()
    assert got == pytest.approx(expected)
