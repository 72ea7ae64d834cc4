"""The report at the size of the country: a summary to read, the whole tables as files.

On the Tilburg seed and on a generated network of three gemeenten: the CSV tables read
back equal the report's own tables row for row and column for column; the JSON holds
the first ``--top`` rows of each table and says where the rest is; the per-gemeente
rows add up to the whole network.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lea_graph.analytics.report import SECTIONS, analyse, header, table_name, write_tables
from lea_graph.cli import cli
from lea_graph.export import write_csv_folder
from lea_graph.generate import generate_synthetic
from lea_graph.graph import to_graph

#: Rows per table in the summaries the tests ask for.
TOP = 5

#: What a spreadsheet could read as a formula (the CSV files are for people).
FORMULA = ("=", "+", "-", "@", "\t", "\r")


# -- the two networks -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def generated_dir(tmp_path_factory) -> Path:
    """Three made-up gemeenten (with national organisations) as a folder of CSV files."""
    folder = tmp_path_factory.mktemp("drie") / "drie-gemeenten"
    write_csv_folder(generate_synthetic(3, seed=1), folder)
    return folder


@pytest.fixture(scope="module", params=["seed", "drie gemeenten"])
def network(request, seed_dir, generated_dir):
    """``(folder, graph, report)``: the report as ``lea-graph analyse --top 5`` makes it."""
    from lea_graph.ingest import read_dataset

    folder = seed_dir if request.param == "seed" else generated_dir
    report = read_dataset(folder)
    assert report.ok
    g = to_graph(report.dataset)
    return folder, g, analyse(g, seed=0, top=TOP)


# -- the same values written the same way, by hand --------------------------------------------


def as_text(value) -> str:
    """A cell as the CSV files should hold it: empty for missing, ja/nee, whole numbers
    without decimals, others rounded to 4, formula-like text behind an apostrophe."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, bool | np.bool_):
        return "ja" if value else "nee"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return ""
        value = float(value)
        return str(int(value)) if value.is_integer() else repr(round(value, 4))
    text = str(value)
    return "'" + text if text.startswith(FORMULA) else text


