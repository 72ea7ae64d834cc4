"""The igraph engine gives the networkx/python-louvain answers (or, for Louvain, answers
as good), cross-checked on the seed and on small generated networks."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import networkx as nx
import pytest

from lea_graph.analytics import engine
from lea_graph.analytics.brokers import _with_distance, brokers
from lea_graph.analytics.communities import communities, normalized_mutual_information
from lea_graph.analytics.network import Network
from lea_graph.analytics.report import analyse
from lea_graph.generate import generate_synthetic
from lea_graph.graph import to_graph


@pytest.fixture(scope="module")
def g3():
    return to_graph(generate_synthetic(3, seed=2))


def _projection(g) -> nx.Graph:
    # Whole-number distances, as brokers() uses: float distances like 1/3 + 1/6 and 1/2
    # make ties depend on rounding, in either engine.
    return _with_distance(Network.of(g).partner_projection().copy())


@pytest.mark.parametrize("weight", [None, "afstand"])
@pytest.mark.parametrize("k", [None, 2, 17])
def test_betweenness_is_the_same_on_both_engines(g3, weight, k):
    h = _projection(g3)
    a = engine.betweenness(h, weight=weight, k=k, seed=3, engine="networkx")
    b = engine.betweenness(h, weight=weight, k=k, seed=3, engine="igraph")
    assert a.keys() == b.keys()
    top = max(a.values())
    assert top > 0
    assert max(abs(a[v] - b[v]) for v in a) <= 1e-9 * top


def test_brokers_are_the_same_on_both_engines(g3):
    a = brokers(g3, seed=1, engine="networkx", exact_limit=200_000)
    b = brokers(g3, seed=1, engine="igraph", exact_limit=200_000 // 50)
    assert "steekproef" in a["methode"].iloc[0]  # both sample the same sources
    assert b["methode"].iloc[0] == a["methode"].iloc[0] + " (igraph)"
    same = ["partner", "rang", "samenwerkingen", "gedeelde_contexten", "toelichting"]
    assert a[same].equals(b[same])
    for col in ("betweenness", "betweenness_projectie"):
        assert (a[col] - b[col]).abs().max() <= 1e-12


def _nmi(a, b) -> float:
    partners = sorted(a.membership)
    assert sorted(b.membership) == partners
    return normalized_mutual_information(
        [a.membership[p] for p in partners], [b.membership[p] for p in partners]
    )


def test_louvain_on_igraph_finds_clear_communities_exactly(g3):
    # Three gemeenten: a network with clear communities. Both find the same ones.
    reference = communities(g3, seed=0, engine="networkx")
    found = communities(g3, seed=0, engine="igraph")
    assert found.engine == "igraph" and reference.engine == "networkx"
    assert found.modularity == pytest.approx(reference.modularity, abs=1e-9)
    assert _nmi(reference, found) == pytest.approx(1.0)


def test_louvain_on_igraph_is_as_good_on_tilburg(seed_graph):
    # Tilburg's projection has weak communities (modularity about 0.1): Louvain's
    # split varies with the seed even within python-louvain. igraph's split must be
    # as good and differ from python-louvain's no more than seeds differ.
    reference = communities(seed_graph, seed=0, engine="networkx")
    found = communities(seed_graph, seed=0, engine="igraph")
    assert found.modularity >= reference.modularity - 0.01
    seed_spread = min(
        _nmi(reference, communities(seed_graph, seed=s, engine="networkx")) for s in (1, 2)
    )
    assert _nmi(reference, found) >= seed_spread - 0.1


def test_louvain_on_igraph_is_reproducible(g3):
    a = communities(g3, seed=5, engine="igraph").membership
    assert communities(g3, seed=5, engine="igraph").membership == a


def test_modularity_agrees_with_python_louvain(seed_graph):
    import community as community_louvain

    h = Network.of(seed_graph).partner_projection()
    partition = engine.louvain(h, seed=0, engine="networkx")
    assert engine.modularity(h, partition) == pytest.approx(
        community_louvain.modularity(partition, h, weight="weight"), abs=1e-12
    )


def test_auto_keeps_the_reference_on_tilburg(seed_graph):
    auto = analyse(seed_graph, seed=0)
    reference = analyse(seed_graph, seed=0, engine="networkx")
    assert auto.communities.engine == "networkx"
    assert auto.communities.membership == reference.communities.membership
    assert auto.brokers.equals(reference.brokers)


def test_auto_betweenness_goes_to_igraph_instead_of_sampling(g3):
    # Where networkx would have to sample, "auto" lets igraph compute exactly instead:
    # the exact networkx answer, without its cost.
    reference = brokers(g3, seed=1, engine="networkx")
    assert reference["methode"].iloc[0] == "exact"
    budget = 200_000
    sampled = brokers(g3, seed=1, engine="networkx", exact_limit=budget)
    auto = brokers(g3, seed=1, exact_limit=budget)
    assert "steekproef" in sampled["methode"].iloc[0]
    assert auto["methode"].iloc[0] == "exact (igraph)"
    for col in ("betweenness", "betweenness_projectie"):
        assert (auto[col] - reference[col]).abs().max() <= 1e-12
    assert auto["partner"].tolist() == reference["partner"].tolist()


def test_auto_switches_above_the_threshold():
    small = nx.path_graph(10)
    big = nx.path_graph(engine.AUTO_THRESHOLD)
    assert engine.choose("auto", small) == "networkx"
    assert engine.choose("auto", big) == "igraph"
    with pytest.raises(ValueError, match="unknown engine"):
        engine.choose("graphtool", small)


_SAMPLED_BROKERS = """
import json, sys
import networkx as nx
from lea_graph.analytics import brokers, engine
# Three parts of 40 partners each: every part is under half the graph, where networkx
# iterates a subgraph's nodes in the order of a set.
h = nx.union_all(
    [nx.relabel_nodes(nx.gnm_random_graph(40, 120, seed=i), lambda n, i=i: f"p-{i}-{n}")
     for i in range(3)]
)
scores, estimated, used = brokers._betweenness(
    engine.Links.from_networkx(h), limit=100, samples=256, seed=1, distances=None,
    engine=sys.argv[1],
)
print(json.dumps([estimated, used, sorted(scores.items())]))
"""


@pytest.mark.parametrize("engine_name", ["networkx", "igraph"])
def test_sampled_betweenness_does_not_depend_on_the_hash_seed(engine_name):
    # The sources are drawn from each part's sorted nodes, not from the order of a set
    # of node ids (which changes with Python's string hashing from process to process).
    runs = []
    for hash_seed in ("1", "2", "3"):
        out = subprocess.run(
            [sys.executable, "-c", _SAMPLED_BROKERS, engine_name],
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True, text=True, check=True, timeout=300,
        )  # fmt: skip
        runs.append(json.loads(out.stdout))
    assert runs[0][:2] == [True, engine_name]
    assert runs[0] == runs[1] == runs[2]
