"""The whole report on the seed: it finds what the seed was shaped to contain, agrees
with the store's Cypher answers, and comes out as Markdown, JSON and Excel."""

from __future__ import annotations

import json
from collections import defaultdict

import openpyxl
import pytest

from lea_graph.analytics.report import SECTIONS, analyse, report_json, write_report_xlsx
from lea_graph.cli import cli
from lea_graph.graph import to_graph
from lea_graph.store.embedded import EmbeddedStore


@pytest.fixture(scope="module")
def report(tilburg):
    return analyse(to_graph(tilburg), seed=0)


@pytest.fixture(scope="module")
def store(tilburg, tmp_path_factory):
    with EmbeddedStore(tmp_path_factory.mktemp("report")) as s:
        s.load(tilburg)
        yield s


def test_report_finds_what_the_seed_was_shaped_to_contain(report, tilburg):
    # The thin PacT wijk: Wandelbos Noord is hardly reached (buurtsport and welzijn work
    # in every PacT wijk, little else there), so it is a gap for at least five of the six
    # hubs, four of them without any partner, and the 100% PacT target is missed.
    thin = report.gaps[report.gaps["wijk"] == "w-wandelbos-noord"]
    assert len(thin) >= 5 and (thin["soort"] == "geen partner").sum() >= 4
    assert report.gaps.iloc[0]["pact"] == "ja"  # the most urgent gap is in a PacT wijk
    targets = {i.code: i for i in report.targets}
    assert targets["pact"].status == "niet gehaald"
    # A few isolated partners, and locations without any activity.
    assert 2 <= len(report.isolated) <= 10
    assert len(report.idle) > 0
    # Hubs as closed bastions: members mostly collaborate inside their own hub.
    cross = report.health.set_index("schooljaar").loc["alle jaren", "aandeel_tussen_hubs"]
    assert cross < 0.6
    # Brokers, communities, missing links and cut points are all found.
    assert report.brokers.iloc[0]["betweenness"] > 0
    assert report.communities.modularity > 0 and len(report.community_table) > 1
    assert len(report.missing_links) == 50
    assert len(report.cut) > 0
    assert len(report.gap_candidates) > 0
    assert set(report.seconds) >= {"coverage", "brokers", "communities", "missing_links"}


def test_report_agrees_with_the_store(report, store):
    """The same questions answered by Cypher on the store and by networkx give one answer."""
    isolated = {r["partner"] for r in store.query("geisoleerde_partners")}
    assert set(report.isolated["partner"]) == isolated
    idle = {r["school"] for r in store.query("locaties_zonder_activiteit")}
    assert set(report.idle["school"]) == idle
    cells = defaultdict(set)
    acts = defaultdict(int)
    for r in store.query("hub_wijk_dekking"):
        cells[(r["wijk"], r["hub"])] |= set(r["partners"])
        if r["via"] == "school":
            acts[(r["wijk"], r["hub"])] += r["aantal"]
    for r in report.coverage.itertuples():
        assert r.partners == len(cells[(r.wijk, r.hub)]), (r.wijk, r.hub)
        assert r.activiteiten == acts[(r.wijk, r.hub)]
    # And a report from the store's graph is the same report.
    again = analyse(store.to_networkx(), seed=0)
    assert report_json(again) | {"gemaakt_op": "", "seconden": {}} == report_json(report) | {
        "gemaakt_op": "",
        "seconden": {},
    }


def test_report_is_deterministic(report, tilburg):
    again = analyse(to_graph(tilburg), seed=0)
    a, b = report_json(report), report_json(again)
    for key in ("gemaakt_op", "seconden"):
        a.pop(key), b.pop(key)
    assert a == b


def test_json_and_xlsx_output(report, tmp_path):
    data = json.loads(json.dumps(report_json(report)))
    assert {attr for attr, _, _ in SECTIONS} <= set(data)
    assert data["targets"][0]["doel"] == 1.0
    path = write_report_xlsx(report, tmp_path / "analyse.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Samenvatting", *[title for _, title, _ in SECTIONS]]
    gaps = wb["Gaten"]
    headers = [c.value for c in gaps[2]]
    assert headers[:3] == ["Rang", "Wijk", "Naam wijk"] and "PacT-wijk" in headers
    assert gaps.cell(3, 1).value == 1
    assert all(c.data_type != "f" for row in gaps.iter_rows() for c in row)


def test_cli_analyse(runner, seed_dir, tmp_path):
    md = runner.invoke(cli, ["analyse", str(seed_dir), "--schooljaar", "2024-2025"])
    assert md.exit_code == 0, md.output
    for _, title, _ in SECTIONS:
        assert f"## {title}" in md.output
    out = tmp_path / "a.json"
    result = runner.invoke(cli, ["analyse", "--format", "json", "--out", str(out), "--top", "5"])
    assert result.exit_code == 0
    assert len(json.loads(out.read_text())["missing_links"]) == 5
    xlsx = runner.invoke(cli, ["analyse", "--format", "xlsx"])
    assert xlsx.exit_code != 0 and "--out" in xlsx.output
    bad = runner.invoke(cli, ["analyse", "--schooljaar", "2024"])
    assert bad.exit_code != 0 and "schooljaar" in bad.output


def test_targets_read_the_same_in_every_format(report, tmp_path):
    """The bounds and status of a target are the same words in Markdown, JSON, Excel."""
    from lea_graph.analytics.report import report_markdown

    pact = next(i for i in report.targets if i.code == "pact")
    assert pact.bereik.startswith("tussen ")
    md = report_markdown(report)
    row = next(line for line in md.splitlines() if line.startswith("| pact |"))
    assert pact.bereik in row and pact.status in row and pact.toelichting[:60] in row
    data = report_json(report)["targets"][0]
    assert (data["bereik"], data["status"]) == (pact.bereik, pact.status)
    assert (data["ondergrens"], data["bovengrens"]) == (pact.ondergrens, pact.bovengrens)
    out = write_report_xlsx(report, tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(out)["LEA-doelen"]
    header = [c.value for c in sheet[2]]  # row 1 says what the sheet is
    values = dict(zip(header, [c.value for c in sheet[3]], strict=True))
    assert values["Bereik"] == pact.bereik and values["Status"] == pact.status


@pytest.mark.parametrize("year", ["2023-2024", "2024-2025"])
def test_isolated_partners_per_schooljaar_agree_with_the_store(tilburg, store, year):
    """One schooljaar rule: Cypher and the analytics give the same isolated partners."""
    from lea_graph.analytics.isolation import isolated_partners

    cypher = {
        r["partner"]: r["activiteiten"]
        for r in store.query("geisoleerde_partners", schooljaar=year)
    }
    isolated = isolated_partners(to_graph(tilburg), year)
    got = dict(zip(isolated["partner"], isolated["activiteiten"], strict=True))
    assert cypher == got
