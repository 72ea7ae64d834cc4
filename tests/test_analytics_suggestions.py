"""Suggestions: missing links between partners and candidates for hub × wijk gaps.

Small networks are written by hand with the expected answers worked out in comments;
on the Tilburg seed the scores are checked against a brute-force computation in plain
Python straight from the tables.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import pandas as pd
import pytest

from lea_graph.analytics.network import Network
from lea_graph.analytics.suggestions import (
    CANDIDATE_COLUMNS,
    MISSING_LINK_COLUMNS,
    _ranked_pairs,
    _recorded_pairs,
    gap_candidates,
    gap_suggestions,
    missing_links,
)
from lea_graph.dataset import Dataset
from lea_graph.errors import LeaGraphError
from lea_graph.graph import to_graph

# -- missing links: a hand-built network ------------------------------------------------------
#
# Contexts (all activities in 2023-2024):
#   s-1 (Groenewoud): a, b, c   -> 1/3      s-2 (Groenewoud): a, b -> 1/2
#   s-3 (Heikant):    a, b, d   -> 1/3      s-4 (Heikant):    c, d -> 1/2
#   w-gw Groenewoud:  a, b, c   -> 1/3      w-hk Heikant:     a, b, c, d -> 1/4
#   pr-buurt Buurtsport (thema t-sport): a, b -> 1/2 each for programme and theme
# Pair scores (resource allocation):
#   a-b: 1/3 + 1/2 + 1/3 + 1/3 + 1/4 + 1/2 + 1/2 = 2.75
#   a-c: 1/3 + 1/3 + 1/4 = 0.917   but a collaboration is recorded (no year): never suggested
#   a-d: 1/3 + 1/4       = 0.583
#   b-c: 1/3 + 1/3 + 1/4 = 0.917
#   b-d: 1/3 + 1/4       = 0.583   but a collaboration is recorded in 2022-2023: never suggested
#   c-d: 1/2 + 1/4       = 0.75
#   p-e works nowhere: in no pair.
# Hubs: a, b, d in h-sport; c in h-cultuur.

LINKS = {
    "themas": [{"id": "t-sport", "naam": "Sport en bewegen", "cluster": "c-1"}],
    "clusters": [{"id": "c-1", "naam": "Brede talentontwikkeling"}],
    "programmas": [{"id": "pr-buurt", "naam": "Buurtsport", "thema": "t-sport"}],
    "hubs": [
        {"id": "h-sport", "naam": "Sport en gezondheid", "domein": "sport"},
        {"id": "h-cultuur", "naam": "Cultuur en muziek", "domein": "cultuur"},
    ],
    "wijken": [
        {"id": "w-gw", "naam": "Groenewoud"},
        {"id": "w-hk", "naam": "Heikant"},
    ],
    "scholen": [
        {"id": "s-1", "naam": "School 1", "sector": "po", "wijk": "w-gw"},
        {"id": "s-2", "naam": "School 2", "sector": "po", "wijk": "w-gw"},
        {"id": "s-3", "naam": "School 3", "sector": "po", "wijk": "w-hk"},
        {"id": "s-4", "naam": "School 4", "sector": "po", "wijk": "w-hk"},
    ],
    "partners": [
        {"id": "p-a", "naam": "Atelier", "type": "cultuur"},
        {"id": "p-b", "naam": "Buurtsportclub", "type": "sport"},
        {"id": "p-c", "naam": "Cultuurhuis", "type": "cultuur"},
        {"id": "p-d", "naam": "Dansschool", "type": "cultuur"},
        {"id": "p-e", "naam": "Eetclub", "type": "overig"},
    ],
    "hub_leden": [
        {"partner": "p-a", "hub": "h-sport"},
        {"partner": "p-b", "hub": "h-sport"},
        {"partner": "p-d", "hub": "h-sport"},
        {"partner": "p-c", "hub": "h-cultuur"},
    ],
    "activiteiten": [
        {"partner": "p-a", "school": "s-1", "programma": "pr-buurt", "schooljaar": "2023-2024"},
        {"partner": "p-a", "school": "s-2", "schooljaar": "2023-2024"},
        {"partner": "p-a", "school": "s-3", "schooljaar": "2023-2024"},
        {"partner": "p-b", "school": "s-1", "programma": "pr-buurt", "schooljaar": "2023-2024"},
        {"partner": "p-b", "school": "s-2", "schooljaar": "2023-2024"},
        {"partner": "p-b", "school": "s-3", "schooljaar": "2023-2024"},
        {"partner": "p-c", "school": "s-1", "schooljaar": "2023-2024"},
        {"partner": "p-c", "school": "s-4", "schooljaar": "2023-2024"},
        {"partner": "p-d", "school": "s-3", "schooljaar": "2023-2024"},
        {"partner": "p-d", "school": "s-4", "schooljaar": "2023-2024"},
    ],
    "samenwerkingen": [
        {"partner_a": "p-c", "partner_b": "p-a"},
        {"partner_a": "p-b", "partner_b": "p-d", "schooljaar": "2022-2023"},
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def links_graph():
    return to_graph(Dataset.from_rows(LINKS))


def _pairs(df: pd.DataFrame) -> list[tuple[str, str, float]]:
    return [(r.partner_a, r.partner_b, r.score) for r in df.itertuples(index=False)]


def test_obvious_missing_link_ranks_first(links_graph):
    links = missing_links(links_graph)
    assert list(links.columns) == MISSING_LINK_COLUMNS
    first = links.iloc[0]
    assert (first["partner_a"], first["partner_b"]) == ("p-a", "p-b")
    assert (first["partner_a_naam"], first["partner_b_naam"]) == ("Atelier", "Buurtsportclub")
    assert first["score"] == 2.75
    counts = first[
        ["gedeelde_scholen", "gedeelde_wijken", "gedeelde_programmas", "gedeelde_themas"]
    ]
    assert counts.tolist() == [3, 2, 1, 1]
    assert first["zelfde_hub"]
    assert first["toelichting"] == (
        "Beiden actief op 3 scholen in Groenewoud en Heikant en in het programma Buurtsport; "
        "geen samenwerking vastgelegd."
    )


def test_full_ranking_by_hand(links_graph):
    # Ties would be broken by ids; scores as worked out above, a-c and b-d left out.
    assert _pairs(missing_links(links_graph, top=None)) == [
        ("p-a", "p-b", 2.75),
        ("p-b", "p-c", 0.917),
        ("p-c", "p-d", 0.75),
        ("p-a", "p-d", 0.583),
    ]
    assert _pairs(missing_links(links_graph, top=2)) == [
        ("p-a", "p-b", 2.75),
        ("p-b", "p-c", 0.917),
    ]
    assert missing_links(links_graph, top=0).empty
    rows = missing_links(links_graph).set_index(["partner_a", "partner_b"])
    assert rows.loc[("p-c", "p-d"), "toelichting"] == (
        "Beiden actief op 1 school in Heikant; geen samenwerking vastgelegd."
    )
    assert not rows.loc[("p-c", "p-d"), "zelfde_hub"]  # c in cultuur, d in sport
    assert rows.loc[("p-a", "p-d"), "zelfde_hub"]


def test_collaboration_in_any_year_is_never_missing(links_graph):
    # b-d only collaborated in 2022-2023; asking for 2023-2024 still leaves it out.
    for year in (None, "2022-2023", "2023-2024"):
        pairs = {(a, b) for a, b, _ in _pairs(missing_links(links_graph, year, top=None))}
        assert ("p-a", "p-c") not in pairs
        assert ("p-b", "p-d") not in pairs
    # In a year without activities nobody shares anything.
    assert missing_links(links_graph, "2024-2025").empty


def test_other_wijken_programmes_and_themes_in_toelichting():
    # x and y share no school but both work in Heikant (via s-3 and wijkinzet) and in
    # two programmes of the same theme, plus a third theme through programme roles.
    rows = {
        **LINKS,
        "themas": [*LINKS["themas"], {"id": "t-taal", "naam": "Taal", "cluster": "c-1"}],
        "programmas": [
            *LINKS["programmas"],
            {"id": "pr-zomer", "naam": "Zomerschool", "thema": "t-sport"},
            {"id": "pr-lees", "naam": "Leesclub", "thema": "t-taal"},
            {"id": "pr-voor", "naam": "Voorlezen", "thema": "t-taal"},
        ],
        "partners": [
            {"id": "p-x", "naam": "X", "type": "welzijn"},
            {"id": "p-y", "naam": "Y", "type": "welzijn"},
        ],
        "hub_leden": [],
        "activiteiten": [
            {"partner": "p-x", "school": "s-3", "programma": "pr-buurt"},
            {"partner": "p-x", "school": "s-1", "programma": "pr-zomer"},
        ],
        "wijkinzet": [
            {"partner": "p-y", "wijk": "w-hk", "programma": "pr-buurt"},
            {"partner": "p-y", "wijk": "w-gw", "programma": "pr-zomer"},
        ],
        "programma_partners": [
            {"partner": "p-x", "programma": "pr-lees"},
            {"partner": "p-y", "programma": "pr-voor"},
        ],
        "samenwerkingen": [],
    }
    links = missing_links(to_graph(Dataset.from_rows(rows)))
    assert len(links) == 1
    row = links.iloc[0]
    # Every context has exactly these two partners: 2 wijken + 2 programmes + 2 themes = 3.0
    assert row["score"] == 3.0
    assert row[["gedeelde_scholen", "gedeelde_wijken", "gedeelde_programmas"]].tolist() == [0, 2, 2]
    assert row["gedeelde_themas"] == 2
    assert not row["zelfde_hub"]
    assert row["toelichting"] == (
        "Beiden actief in de wijken Groenewoud en Heikant, in de programma's Buurtsport en "
        "Zomerschool en binnen het thema Taal; geen samenwerking vastgelegd."
    )


# -- missing links on the Tilburg seed ----------------------------------------------------------


def _brute_force(tilburg, schooljaar: str | None = None) -> dict[tuple[str, str], float]:
    """Resource allocation of every partner pair, straight from the tables."""

    def in_year(row):
        return schooljaar is None or row["schooljaar"] == schooljaar

    school_wijk = {r["id"]: r["wijk"] for r in tilburg.rows("scholen")}
    thema = {r["id"]: r["thema"] for r in tilburg.rows("programmas") if r["thema"]}
    contexts: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in tilburg.rows("activiteiten"):
        if in_year(r):
            contexts[r["partner"]] |= {("school", r["school"]), ("wijk", school_wijk[r["school"]])}
            if r["programma"]:
                contexts[r["partner"]].add(("programma", r["programma"]))
    for r in tilburg.rows("wijkinzet"):
        if in_year(r):
            contexts[r["partner"]].add(("wijk", r["wijk"]))
            if r["programma"]:
                contexts[r["partner"]].add(("programma", r["programma"]))
    for r in tilburg.rows("programma_partners"):
        contexts[r["partner"]].add(("programma", r["programma"]))
    for c in contexts.values():
        c |= {("thema", thema[p]) for kind, p in list(c) if kind == "programma" and p in thema}
    size: dict[tuple[str, str], int] = defaultdict(int)
    for c in contexts.values():
        for item in c:
            size[item] += 1
    scores = {}
    for a, b in combinations(sorted(contexts), 2):
        shared = contexts[a] & contexts[b]
        if shared:
            scores[(a, b)] = sum(1 / size[item] for item in shared)
    return scores


def _recorded(tilburg) -> set[tuple[str, str]]:
    return {tuple(sorted((r["partner_a"], r["partner_b"]))) for r in tilburg.rows("samenwerkingen")}


@pytest.mark.parametrize("schooljaar", [None, "2023-2024"])
def test_seed_properties(tilburg, seed_graph, schooljaar):
    links = missing_links(seed_graph, schooljaar, top=None)
    assert len(links) > 100
    recorded = _recorded(tilburg)
    partners = set(tilburg.ids("partners"))
    assert (links["partner_a"] < links["partner_b"]).all()  # also: no self-pairs
    assert links["partner_a"].isin(partners).all() and links["partner_b"].isin(partners).all()
    pairs = list(zip(links["partner_a"], links["partner_b"], strict=True))
    assert len(set(pairs)) == len(pairs)
    assert not set(pairs) & recorded
    assert (links["score"] >= 0).all()
    keys = list(zip(-links["score"], links["partner_a"], links["partner_b"], strict=True))
    assert keys == sorted(keys)
    assert links["toelichting"].str.startswith("Beiden actief ").all()


@pytest.mark.parametrize("schooljaar", [None, "2023-2024"])
def test_seed_scores_match_brute_force(tilburg, seed_graph, schooljaar):
    expected = {
        pair: round(score, 3)
        for pair, score in _brute_force(tilburg, schooljaar).items()
        if pair not in _recorded(tilburg)
    }
    ranked = sorted(expected.items(), key=lambda item: (-item[1], item[0]))[:20]
    got = _pairs(missing_links(seed_graph, schooljaar, top=20))
    assert [(a, b) for a, b, _ in got] == [pair for pair, _ in ranked]
    assert [score for *_, score in got] == pytest.approx([want for _, want in ranked], abs=1e-9)
    everything = missing_links(seed_graph, schooljaar, top=None)
    assert len(everything) == len(expected)


def test_seed_blocks_give_the_same_ranking(seed_graph):
    # The matrix is multiplied a block of rows at a time; the top-k merge across blocks
    # must not change the answer.
    net = Network(seed_graph)
    ctx = net.contexts()
    partners = sorted(ctx)
    recorded = _recorded_pairs(seed_graph, {p: i for i, p in enumerate(partners)})
    # The seed has tied scores at ranks 63/64, 79/80 and 110/111: cut through them too.
    for top in (None, 1, 25, 64, 80, 111, 150):
        want = [a.tolist() for a in _ranked_pairs(ctx, partners, recorded, top, block=10_000)]
        for block in (1, 7, 32):
            got = [a.tolist() for a in _ranked_pairs(ctx, partners, recorded, top, block=block)]
            assert got == want, (top, block)


def test_missing_links_empty_network():
    g = to_graph(Dataset.from_rows({"partners": [{"id": "p-1", "naam": "A", "type": "sport"}]}))
    links = missing_links(g)
    assert links.empty and list(links.columns) == MISSING_LINK_COLUMNS


# -- gap candidates: a hand-built gap -----------------------------------------------------------
#
# The gap: hub Sport en gezondheid (domein sport) × wijk Stokhasselt (Noord, PacT ja, ses laag).
#   Quirijnstok: Noord, PacT nee, ses midden  -> a buurwijk, not similar
#   Fatima:      West,  PacT ja,  ses laag    -> similar, not a buurwijk
#   Reeshof:     Reeshof, nee, hoog           -> neither
# Partners:
#   p-buur    member of sport, works in Quirijnstok          3 + 2         = 5  first
#   p-gelijk  member of sport, works in Fatima               3 + 1         = 4
#   p-kent    no hub, type sport, in Stokhasselt without hub 1 (knows) + 2 = 3
#   p-judo    member of cultuur, type sport, in Reeshof      2 (type)      = 2
#   p-bereikt member of sport, activity under sport in Stokhasselt: reaches the cell, out
#   p-inzet   member of sport, wijkinzet in Stokhasselt:     reaches the cell, out
#   p-los     no hub, type welzijn, works in Quirijnstok:    no domain fit, out
#   p-ver     member of sport, type welzijn, only in Reeshof: no location or domain, out
#   p-koor    no hub, type cultuur, works nowhere:           out here; fits the cultuur hub (2)

GAP = {
    "hubs": [
        {"id": "h-sport", "naam": "Sport en gezondheid", "domein": "sport"},
        {"id": "h-cultuur", "naam": "Cultuur en muziek", "domein": "cultuur"},
    ],
    "wijken": [
        {"id": "w-stok", "naam": "Stokhasselt", "stadsdeel": "Noord", "pact": "ja", "ses": "laag"},
        {"id": "w-quir", "naam": "Quirijnstok", "stadsdeel": "Noord", "pact": "nee", "ses": "midden"},
        {"id": "w-fat", "naam": "Fatima", "stadsdeel": "West", "pact": "ja", "ses": "laag"},
        {"id": "w-rees", "naam": "Reeshof", "stadsdeel": "Reeshof", "pact": "nee", "ses": "hoog"},
    ],
    "scholen": [
        {"id": "s-stok", "naam": "De Stok", "sector": "po", "wijk": "w-stok"},
        {"id": "s-quir", "naam": "De Quir", "sector": "po", "wijk": "w-quir"},
        {"id": "s-fat", "naam": "De Fat", "sector": "po", "wijk": "w-fat"},
        {"id": "s-rees", "naam": "De Rees", "sector": "po", "wijk": "w-rees"},
    ],
    "partners": [
        {"id": "p-buur", "naam": "Buurtclub", "type": "welzijn"},
        {"id": "p-gelijk", "naam": "Gelijkclub", "type": "welzijn"},
        {"id": "p-kent", "naam": "Kenner", "type": "sport"},
        {"id": "p-judo", "naam": "Judoschool", "type": "sport"},
        {"id": "p-bereikt", "naam": "Bereikt al", "type": "sport"},
        {"id": "p-inzet", "naam": "Inzetclub", "type": "sport"},
        {"id": "p-los", "naam": "Los", "type": "welzijn"},
        {"id": "p-ver", "naam": "Verre lid", "type": "welzijn"},
        {"id": "p-koor", "naam": "Koor", "type": "cultuur"},
    ],
    "hub_leden": [
        {"partner": "p-buur", "hub": "h-sport"},
        {"partner": "p-gelijk", "hub": "h-sport"},
        {"partner": "p-bereikt", "hub": "h-sport"},
        {"partner": "p-inzet", "hub": "h-sport"},
        {"partner": "p-ver", "hub": "h-sport"},
        {"partner": "p-judo", "hub": "h-cultuur"},
    ],
    "activiteiten": [
        {"partner": "p-buur", "school": "s-quir", "hub": "h-sport", "schooljaar": "2023-2024"},
        {"partner": "p-gelijk", "school": "s-fat", "hub": "h-sport", "schooljaar": "2023-2024"},
        {"partner": "p-kent", "school": "s-stok", "schooljaar": "2023-2024"},
        {"partner": "p-judo", "school": "s-rees", "hub": "h-cultuur", "schooljaar": "2023-2024"},
        {"partner": "p-bereikt", "school": "s-stok", "hub": "h-sport", "schooljaar": "2023-2024"},
        {"partner": "p-los", "school": "s-quir", "schooljaar": "2023-2024"},
        {"partner": "p-ver", "school": "s-rees", "hub": "h-sport", "schooljaar": "2023-2024"},
    ],
    "wijkinzet": [{"partner": "p-inzet", "wijk": "w-stok", "schooljaar": "2023-2024"}],
}  # fmt: skip


@pytest.fixture(scope="module")
def gap_graph():
    return to_graph(Dataset.from_rows(GAP))


def test_gap_candidates_by_hand(gap_graph):
    found = gap_candidates(gap_graph, "w-stok", "h-sport")
    assert list(found.columns) == CANDIDATE_COLUMNS
    assert found[["partner", "score"]].values.tolist() == [
        ["p-buur", 5],
        ["p-gelijk", 4],
        ["p-kent", 3],
        ["p-judo", 2],
    ]
    first = found.iloc[0]
    assert first["partner_naam"] == "Buurtclub" and first["partner_type"] == "welzijn"
    assert first["lid_van_hub"]
    assert first["redenen"] == (
        "lid van hub Sport en gezondheid; actief in buurwijk Quirijnstok (zelfde stadsdeel Noord)"
    )
    by_id = found.set_index("partner")
    assert by_id.loc["p-gelijk", "redenen"] == (
        "lid van hub Sport en gezondheid; actief in vergelijkbare wijk Fatima (PacT ja, ses laag)"
    )
    assert by_id.loc["p-kent", "redenen"] == (
        "kent de wijk: al actief in Stokhasselt zonder hub; type past bij het domein sport"
    )
    # A partner of another hub whose type fits the domain appears with the domain reason.
    assert not by_id.loc["p-judo", "lid_van_hub"]
    assert by_id.loc["p-judo", "redenen"] == "type past bij het domein sport"


def test_gap_candidates_exclusions(gap_graph):
    found = set(gap_candidates(gap_graph, "w-stok", "h-sport", top=100)["partner"])
    assert "p-bereikt" not in found  # activity under the hub in the wijk
    assert "p-inzet" not in found  # wijkinzet in the wijk by a hub member
    assert "p-los" not in found  # no hub and no domain fit
    assert "p-ver" not in found  # member, but no reason about location or domain
    assert "p-koor" not in found


def test_gap_candidates_top_and_year(gap_graph):
    assert gap_candidates(gap_graph, "w-stok", "h-sport", top=2)["partner"].tolist() == [
        "p-buur",
        "p-gelijk",
    ]
    # In 2024-2025 nobody works anywhere: no location reasons, and p-bereikt and p-inzet no
    # longer reach the cell. Left: the domain fits (members 3 + 2, others 2), then by name.
    later = gap_candidates(gap_graph, "w-stok", "h-sport", "2024-2025", top=10)
    assert later[["partner_naam", "score"]].values.tolist() == [
        ["Bereikt al", 5],
        ["Inzetclub", 5],
        ["Judoschool", 2],
        ["Kenner", 2],
    ]


def test_gap_candidates_unknown_ids(gap_graph):
    with pytest.raises(LeaGraphError, match="w-nergens"):
        gap_candidates(gap_graph, "w-nergens", "h-sport")
    with pytest.raises(LeaGraphError, match="hub"):
        gap_candidates(gap_graph, "w-stok", "w-quir")


def test_gap_candidates_deterministic():
    # Same rows in another order give the same answer, and so does a second run.
    shuffled = {table: list(reversed(rows)) for table, rows in GAP.items()}
    a = gap_candidates(to_graph(Dataset.from_rows(GAP)), "w-stok", "h-sport", top=10)
    b = gap_candidates(to_graph(Dataset.from_rows(shuffled)), "w-stok", "h-sport", top=10)
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(
        a, gap_candidates(to_graph(Dataset.from_rows(GAP)), "w-stok", "h-sport", top=10)
    )


def test_missing_links_deterministic():
    shuffled = {table: list(reversed(rows)) for table, rows in LINKS.items()}
    a = missing_links(to_graph(Dataset.from_rows(LINKS)), top=None)
    b = missing_links(to_graph(Dataset.from_rows(shuffled)), top=None)
    pd.testing.assert_frame_equal(a, b)


def test_gap_suggestions(gap_graph):
    gaps = pd.DataFrame(
        {
            "wijk": ["w-stok", "w-stok", "w-rees"],
            "hub": ["h-sport", "h-cultuur", "h-cultuur"],
            "prioriteit": [3, 2, 1],
        }
    )
    found = gap_suggestions(gap_graph, gaps, per_gap=2)
    assert list(found.columns) == ["wijk", "wijk_naam", "hub", "hub_naam", *CANDIDATE_COLUMNS]
    # Stokhasselt × sport: the best two above. Stokhasselt × cultuur: p-koor (type, 2)
    # and p-judo (member; knows nothing there, type sport): only p-koor. Reeshof ×
    # cultuur: p-judo reaches it (activity under cultuur in Reeshof), p-koor is left.
    assert found[["wijk", "hub", "partner", "score"]].values.tolist() == [
        ["w-stok", "h-sport", "p-buur", 5],
        ["w-stok", "h-sport", "p-gelijk", 4],
        ["w-stok", "h-cultuur", "p-koor", 2],
        ["w-rees", "h-cultuur", "p-koor", 2],
    ]
    assert found.loc[0, "wijk_naam"] == "Stokhasselt"
    assert found.loc[2, "hub_naam"] == "Cultuur en muziek"
    empty = gap_suggestions(gap_graph, gaps.iloc[:0])
    assert empty.empty and list(empty.columns) == list(found.columns)
    with pytest.raises(ValueError, match="hub"):
        gap_suggestions(gap_graph, pd.DataFrame({"wijk": ["w-stok"]}))


def test_seed_gap_candidates_never_reach_the_cell(tilburg, seed_graph):
    # Reach straight from the tables: activity under the hub at a school in the wijk, or
    # wijkinzet in the wijk by a member of the hub.
    school_wijk = {r["id"]: r["wijk"] for r in tilburg.rows("scholen")}
    hubs_of = defaultdict(set)
    for r in tilburg.rows("hub_leden"):
        hubs_of[r["partner"]].add(r["hub"])
    reach = defaultdict(set)
    for r in tilburg.rows("activiteiten"):
        if r["hub"]:
            reach[(school_wijk[r["school"]], r["hub"])].add(r["partner"])
    for r in tilburg.rows("wijkinzet"):
        for hub in hubs_of[r["partner"]]:
            reach[(r["wijk"], hub)].add(r["partner"])
    cells = pd.DataFrame(
        [(w, h) for w in tilburg.ids("wijken") for h in tilburg.ids("hubs")],
        columns=["wijk", "hub"],
    )
    found = gap_suggestions(seed_graph, cells, per_gap=1000)
    assert len(found) > 0
    for row in found.itertuples(index=False):
        assert row.partner not in reach[(row.wijk, row.hub)]
        assert row.lid_van_hub == (row.hub in hubs_of[row.partner])
        assert 1 <= row.score <= 3 + 2 + 1 + 1 + 2
    for _, group in found.groupby(["wijk", "hub"], sort=False):
        keys = list(zip(-group["score"], group["partner_naam"], strict=True))
        assert keys == sorted(keys)


# -- the hub page's two lists per gap (lea_graph.analytics.entities.recruit_lists) --------------
#
# On the hand-built gap above (Stokhasselt × Sport en gezondheid), by hand:
#   members of Sport en gezondheid:  p-buur (5), p-gelijk (4)
#   never a member of this hub:      p-kent (3), p-judo (2; a member of Cultuur, not of Sport)


def test_recruit_lists_split_members_from_organisations_to_recruit(gap_graph):
    from lea_graph.analytics.entities import recruit_lists

    gaps = [{"wijk": "w-stok", "wijk_naam": "Stokhasselt", "soort": "één partner"}]
    cells = pd.DataFrame({"wijk": ["w-stok"], "hub": ["h-sport"]})
    found = gap_suggestions(gap_graph, cells, per_gap=100)
    (gap,) = recruit_lists(gaps, found.to_dict(orient="records"))
    assert gap["wijk_naam"] == "Stokhasselt" and gap["soort"] == "één partner"
    assert [p["partner"] for p in gap["leden"]] == ["p-buur", "p-gelijk"]
    assert [p["partner"] for p in gap["werven"]] == ["p-kent", "p-judo"]
    # The list says "members"; the reason "lid van hub" is not repeated in it.
    assert gap["leden"][0]["redenen"] == ["actief in buurwijk Quirijnstok (zelfde stadsdeel Noord)"]
    assert gap["werven"][0]["redenen"] == [
        "kent de wijk: al actief in Stokhasselt zonder hub",
        "type past bij het domein sport",
    ]
    # At most per_list in each list: a list of members never pushes out the recruits.
    (short,) = recruit_lists(gaps, found.to_dict(orient="records"), per_list=1)
    assert [p["partner"] for p in short["leden"]] == ["p-buur"]
    assert [p["partner"] for p in short["werven"]] == ["p-kent"]


def test_recruit_lists_never_list_a_member_to_recruit_nor_a_reason_twice():
    from lea_graph.analytics.entities import recruit_lists

    gaps = [{"wijk": "w-1", "wijk_naam": "Noord"}, {"wijk": "w-2", "wijk_naam": "Zuid"}]
    rows = [
        {"wijk": "w-1", "partner": "p-1", "partner_naam": "Club", "partner_type": "sport",
         "lid_van_hub": True, "score": 5, "redenen": "lid van hub H; a; a"},
        {"wijk": "w-1", "partner": "p-1", "partner_naam": "Club", "partner_type": "sport",
         "lid_van_hub": True, "score": 5, "redenen": "lid van hub H; a"},  # twice: listed once
        {"wijk": "w-1", "partner": "p-2", "partner_naam": "Koor", "partner_type": "cultuur",
         "lid_van_hub": False, "score": 2, "redenen": "b; c; b"},
    ]  # fmt: skip
    noord, zuid = recruit_lists(gaps, rows)
    assert [(p["partner"], p["redenen"]) for p in noord["leden"]] == [("p-1", ["a"])]
    assert [(p["partner"], p["redenen"]) for p in noord["werven"]] == [("p-2", ["b", "c"])]
    assert zuid["leden"] == [] and zuid["werven"] == []  # a gap without candidates stays
    with pytest.raises(ValueError):
        recruit_lists(gaps, rows, per_list=-1)


def test_a_wijk_that_is_a_buurwijk_and_similar_is_named_once(gap_graph):
    # Heikant: Noord like Stokhasselt (a buurwijk) and PacT ja, ses laag (similar) too.
    data = {k: list(v) for k, v in GAP.items()}
    data["wijken"] = [*GAP["wijken"], {"id": "w-heik", "naam": "Heikant", "stadsdeel": "Noord",
                                        "pact": "ja", "ses": "laag"}]  # fmt: skip
    data["scholen"] = [*GAP["scholen"], {"id": "s-heik", "naam": "De Heik", "sector": "po",
                                          "wijk": "w-heik"}]  # fmt: skip
    data["partners"] = [*GAP["partners"], {"id": "p-heik", "naam": "Heikclub", "type": "welzijn"}]
    data["hub_leden"] = [*GAP["hub_leden"], {"partner": "p-heik", "hub": "h-sport"}]
    data["activiteiten"] = [*GAP["activiteiten"], {"partner": "p-heik", "school": "s-heik",
                                                    "hub": "h-sport", "schooljaar": "2023-2024"}]  # fmt: skip
    found = gap_candidates(to_graph(Dataset.from_rows(data)), "w-stok", "h-sport")
    heik = found.set_index("partner").loc["p-heik"]
    assert heik["score"] == 3 + 2 + 1  # member, buurwijk, similar: the points stay
    assert heik["redenen"] == (
        "lid van hub Sport en gezondheid; "
        "actief in buurwijk Heikant (zelfde stadsdeel Noord, ook zelfde PacT en ses)"
    )
    assert heik["redenen"].count("Heikant") == 1


def test_a_pair_named_in_the_samenwerkingsmonitor_is_not_missing(links_graph):
    # The monitor says a and b work together: a-b is no longer suggested, and with
    # top=2 the next pairs move up (the left-out pair does not cost a place).
    known = [frozenset(("p-b", "p-a")), frozenset(("p-x", "p-a"))]  # p-x is not in the network
    assert _pairs(missing_links(links_graph, top=2, bekend=known)) == [
        ("p-b", "p-c", 0.917),
        ("p-c", "p-d", 0.75),
    ]
    assert _pairs(missing_links(links_graph, top=None, bekend=[("p-d", "p-c")])) == [
        ("p-a", "p-b", 2.75),
        ("p-b", "p-c", 0.917),
        ("p-a", "p-d", 0.583),
    ]
