"""The export for Kumu (lea_graph/kumu.py) on a hand-made network: the rows worked out
by hand, names made unique, formulas escaped; and the same workbook from the download on
/gegevens (on both stores) and from ``lea-graph export --format kumu``."""

from __future__ import annotations

import io

import openpyxl
import pytest
from helpers import STORE_BACKENDS

from lea_graph.dataset import Dataset
from lea_graph.graph import to_graph
from lea_graph.kumu import CONNECTION_COLUMNS, ELEMENT_COLUMNS, kumu_rows, write_kumu_xlsx

#: A cluster and a thema; a hub and the thema share the name "Cultuur"; two partners are
#: both called Muziekschool (one in lower case); one partner's name is a formula and its
#: description starts with "+"; one school (made up) in wijk Noord (stadsdeel Oost, PacT).
ROWS = {
    "clusters": [{"id": "c-talent", "naam": "Talent"}],
    "themas": [{"id": "t-cultuur", "naam": "Cultuur", "cluster": "c-talent"}],
    "hubs": [{"id": "h-cultuur", "naam": "Cultuur", "domein": "cultuur",
              "beschrijving": "Cultuuraanbod."}],
    "wijken": [{"id": "w-noord", "naam": "Noord", "stadsdeel": "Oost", "pact": "ja"}],
    "scholen": [{"id": "s-a", "naam": "School A", "sector": "po", "wijk": "w-noord",
                 "leerlingen": "200", "bron": "voorbeeld"}],
    "partners": [
        {"id": "p-formule", "naam": '=HYPERLINK("https://x.nl")', "type": "overig",
         "beschrijving": "+31 13 000 00 00"},
        {"id": "p-m1", "naam": "Muziekschool", "type": "cultuur"},
        {"id": "p-m2", "naam": "muziekschool", "type": "cultuur", "website": "https://m2.nl/"},
    ],
    "hub_leden": [{"partner": "p-m1", "hub": "h-cultuur", "rol": "trekker"}],
    "activiteiten": [{"partner": "p-m1", "school": "s-a", "hub": "h-cultuur",
                      "schooljaar": "2024-2025", "deelnemers": "25", "bron": "voorbeeld"}],
    "samenwerkingen": [{"partner_a": "p-m1", "partner_b": "p-formule", "soort": "aanbod"}],
}  # fmt: skip

EXPECTED_ELEMENTS = [
    ["c-talent", "Talent", "Cluster", "", ""],
    ["t-cultuur", "Cultuur (Thema)", "Thema", "Cluster: Talent", ""],
    ["h-cultuur", "Cultuur (Hub)", "Hub", "Cultuuraanbod.\n\nDomein: cultuur en muziek", ""],
    ["p-formule", '=HYPERLINK("https://x.nl")', "Partner", "+31 13 000 00 00\n\nType: overig", ""],
    ["p-m1", "Muziekschool (Partner, p-m1)", "Partner", "Type: cultuur en muziek", "Cultuur"],
    ["p-m2", "muziekschool (Partner, p-m2)", "Partner",
     "Type: cultuur en muziek  \nWebsite: https://m2.nl/", ""],
    ["w-noord", "Noord", "Wijk", "Stadsdeel: Oost  \nPacT-wijk: ja", "Oost|PacT-wijk"],
    ["s-a", "School A", "School",
     "Sector: primair onderwijs  \nWijk: Noord  \nLeerlingen: 200  \n"
     "Verzonnen voorbeeldgegevens (bron=voorbeeld)", "Oost|voorbeeld"],
]  # fmt: skip

EXPECTED_CONNECTIONS = [
    ["p-m1", "h-cultuur", "Hublidmaatschap", "Rol: trekker", ""],
    ["p-m1", "s-a", "Activiteit", "Hub: Cultuur  \nSchooljaar: 2024-2025  \nDeelnemers: 25  \n"
     "Verzonnen voorbeeldgegevens (bron=voorbeeld)", "2024-2025|voorbeeld"],
    ["p-m1", "p-formule", "Samenwerking", "Soort: aanbod", ""],
    ["s-a", "w-noord", "Ligt in", "", ""],
    ["t-cultuur", "c-talent", "Hoort bij", "", ""],
]  # fmt: skip