def as_json(value):
    """A cell as the JSON should hold it: null for missing, plain Python numbers."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, as the explorer's downloads"
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), "CRLF line ends"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh, delimiter=";"))


# -- the tables as files ------------------------------------------------------------------------


def test_csv_tables_read_back_equal_the_report(network, tmp_path):
    _, _, report = network
    tables = write_tables(report, tmp_path / "tabellen")
    assert list(tables) == [attr for attr, _, _ in SECTIONS]
    for attr, _, _ in SECTIONS:
        frame = report.frame(attr)
        rows = read_csv(tables[attr].csv)
        assert rows[0] == [header(c) for c in frame.columns], attr
        expected = [[as_text(v) for v in row] for row in frame.itertuples(index=False)]
        assert rows[1:] == expected, attr
        assert tables[attr].rows == len(frame)
        assert tables[attr].columns == [str(c) for c in frame.columns]


def test_tables_are_written_a_block_at_a_time(network, tmp_path):
    """Blocks of 7 rows give the very same files as blocks of thousands."""
    _, _, report = network
    small = write_tables(report, tmp_path / "klein", chunk_rows=7)
    large = write_tables(report, tmp_path / "groot")
    assert any(t.rows > 7 for t in small.values())
    for attr in small:
        assert small[attr].csv.read_bytes() == large[attr].csv.read_bytes(), attr


def test_parquet_tables_when_pyarrow_is_installed(network, tmp_path):
    pytest.importorskip("pyarrow")
    _, _, report = network
    tables = write_tables(report, tmp_path / "tabellen", chunk_rows=7)
    for attr, table in tables.items():
        back = pd.read_parquet(table.parquet)
        frame = report.frame(attr)
        assert list(back.columns) == [str(c) for c in frame.columns]
        assert len(back) == len(frame), attr
        pairs = zip(back.itertuples(index=False), frame.itertuples(index=False), strict=True)
        for got, want in pairs:
            assert [as_json(v) for v in got] == [as_json(v) for v in want], attr


# -- what a person reads ------------------------------------------------------------------------


def test_json_summary_holds_the_top_rows_and_where_the_rest_is(network, runner, tmp_path):
    folder, _, report = network
    out = tmp_path / "rapport.json"
    args = ["analyse", str(folder), "--format", "json", "--out", str(out), "--top", str(TOP)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["rijen_per_tabel"] == TOP
    for attr, title, _ in SECTIONS:
        frame = report.frame(attr)
        listing = data["tabellen"][attr]
        assert listing["titel"] == title and listing["rijen"] == len(frame)
        assert listing["kolommen"] == [str(c) for c in frame.columns]
        csv_file = out.parent / listing["bestand"]
        assert csv_file.parent == tmp_path / "rapport-tabellen"
        assert len(read_csv(csv_file)) == len(frame) + 1, attr
        if attr == "targets":  # the four targets come with their numbers, all of them
            continue
        head = [
            {str(c): as_json(v) for c, v in zip(frame.columns, row, strict=True)}
            for row in frame.head(TOP).itertuples(index=False)
        ]
        assert data[attr] == head, attr


def test_json_does_not_hold_whole_tables(network, runner):
    """Without --out the summary goes to the screen: no more rows than --top, and no
    table files."""
    folder, g, _ = network
    top = 3  # also how many gaps get candidates, and how many missing links are found
    report = analyse(g, seed=0, top=top)
    result = runner.invoke(cli, ["analyse", str(folder), "--format", "json", "--top", str(top)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    longer = [attr for attr, _, _ in SECTIONS if len(report.frame(attr)) > top]
    assert len(longer) >= 5  # the test means something
    for attr, _, _ in SECTIONS:
        if attr == "targets":
            assert len(data[attr]) == len(report.targets) == 4
            continue
        assert len(data[attr]) == min(top, len(report.frame(attr))), attr
        assert data["tabellen"][attr]["bestand"] is None
        assert data["tabellen"][attr]["rijen"] == len(report.frame(attr))


def test_markdown_says_where_the_whole_tables_are(runner, seed_dir, tmp_path):
    out = tmp_path / "rapport.md"
    result = runner.invoke(cli, ["analyse", str(seed_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Alle rijen staan in CSV-bestanden in de map rapport-tabellen." in text
    assert "(alle rijen: rapport-tabellen/gaten.csv)" in text
    assert (tmp_path / "rapport-tabellen" / "gaten.csv").is_file()
    screen = runner.invoke(cli, ["analyse", str(seed_dir), "--top", "2"])
    assert screen.exit_code == 0, screen.output
    assert "met --tabellen MAP" in screen.output
    chosen = tmp_path / "elders"
    args = ["analyse", str(seed_dir), "--format", "xlsx", "--out", str(tmp_path / "r.xlsx")]
    result = runner.invoke(cli, [*args, "--tabellen", str(chosen)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in chosen.iterdir()) == sorted(
        f"{table_name(attr)}.csv" for attr, _, _ in SECTIONS
    )


def to_graph_of(folder: Path):
    from lea_graph.ingest import read_dataset

    return to_graph(read_dataset(folder).dataset)


# -- per gemeente -------------------------------------------------------------------------------


def test_per_gemeente_adds_up_to_the_whole_network(network):
    _, g, report = network
    rows = report.per_gemeente
    assert rows["wijken"].sum() == report.size["wijk"]
    assert rows["scholen"].sum() == report.size["school"]
    assert rows["hubs"].sum() == report.size.get("hub", 0)
    assert rows["partners"].sum() == report.size["partner"]
    assert rows["gaten"].sum() == len(report.gaps)
    assert rows["geisoleerde_partners"].sum() == len(report.isolated)
    assert rows["zonder_activiteit"].sum() == len(report.idle)
    for target in report.targets[:2]:
        assert rows[f"{target.code}_leerlingen"].sum() == target.leerlingen
        assert rows[f"{target.code}_bereikt_min"].sum() == target.bereikt_min
        assert rows[f"{target.code}_bereikt_max"].sum() == target.bereikt_max
    # Counted by hand from the graph: wijken and gaps per gemeente.
    gemeente = {n: d.get("gemeente") for n, d in g.nodes(data=True) if d.get("kind") == "wijk"}
    by_row = rows.set_index("gemeente")
    for name in set(gemeente.values()):
        assert by_row.loc[name, "wijken"] == sum(1 for v in gemeente.values() if v == name)
        assert by_row.loc[name, "gaten"] == sum(
            1 for w in report.gaps["wijk"] if gemeente[w] == name
        )


def test_three_gemeenten_and_the_organisations_in_several(generated_dir):
    g = to_graph_of(generated_dir)
    report = analyse(g, seed=0, top=TOP)
    names = report.per_gemeente["gemeente"].tolist()
    assert names[:3] == [f"Voorbeeldgemeente {k}" for k in (1, 2, 3)]
    several = report.per_gemeente.set_index("gemeente").loc["Meer gemeenten"]
    national = [n for n in g if str(n).startswith("nl-p-")]
    assert several["partners"] == len(national) and several["wijken"] == 0
    # The coverage table per domain: a column per domain, not one per hub of every gemeente.
    table = report.coverage_table
    assert list(table.columns[:2]) == ["gemeente", "wijk"]
    assert set(table.columns[2:]) <= {
        "Cultuur",
        "Sport",
        "Techniek",
        "Natuur",
        "Werk",
        "Burgerschap",
    }
    assert len(table) == report.size["wijk"]


def test_one_gemeente_keeps_a_column_per_hub(tilburg):
    report = analyse(to_graph(tilburg), seed=0)
    hubs = sorted(r["naam"] for r in tilburg.rows("hubs"))
    assert list(report.coverage_table.columns) == ["wijk", *hubs]
    assert report.per_gemeente["gemeente"].iloc[0] == "Tilburg"


def test_tables_guard_formulas(tmp_path):
    """The CSV tables are files for people: a partner named "=1+1" is written "'=1+1"
    (:func:`lea_graph.spreadsheet.safe_cell`), a negative number stays a number."""
    from lea_graph.dataset import Dataset

    ds = Dataset.from_rows(
        {
            "wijken": [{"id": "w-1", "naam": "Noord"}],
            "scholen": [{"id": "s-1", "naam": "School A", "sector": "po", "wijk": "w-1"}],
            "partners": [
                {"id": "p-eq", "naam": "=1+1", "type": "cultuur"},
                {"id": "p-at", "naam": "@SUM(A1)", "type": "cultuur"},
                {"id": "p-min", "naam": "-2", "type": "sport"},
            ],
            "activiteiten": [{"partner": p, "school": "s-1"} for p in ("p-eq", "p-at", "p-min")],
        }
    )
    report = analyse(to_graph(ds), seed=0)
    rows = read_csv(write_tables(report, tmp_path)["isolated"].csv)
    names = {row[rows[0].index(header("partner_naam"))] for row in rows[1:]}
    assert names == {"'=1+1", "'@SUM(A1)", "'-2"}
