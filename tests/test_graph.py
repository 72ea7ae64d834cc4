"""Dataset -> typed MultiDiGraph -> dataset, without loss."""

from __future__ import annotations

from collections import Counter

from lea_graph import model
from lea_graph.dataset import Dataset
from lea_graph.graph import from_graph, to_graph


def test_seed_round_trip_is_lossless(tilburg):
    g = to_graph(tilburg)
    back = from_graph(g)
    assert back.same_as(tilburg)
    assert back.columns("wijken") == tilburg.columns("wijken")  # extra columns kept in order


def test_node_and_edge_kinds(tilburg):
    g = to_graph(tilburg)
    counts = tilburg.counts()
    node_kinds = Counter(k for _, k in g.nodes(data="kind"))
    for nk in model.NODE_KINDS:
        assert node_kinds[nk.kind] == counts[nk.table]
    edge_kinds = Counter(k for _, _, k in g.edges(data="kind"))
    for rel in model.RELATIONS:
        assert edge_kinds[rel.kind] == counts[rel.table]
    # A school without a wijk yet (no point to place it) has no link to one.
    assert edge_kinds["school_wijk"] == sum(1 for r in tilburg.rows("scholen") if r["wijk"])
    assert edge_kinds["school_wijk"] < counts["scholen"]
    assert edge_kinds["thema_cluster"] == counts["themas"]


def test_attributes_are_typed_and_empty_cells_absent():
    ds = Dataset.from_rows(
        {
            "wijken": [{"id": "w-1", "naam": "Heikant", "kinderen_0_17": "1200", "cbs_code": ""}],
            "partners": [
                {"id": "p-1", "naam": "A", "type": "cultuur"},
                {"id": "p-2", "naam": "B", "type": "sport"},
            ],
            "scholen": [{"id": "s-1", "naam": "S", "sector": "po", "wijk": "w-1"}],
            "activiteiten": [
                {"partner": "p-1", "school": "s-1", "schooljaar": "2023-2024", "deelnemers": "25"},
                {"partner": "p-1", "school": "s-1", "schooljaar": "2024-2025", "deelnemers": "30"},
            ],
            "samenwerkingen": [{"partner_a": "p-2", "partner_b": "p-1", "soort": "x"}],
        }
    )
    g = to_graph(ds)
    assert g.nodes["w-1"] == {"kind": "wijk", "naam": "Heikant", "kinderen_0_17": 1200}
    acts = [d for _, _, d in g.edges("p-1", data=True) if d["kind"] == "activiteiten"]
    assert sorted(d["deelnemers"] for d in acts) == [25, 30]  # two rows stay two edges
    assert g.has_edge("p-2", "p-1")  # samenwerking keeps partner_a -> partner_b
    assert from_graph(g).same_as(ds)