@pytest.fixture(scope="module")
def network():
    return Dataset.from_rows(ROWS)


def _sheet(wb, name: str) -> list[list]:
    return [list(row) for row in wb[name].iter_rows(values_only=True)]


def _escaped(rows: list[list[str]]) -> list[list]:
    """The rows as they stand in the workbook: empty cells are None; a cell that a
    spreadsheet would read as a formula has an apostrophe in front."""
    return [
        [None if v == "" else "'" + v if v[0] in "=+-@\t\r" else v for v in row] for row in rows
    ]


def _check_workbook(data: bytes) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Elements", "Connections", "Uitleg (ignore)"]
    assert _sheet(wb, "Elements") == [list(ELEMENT_COLUMNS), *_escaped(EXPECTED_ELEMENTS)]
    assert _sheet(wb, "Connections") == [list(CONNECTION_COLUMNS), *_escaped(EXPECTED_CONNECTIONS)]
    # Every value is a text cell: the formula stays text, the number of pupils too.
    for row in wb["Elements"].iter_rows(min_row=2):
        assert all(c.data_type == "s" for c in row if c.value is not None)


def test_rows_as_worked_out_by_hand(network):
    elements, connections = kumu_rows(to_graph(network))
    assert elements == EXPECTED_ELEMENTS
    assert connections == EXPECTED_CONNECTIONS


def test_labels_are_unique_and_from_to_use_the_ids(network):
    elements, connections = kumu_rows(to_graph(network))
    labels = [row[1].casefold() for row in elements]
    assert len(labels) == len(set(labels))
    ids = {row[0] for row in elements}
    assert all(row[0] in ids and row[1] in ids for row in connections)


def test_the_workbook_escapes_formulas(network, tmp_path):
    path = write_kumu_xlsx(to_graph(network), tmp_path / "uit" / "kumu.xlsx")
    _check_workbook(path.read_bytes())
    wb = openpyxl.load_workbook(path)
    assert wb["Elements"]["B5"].value == '\'=HYPERLINK("https://x.nl")'
    assert wb["Elements"]["D5"].value.startswith("'+31")


def test_a_tag_with_a_pipe_stays_one_tag():
    rows = {k: [dict(r) for r in v] for k, v in ROWS.items()}
    rows["hubs"][0]["naam"] = "Sport | spel"
    elements, _ = kumu_rows(to_graph(Dataset.from_rows(rows)))
    assert next(r for r in elements if r[0] == "p-m1")[4] == "Sport / spel"


@pytest.fixture(scope="module", params=STORE_BACKENDS)
def kumu_app(request, tmp_path_factory, network):
    from helpers import app_on

    folder = tmp_path_factory.mktemp("kumu")
    with app_on(request.param, folder, network, "kumu-test", SEED_ON_EMPTY=False) as pair:
        yield pair


def test_the_download_on_gegevens(kumu_app):
    from helpers import ensured

    client = ensured(kumu_app).test_client()
    page = client.get("/gegevens").get_data(as_text=True)
    assert 'href="/download/netwerk.kumu.xlsx"' in page and "Kumu" in page
    response = client.get("/download/netwerk.kumu.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="lea-netwerk.kumu.xlsx"'
    assert response.mimetype.endswith("spreadsheetml.sheet")
    _check_workbook(response.data)


def test_the_cli_writes_it(runner, network, tmp_path):
    from lea_graph.cli import cli
    from lea_graph.export import write_csv_folder

    folder = tmp_path / "netwerk"
    write_csv_folder(network, folder)
    out = tmp_path / "kumu.xlsx"
    result = runner.invoke(cli, ["export", str(folder), "--format", "kumu", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Geschreven: {out}" in result.output
    _check_workbook(out.read_bytes())
