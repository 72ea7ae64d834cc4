"""The fixed layouts of the network view (web/indeling.py) on hand-made networks, with
positions worked out by hand, and on the Tilburg seed."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from web.indeling import (
    NO_STADSDEEL,
    group_layout,
    hub_homes,
    hub_layout,
    place,
    wijk_layout,
)


def _graph(nodes: dict[str, tuple[str, str]], edges: list[tuple[str, str, str]], **attrs):
    """A selection as :func:`web.netview.select` makes it: ``nodes`` id → (kind, naam),
    ``edges`` (a, b, relation kind); ``attrs`` id → extra node attributes."""
    h = nx.Graph()
    for n, (kind, naam) in nodes.items():
        h.add_node(n, kind=kind, naam=naam, **attrs.get(n, {}))
    for a, b, kind in edges:
        if not h.has_edge(a, b):
            h.add_edge(a, b, kinds={})
        h[a][b]["kinds"][kind] = h[a][b]["kinds"].get(kind, 0) + 1
    return h


def _distance(p, q) -> float:
    return math.hypot(p[0] - q[0], p[1] - q[1])


# -- hubs ---------------------------------------------------------------------------------


@pytest.fixture
def hubs_network():
    """Hubs Alpha and Beta; p-1, p-2 in Alpha, p-3 in Beta, p-4 in both, p-5 in none;
    p-5 works with p-1; school s-1 has activities of p-1 and p-3; s-1 lies in w-1."""
    return _graph(
        {"h-b": ("hub", "Beta"), "h-a": ("hub", "Alpha"), "p-1": ("partner", "Een"),
         "p-2": ("partner", "Twee"), "p-3": ("partner", "Drie"), "p-4": ("partner", "Vier"),
         "p-5": ("partner", "Vijf"), "s-1": ("school", "School"), "w-1": ("wijk", "Wijk")},
        [("p-1", "h-a", "hub_leden"), ("p-2", "h-a", "hub_leden"), ("p-3", "h-b", "hub_leden"),
         ("p-4", "h-a", "hub_leden"), ("p-4", "h-b", "hub_leden"), ("p-5", "p-1", "samenwerkingen"),
         ("p-1", "s-1", "activiteiten"), ("p-3", "s-1", "activiteiten"), ("s-1", "w-1", "school_wijk")],
    )  # fmt: skip


def test_a_partner_in_two_hubs_is_drawn_with_the_first_by_name(hubs_network):
    assert hub_homes(hubs_network) == {"p-1": "h-a", "p-2": "h-a", "p-3": "h-b", "p-4": "h-a"}


def test_hubs_are_cards_in_the_middle_with_their_members(hubs_network):
    pos = hub_layout(hubs_network)
    assert set(pos) == set(hubs_network)
    # Two hubs: two facing rows of one card (nearer the canvas's shape than one row of
    # two). Alpha's card is 95 + 64 × 1.5 = 191 deep (2 rows of members), so the hubs are
    # 2 × 191 + 64 = 446 apart, centred on y = 0; Alpha's members (by name: Een, Twee,
    # Vier) are below it in two columns 95 left and right, the right one half a row (32)
    # lower; Beta's member above Beta.
    assert pos["h-a"] == pytest.approx((0.0, -223.0))
    assert pos["h-b"] == pytest.approx((0.0, 223.0))
    assert pos["p-1"] == pytest.approx((-95.0, -128.0))
    assert pos["p-2"] == pytest.approx((95.0, -96.0))
    assert pos["p-4"] == pytest.approx((-95.0, -64.0))
    assert pos["p-3"] == pytest.approx((-95.0, 128.0))
    # The others are on rings outside every card.
    inner = max(math.hypot(*pos[n]) for n in ("h-a", "h-b", "p-1", "p-2", "p-3", "p-4"))
    assert all(math.hypot(*pos[n]) > inner + 100 for n in ("p-5", "s-1", "w-1"))
    # Rings inside out: partners, then wijken, then schools.
    assert math.hypot(*pos["p-5"]) < math.hypot(*pos["w-1"]) < math.hypot(*pos["s-1"])


def test_every_member_is_closer_to_its_hub_than_to_any_other(hubs_network):
    pos = hub_layout(hubs_network)
    for partner, hub in hub_homes(hubs_network).items():
        for other in ("h-a", "h-b"):
            if other != hub:
                assert _distance(pos[partner], pos[hub]) < _distance(pos[partner], pos[other])


def test_a_ring_node_turns_towards_what_it_is_linked_to():
    # Four hubs; a partner outside the hubs works with a member of the hub at the right.
    nodes = {f"h-{i}": ("hub", f"Hub {i}") for i in range(4)}
    nodes |= {f"p-{i}": ("partner", f"Lid {i}") for i in range(4)} | {"p-x": ("partner", "X")}
    edges = [(f"p-{i}", f"h-{i}", "hub_leden") for i in range(4)] + [
        ("p-x", "p-1", "samenwerkingen")
    ]
    pos = hub_layout(_graph(nodes, edges))
    assert pos["p-x"] == pytest.approx(
        tuple(pos["p-1"][k] / math.hypot(*pos["p-1"]) * math.hypot(*pos["p-x"]) for k in (0, 1))
    )


def test_without_hubs_the_hubs_layout_falls_back_with_a_note():
    h = _graph(
        {"p-1": ("partner", "Een"), "s-1": ("school", "A")}, [("p-1", "s-1", "activiteiten")]
    )
    assert hub_layout(h) is None
    placement = place(h, "hubs")
    assert placement.layout == "kracht" and "geen hubs" in placement.note
    assert set(placement.positions) == {"p-1", "s-1"}


# -- wijken -------------------------------------------------------------------------------


@pytest.fixture
def wijken_network():
    """Stadsdeel Noord: Heikant (schools s-1, s-2) and Kruidenbuurt (s-3); stadsdeel
    Zuid: Armhoef (s-4, s-5, s-6). Partner p-1 works at s-1 only; p-2 at s-1 and s-4;
    hub h-1 has member p-1; programme pr-1 is linked to nothing in the view."""
    nodes = {
        "w-n1": ("wijk", "Heikant"), "w-n2": ("wijk", "Kruidenbuurt"), "w-z1": ("wijk", "Armhoef"),
        "s-1": ("school", "A"), "s-2": ("school", "B"), "s-3": ("school", "C"),
        "s-4": ("school", "D"), "s-5": ("school", "E"), "s-6": ("school", "F"),
        "p-1": ("partner", "Een"), "p-2": ("partner", "Twee"), "h-1": ("hub", "Hub"),
        "pr-1": ("programma", "Los"),
    }  # fmt: skip
    wijk_of = {
        "s-1": "w-n1",
        "s-2": "w-n1",
        "s-3": "w-n2",
        "s-4": "w-z1",
        "s-5": "w-z1",
        "s-6": "w-z1",
    }
    edges = [(s, w, "school_wijk") for s, w in wijk_of.items()]
    edges += [("p-1", "s-1", "activiteiten"), ("p-2", "s-1", "activiteiten"),
              ("p-2", "s-4", "activiteiten"), ("p-1", "h-1", "hub_leden")]  # fmt: skip
    attrs = {s: {"wijk": w} for s, w in wijk_of.items()}
    attrs |= {"w-n1": {"stadsdeel": "Noord"}, "w-n2": {"stadsdeel": "Noord"},
              "w-z1": {"stadsdeel": "Zuid"}}  # fmt: skip
    return _graph(nodes, edges, **attrs)


def _angle(p) -> float:
    """Clockwise from the top, in [0, 2π)."""
    return (math.atan2(p[1], p[0]) + math.pi / 2) % (2 * math.pi)


def test_wijken_lie_by_stadsdeel_clockwise_from_the_top(wijken_network):
    pos, annotations = wijk_layout(wijken_network)
    # Slices by schools per row (ceil(n / 2)): Heikant 1, Kruidenbuurt 1, Armhoef 2, plus a
    # gap of 1.5 per stadsdeel: 7 units of 2π/7. Noord starts at the top: Heikant's middle
    # is half a unit further; the circle has the smallest radius, 4 × 70 = 280.
    u = 2 * math.pi / 7
    assert pos["w-n1"] == pytest.approx((280 * math.sin(u / 2), -280 * math.cos(u / 2)))
    assert pos["w-n2"] == pytest.approx((280 * math.sin(1.5 * u), -280 * math.cos(1.5 * u)))
    # Zuid after the gaps of both stadsdelen (0.75 + 0.75 units): Armhoef from 3.5 u to 5.5 u.
    assert pos["w-z1"] == pytest.approx((280 * math.sin(4.5 * u), -280 * math.cos(4.5 * u)))
    # Armhoef's three schools: two in the first row (at a quarter and three quarters of
    # its slice, 280 + 1.2 × 55 = 346 out), one in the middle of the second row (401 out).
    assert pos["s-4"] == pytest.approx((346 * math.sin(4 * u), -346 * math.cos(4 * u)))
    assert pos["s-5"] == pytest.approx((346 * math.sin(5 * u), -346 * math.cos(5 * u)))
    assert pos["s-6"] == pytest.approx((401 * math.sin(4.5 * u), -401 * math.cos(4.5 * u)))
    assert [a["text"] for a in annotations] == ["Noord", "Zuid", "Zonder wijk"]


def test_the_schools_of_a_wijk_lie_in_one_sector(wijken_network):
    pos, _ = wijk_layout(wijken_network)
    schools = sorted(
        (s for s in wijken_network if s.startswith("s-")), key=lambda s: _angle(pos[s])
    )
    runs = [wijken_network.nodes[s]["wijk"] for s in schools]
    assert runs == ["w-n1", "w-n1", "w-n2", "w-z1", "w-z1", "w-z1"]
    for s in schools:  # each school is nearest to its own wijk
        own = wijken_network.nodes[s]["wijk"]
        assert min(("w-n1", "w-n2", "w-z1"), key=lambda w: _distance(pos[s], pos[w])) == own


def test_partners_are_inside_near_the_wijken_they_work_in(wijken_network):
    pos, _ = wijk_layout(wijken_network)
    u = 2 * math.pi / 7
    # p-1 works in Heikant only: in Heikant's direction at 0.8 of the radius (224).
    assert pos["p-1"] == pytest.approx((224 * math.sin(u / 2), -224 * math.cos(u / 2)), abs=0.01)
    # p-2 works in Heikant (0.5 u) and Armhoef (4.5 u), 4 u apart: the mean of the two
    # directions is |cos(2 u)| long, halfway between them the short way round.
    assert math.hypot(*pos["p-2"]) == pytest.approx(224 * abs(math.cos(2 * u)), abs=0.01)
    assert _angle(pos["p-2"]) == pytest.approx(2.5 * u + math.pi, abs=1e-6)
    # The hub goes near its member (pushed off it), inside the circle; pr-1 (linked to
    # nothing) in a row below everything.
    assert math.hypot(*pos["h-1"]) < 280
    assert 0.75 * 70 - 0.01 <= _distance(pos["h-1"], pos["p-1"]) < 100
    assert pos["pr-1"][1] > max(y for n, (_, y) in pos.items() if n != "pr-1")


def test_a_wijk_left_out_of_the_view_still_groups_its_schools():
    # Only schools and a partner: the wijken (and their stadsdeel) come from the network.
    h = _graph({"s-1": ("school", "A"), "s-2": ("school", "B"), "p-1": ("partner", "P")},
               [("p-1", "s-1", "activiteiten")], **{"s-1": {"wijk": "w-1"}, "s-2": {"wijk": "w-2"}})  # fmt: skip
    everything = {"w-1": {"naam": "Een", "stadsdeel": "Noord"}, "w-2": {"naam": "Twee"}}
    pos, annotations = wijk_layout(h, everything)
    assert set(pos) == {"s-1", "s-2", "p-1"}
    assert [a["text"] for a in annotations] == ["Noord", NO_STADSDEEL]


def test_without_wijken_the_wijken_layout_falls_back_with_a_note():
    placement = place(_graph({"h-1": ("hub", "Hub")}, []), "wijken")
    assert placement.layout == "kracht" and "geen wijken" in placement.note


def test_the_aggregated_wijken_lie_by_stadsdeel():
    groups = nx.Graph()
    for n, naam in (("g-1", "Een"), ("g-2", "Twee"), ("g-3", "Drie")):
        groups.add_node(n, naam=naam)
    pos, annotations = group_layout(groups, {"g-1": "Noord", "g-2": "Zuid", "g-3": "Noord"})
    # Noord (Drie, Een) then Zuid (Twee): 3 units + 2 × 1.5 gap = 6 units of 60°.
    assert [n for n in sorted(pos, key=lambda n: _angle(pos[n]))] == ["g-3", "g-1", "g-2"]
    assert _angle(pos["g-3"]) == pytest.approx(math.radians(30))
    assert [a["text"] for a in annotations] == ["Noord", "Zuid"]


def test_layouts_are_deterministic(hubs_network, wijken_network):
    for h in (hubs_network, wijken_network):
        for name in ("kracht", "hubs", "wijken"):
            assert place(h, name).positions == place(h.copy(), name).positions


# -- on the Tilburg network ------------------------------------------------------------------


@pytest.fixture(scope="module")
def tilburg_view():
    from lea_graph.graph import to_graph
    from lea_graph.ingest import load_dataset
    from lea_graph.resources import seed_path
    from web.netview import ViewFilter, select

    g = to_graph(load_dataset(seed_path()))
    return g, select(g, ViewFilter())


def test_tilburg_every_hub_member_is_closer_to_its_hub_than_to_any_other(tilburg_view):
    _, h = tilburg_view
    pos = hub_layout(h)
    hubs = [n for n in h if h.nodes[n]["kind"] == "hub"]
    homes = hub_homes(h)
    assert len(hubs) == 6 and len(homes) == 29
    for partner, hub in homes.items():
        nearest = min(hubs, key=lambda other: _distance(pos[partner], pos[other]))
        assert nearest == hub, partner


def test_tilburg_the_schools_of_each_wijk_lie_in_one_sector(tilburg_view):
    g, h = tilburg_view
    pos, annotations = wijk_layout(h, g.nodes)
    schools = sorted((n for n in h if h.nodes[n]["kind"] == "school"), key=lambda s: _angle(pos[s]))
    # A school without a wijk yet (no point to place it) belongs to no wijk's run.
    runs = [h.nodes[s]["wijk"] for s in schools if h.nodes[s].get("wijk")]
    # Going round, each wijk's schools come in one run (the first run may wrap around).
    starts = [w for i, w in enumerate(runs) if i == 0 or runs[i - 1] != w]
    if len(starts) > 1 and starts[0] == starts[-1]:
        starts = starts[1:]
    assert len(starts) == len(set(runs))
    stadsdelen = {str(g.nodes[w].get("stadsdeel") or NO_STADSDEEL) for w in runs}
    assert {a["text"] for a in annotations} >= stadsdelen


def test_layouts_do_not_depend_on_the_order_of_the_nodes(hubs_network, wijken_network):
    # A selection's order comes from sets, which differ between processes.
    for h in (hubs_network, wijken_network):
        backwards = nx.Graph()
        backwards.add_nodes_from(reversed(list(h.nodes(data=True))))
        backwards.add_edges_from(reversed(list(h.edges(data=True))))
        for name in ("kracht", "hubs", "wijken"):
            one, other = place(h, name).positions, place(backwards, name).positions
            assert set(one) == set(other)
            for n in one:
                assert other[n] == pytest.approx(one[n], abs=1e-6), (name, n)


# -- nodes without a line -----------------------------------------------------------------


@pytest.mark.parametrize("indeling", ["kracht", "hubs"])
def test_nodes_without_a_line_stand_apart_under_a_heading(indeling):
    from web.indeling import UNCONNECTED

    nodes = {"h": ("hub", "Sport"), "a": ("partner", "Atletiek"), "b": ("partner", "Basket")}
    nodes |= {f"z{i}": ("partner", f"Zwemmen {i}") for i in range(12)}
    h = _graph(
        nodes, [("a", "h", "hub_leden"), ("b", "h", "hub_leden"), ("a", "b", "samenwerking")]
    )
    placement = place(h, indeling)
    pos = placement.positions
    assert placement.layout == indeling and set(pos) == set(h)
    linked = [pos[n] for n in ("h", "a", "b")]
    bottom = max(y for _, y in linked)
    alone = [pos[f"z{i}"] for i in range(12)]
    # All below the drawing, with a clear gap, none on top of another.
    assert min(y for _, y in alone) >= bottom + 150
    assert len(set(alone)) == 12
    assert min(_distance(p, q) for i, p in enumerate(alone) for q in alone[i + 1 :]) >= 75
    # The heading names them and stands between the drawing and them.
    (heading,) = [a for a in placement.annotations if a["text"].startswith(UNCONNECTED)]
    assert heading["text"] == f"{UNCONNECTED} (12)"
    assert bottom < heading["y"] < min(y for _, y in alone)


def test_a_view_where_every_node_has_a_line_or_none_has_no_heading():
    from web.indeling import gather_unconnected

    h = _graph({"a": ("partner", "A"), "b": ("partner", "B")}, [("a", "b", "samenwerking")])
    assert gather_unconnected(h, {"a": (0, 0), "b": (1, 1)}) == ({"a": (0, 0), "b": (1, 1)}, [])
    h = _graph({"a": ("partner", "A"), "b": ("partner", "B")}, [])
    assert gather_unconnected(h, {"a": (0, 0), "b": (1, 1)}) == ({"a": (0, 0), "b": (1, 1)}, [])
