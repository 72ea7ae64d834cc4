"""The rows of the entity pages (lea_graph/analytics/entities.py), on the tiny network
whose answers are worked out by hand (tests/helpers.py TINY)."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import TINY

from lea_graph.analytics.coverage import school_domains
from lea_graph.analytics.entities import (
    broker_of,
    heatmap_rows,
    hub_rows,
    hub_tables,
    kaart_rows,
    node_facts,
    partner_rows,
    partner_suggestions,
    programma_rows,
    programma_work,
    relation_rows,
    school_domain,
    school_rows,
    wijk_rows,
    wijk_tables,
)
from lea_graph.analytics.network import Network
from lea_graph.dataset import Dataset
from lea_graph.graph import to_graph


@pytest.fixture(scope="module")
def g():
    return to_graph(Dataset.from_rows(TINY))


def _by(rows, key):
    return {r[key]: r for r in rows}


def test_relation_rows_name_both_ends_and_the_schools_wijk(g):
    rows = sorted(relation_rows(Network(g), "p-muziek", "activiteiten"), key=lambda r: r["school"])
    assert [(r["school_naam"], r["wijk_naam"], r["schooljaar"]) for r in rows] == [
        ("School A", "Noord", "2023-2024"),
        ("School C", "Zuid", "2024-2025"),
    ]
    assert (rows[0]["programma_naam"], rows[0]["hub_naam"], rows[0]["deelnemers"]) == (
        "Cultuurcoaches",
        "Cultuur en muziek",
        25,
    )
    assert rows[1]["programma"] is None and rows[1]["programma_naam"] == ""
    assert [
        r["school"] for r in relation_rows(Network(g, "2024-2025"), "p-muziek", "activiteiten")
    ] == ["s-c"]
    incoming = relation_rows(Network(g), "s-a", "activiteiten", incoming=True)
    assert sorted(r["partner_naam"] for r in incoming) == ["Dansgroep Éénheid", "Muziekschool Café"]
    [member] = relation_rows(Network(g), "p-muziek", "hub_leden")
    assert (member["hub"], member["hub_naam"], member["rol"]) == (
        "h-cultuur",
        "Cultuur en muziek",
        "trekker",
    )


def test_partner_rows_count_per_year(g):
    rows = _by(partner_rows(Network(g)), "partner")
    assert set(rows) == {"p-muziek", "p-dans", "p-voetbal", "p-los", "p-welzijn"}
    muziek = rows["p-muziek"]
    assert (muziek["naam"], muziek["type"], muziek["hubs"]) == (
        "Muziekschool Café",
        "cultuur",
        "Cultuur en muziek",
    )
    assert (muziek["activiteiten"], muziek["scholen"], muziek["samenwerkingen"]) == (2, 2, 1)
    assert (rows["p-welzijn"]["activiteiten"], rows["p-welzijn"]["samenwerkingen"]) == (0, 1)
    assert rows["p-los"]["hubs"] == ""
    later = _by(partner_rows(Network(g, "2024-2025")), "partner")
    assert (later["p-muziek"]["activiteiten"], later["p-los"]["activiteiten"]) == (1, 0)
    assert all(isinstance(r["activiteiten"], int) for r in later.values())


def test_school_rows_and_one_schools_domains(g):
    net = Network(g)
    domains = school_domains(g)
    rows = _by(school_rows(net, domains), "school")
    assert set(rows) == {"s-a", "s-b", "s-c", "s-d"}
    a = rows["s-a"]
    assert (a["naam"], a["wijk_naam"], a["leerlingen"], a["activiteiten"], a["partners"]) == (
        "School A", "Noord", 200, 2, 2,
    )  # fmt: skip
    assert (rows["s-d"]["activiteiten"], rows["s-d"]["partners"]) == (0, 0)
    assert school_domain(domains, "s-a")["school"] == "s-a"
    assert school_domain(domains, "s-niemand") == {}


def test_programma_rows_and_one_programmes_work(g):
    [row] = programma_rows(Network(g))
    assert row == {
        "programma": "pr-coach", "naam": "Cultuurcoaches", "cluster": "Brede talentontwikkeling",
        "thema": "Cultuur en muziek", "partners": 1, "activiteiten": 1, "wijkinzet": 0, "bron": "",
    }  # fmt: skip
    work = programma_work(Network(g), "pr-coach")
    assert work["cluster"] == {"id": "c-talent", "naam": "Brede talentontwikkeling"}
    [act] = work["activiteiten"]
    assert (act["partner_naam"], act["school_naam"], act["wijk_naam"], act["deelnemers"]) == (
        "Muziekschool Café", "School A", "Noord", 25,
    )  # fmt: skip
    assert work["wijkinzet"] == []
    assert programma_work(Network(g, "2024-2025"), "pr-coach")["activiteiten"] == []


def test_suggestions_and_broker_rank_of_one_partner(g):
    links = pd.DataFrame(
        [{"partner_a": "p-dans", "partner_a_naam": "Dansgroep Éénheid", "partner_b": "p-voetbal",
          "partner_b_naam": "Voetbalclub", "score": 0.5, "toelichting": "x"}]
    )  # fmt: skip
    [one] = partner_suggestions(links, "p-voetbal")
    assert (one["partner"], one["partner_naam"], one["score"]) == (
        "p-dans",
        "Dansgroep Éénheid",
        0.5,
    )
    assert partner_suggestions(links, "p-los") == []
    brokers = pd.DataFrame(
        [{"partner": "p-muziek", "rang": 1, "betweenness": 0.25, "toelichting": "y", "x": 0}]
    )
    assert broker_of(brokers, "p-muziek") == {"rang": 1, "betweenness": 0.25, "toelichting": "y"}
    assert broker_of(brokers, "p-los") is None


def test_hub_rows_count_members_reach_and_gaps(g):
    from lea_graph.analytics.coverage import coverage_gaps, coverage_matrix
    from lea_graph.analytics.isolation import bastion_scores

    net = Network(g)
    coverage = coverage_matrix(g)
    gaps = coverage_gaps(g)
    rows = _by(hub_rows(net, coverage, gaps, bastion_scores(g)), "hub")
    cultuur, sport = rows["h-cultuur"], rows["h-sport"]
    assert (cultuur["naam"], cultuur["domein"], cultuur["leden"], sport["leden"]) == (
        "Cultuur en muziek", "cultuur", 2, 1,
    )  # fmt: skip
    # Cultuur reaches Noord (School A) and Zuid (School C); Sport only Noord.
    assert (cultuur["wijken_bereikt"], sport["wijken_bereikt"]) == (2, 1)
    assert cultuur["wijken"] == sport["wijken"] == 2
    assert cultuur["gaten"] == int((gaps["hub"] == "h-cultuur").sum())
    assert sport["gaten"] >= 1
    assert cultuur["bastionscore"] is None or 0 <= cultuur["bastionscore"] <= 1


def test_node_facts_give_a_schools_wijk_and_skip_unknown_nodes(g):
    facts = node_facts(g, ["s-a", "w-zuid", "p-muziek", "niet-in-het-netwerk"])
    assert set(facts) == {"s-a", "w-zuid", "p-muziek"}
    assert (facts["s-a"]["kind"], facts["s-a"]["wijk"], facts["s-a"]["wijk_naam"]) == (
        "school",
        "w-noord",
        "Noord",
    )
    assert (facts["w-zuid"]["naam"], facts["w-zuid"]["wijk"]) == ("Zuid", None)
    assert (facts["p-muziek"]["kind"], facts["p-muziek"]["stadsdeel"]) == ("partner", "")


@pytest.fixture(scope="module")
def wijk_analyses(g):
    from lea_graph.analytics.coverage import coverage_gaps, coverage_matrix
    from lea_graph.analytics.wijkpartners import partners_in_wijk

    return Network(g), coverage_matrix(g), coverage_gaps(g), partners_in_wijk(g)


# By hand: Noord has School A (Muziekschool and Dansgroep under Cultuur) and School B
# (Voetbal under Sport, which also has wijkinzet in Noord); Zuid has School C (Muziekschool
# under Cultuur, and one activity without a hub) and Opvang D. So Cultuur has 2 partners in
# Noord and 1 in Zuid, Sport 1 in Noord and none in Zuid: three gaps.


def test_wijk_rows_count_schools_activities_hubs_and_gaps(wijk_analyses):
    net, matrix, gaps, partners = wijk_analyses
    rows = _by(wijk_rows(net, matrix, gaps, partners), "wijk")
    noord, zuid = rows["w-noord"], rows["w-zuid"]
    assert (noord["naam"], noord["pact"], noord["ses"]) == ("Noord", "ja", "laag")
    assert (noord["scholen"], noord["activiteiten"], noord["hubs"], noord["gaten"]) == (2, 3, 2, 1)
    assert (zuid["scholen"], zuid["activiteiten"], zuid["hubs"], zuid["gaten"]) == (2, 2, 1, 2)


def test_kaart_rows_give_partners_per_hub_gaps_and_reach(g, wijk_analyses):
    from lea_graph.analytics.indicators import wijk_reach

    net, matrix, gaps, partners = wijk_analyses
    reaches = {w: wijk_reach(g, w) for w in net.ids["wijk"]}
    noord, zuid = kaart_rows(net, matrix, gaps, partners, reaches, {"w-noord"})  # by name
    assert noord["partners_per_hub"] == {"h-cultuur": 2, "h-sport": 1}
    assert zuid["partners_per_hub"] == {"h-cultuur": 1, "h-sport": 0}
    assert (noord["gaten"], noord["gaten_zonder"], noord["gaten_een"]) == (1, 0, 1)
    assert (zuid["gaten"], zuid["gaten_zonder"], zuid["gaten_een"]) == (2, 1, 1)
    assert (noord["wijkgrens"], zuid["wijkgrens"]) == (True, False)
    assert noord["doel_pct"] == 100 and zuid["doel_pct"] is None  # PacT: 100%
    assert noord["ondergrens_pct"] <= noord["bovengrens_pct"]
    assert not noord["partners_voorbeeld"]


def test_wijk_tables_hold_one_wijks_schools_gaps_and_candidates(g, wijk_analyses):
    net, _, gaps, _ = wijk_analyses
    candidates = pd.DataFrame([{"wijk": "w-noord", "hub": "h-sport", "partner": "p-los"}])
    found = wijk_tables(net, "w-zuid", school_domains(g), gaps, candidates)
    assert sorted(r["school"] for r in found["scholen"]) == ["s-c", "s-d"]
    assert all("bron" in r for r in found["scholen"])
    assert sorted(r["hub"] for r in found["gaten"]) == ["h-cultuur", "h-sport"]
    assert found["kandidaten"] == []
    noord = wijk_tables(net, "w-noord", school_domains(g), gaps, candidates)
    assert [r["partner"] for r in noord["kandidaten"]] == ["p-los"]


def test_heatmap_rows_sum_partners_per_wijk_and_hub(wijk_analyses):
    net, matrix, _, _ = wijk_analyses
    heatmap = heatmap_rows(net, matrix)
    assert heatmap.columns == ["Cultuur en muziek", "Sport en gezondheid"]
    assert not heatmap.per_domain
    rows = _by(heatmap.rows, "wijk")
    assert (rows["w-noord"]["Cultuur en muziek"], rows["w-noord"]["Sport en gezondheid"]) == (2, 1)
    assert rows["w-zuid"]["Sport en gezondheid"] == 0
    assert rows["w-zuid"]["Sport en gezondheid__gat"] == "geen partner"
    assert rows["w-noord"]["Cultuur en muziek__gat"] is None


def test_hub_tables_hold_one_hubs_cells_gaps_and_bastion(g, wijk_analyses):
    from lea_graph.analytics.isolation import bastion_scores

    net, matrix, gaps, _ = wijk_analyses
    found = hub_tables(net, "h-sport", matrix, gaps, bastion_scores(g))
    assert sorted((r["wijk"], r["partners"]) for r in found["bereik"]) == [
        ("w-noord", 1),
        ("w-zuid", 0),
    ]
    assert all("ses_bron" in r for r in found["bereik"])
    # No wijk of TINY has a stadsdeel: one group, named so.
    assert list(found["stadsdelen"]) == ["Zonder stadsdeel"]
    assert [r["wijk"] for r in found["stadsdelen"]["Zonder stadsdeel"]] == ["w-noord", "w-zuid"]
    assert sorted(r["wijk"] for r in found["gaten"]) == ["w-noord", "w-zuid"]
    assert isinstance(found["bastion"], str)
