"""Wijk boundaries: read from GeoJSON or a GeoPackage, validated, stored and exported.

Every expected value is written out by hand: the boundaries of the hand-made network
below (a MultiPolygon of two parts, a Polygon with a hole), the problems they give, and
the RD New origin (Amersfoort) in WGS84 for the GeoPackage.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import networkx as nx
import openpyxl
import pytest
from helpers import (
    STORE_BACKENDS,
    Network,
    confirm,
    csrf_of,
    login,
    make_store,
    minimal_dataset,
    unplaced_only,
    zip_folder,
)

from lea_graph import model
from lea_graph.cli import cli
from lea_graph.errors import ExportError
from lea_graph.export import (
    write_csv_folder,
    write_gexf,
    write_graphml,
    write_json,
    write_template,
    write_xlsx,
)
from lea_graph.graph import from_graph, to_graph
from lea_graph.ingest import load_dataset, read_dataset
from lea_graph.ingest.geo import read_boundaries
from lea_graph.resources import seed_path

# -- the hand-made network ---------------------------------------------------------------

#: Heikant: two parts, a square and a triangle.
NOORD = {
    "type": "MultiPolygon",
    "coordinates": [
        [[[5.0, 51.5], [5.01, 51.5], [5.01, 51.51], [5.0, 51.51], [5.0, 51.5]]],
        [[[5.02, 51.5], [5.03, 51.5], [5.03, 51.51], [5.02, 51.5]]],
    ],
}
NOORD_TEXT = (
    '{"type":"MultiPolygon","coordinates":['
    "[[[5.0,51.5],[5.01,51.5],[5.01,51.51],[5.0,51.51],[5.0,51.5]]],"
    "[[[5.02,51.5],[5.03,51.5],[5.03,51.51],[5.02,51.5]]]]}"
)
#: Zuid: a square with a triangular hole.
ZUID = {
    "type": "Polygon",
    "coordinates": [
        [[5.1, 51.4], [5.2, 51.4], [5.2, 51.5], [5.1, 51.5], [5.1, 51.4]],
        [[5.14, 51.44], [5.16, 51.44], [5.16, 51.46], [5.14, 51.44]],
    ],
}
ZUID_TEXT = (
    '{"type":"Polygon","coordinates":['
    "[[5.1,51.4],[5.2,51.4],[5.2,51.5],[5.1,51.5],[5.1,51.4]],"
    "[[5.14,51.44],[5.16,51.44],[5.16,51.46],[5.14,51.44]]]}"
)
#: Oost has no CBS code: its feature names the wijk's id. Whole numbers stay whole.
OOST = {"type": "Polygon", "coordinates": [[[5, 51], [6, 51], [6, 52], [5, 51]]]}
OOST_TEXT = '{"type":"Polygon","coordinates":[[[5,51],[6,51],[6,52],[5,51]]]}'
ELDERS = {"type": "Polygon", "coordinates": [[[4, 52], [4.1, 52], [4.1, 52.1], [4, 52]]]}

WIJKEN_CSV = (
    "id,naam,cbs_code,pact\n"
    "w-1,Heikant,WK000001,ja\n"
    "w-2,Zuid,wk000002,nee\n"  # the code in lower case: matching ignores case
    "w-3,West,WK000003,nee\n"  # no feature
    "w-4,Oost,,nee\n"
)


def feature(geometry, **properties) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def collection(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


GOOD = collection(
    feature(NOORD, statcode="WK000001", statnaam="Heikant"),
    feature(ZUID, statcode="WK000002"),
    feature(ELDERS, statcode="WK999999", statnaam="Elders"),
    feature(OOST, wijk="w-4"),
)

UNMATCHED = (
    "wijken",
    3,
    "statcode",
    "WK999999",
    "Er is geen wijk met CBS-code 'WK999999' (kolom cbs_code van 'wijken'); deze wijkgrens "
    "wordt niet gebruikt.",
)
WITHOUT = (
    "wijken",
    None,
    "statcode",
    "",
    "1 van de 4 wijken heeft geen wijkgrens in 'grenzen.geojson': West (WK000003). Zonder "
    "wijkgrens staat een wijk niet op een kaart.",
)


def where(p) -> tuple:
    return (p.table, p.row, p.column, p.value, p.message)


@pytest.fixture
def folder(tmp_path) -> Path:
    return minimal_dataset(tmp_path / "net", {"wijken.csv": WIJKEN_CSV})


@pytest.fixture
def geo(tmp_path) -> Path:
    path = tmp_path / "grenzen.geojson"
    path.write_bytes(GOOD)
    return path


@pytest.fixture
def dataset(folder, geo):
    return load_dataset(folder, geo=geo)


def boundaries(ds) -> dict[str, str]:
    return {w["id"]: w["geometrie"] for w in ds.rows("wijken")}


# -- reading and validating --------------------------------------------------------------


def test_boundaries_are_matched_and_kept_exactly(folder, geo):
    report = read_dataset(folder, geo=geo)
    assert report.ok and report.errors == []
    assert [where(p) for p in report.warnings] == [WITHOUT, UNMATCHED]  # the table first
    assert {p.source for p in report.warnings} == {"grenzen.geojson"}
    assert boundaries(report.dataset) == {
        "w-1": NOORD_TEXT,
        "w-2": ZUID_TEXT,
        "w-3": "",
        "w-4": OOST_TEXT,
    }
    # The parts and the hole are all there, to the last digit.
    assert json.loads(boundaries(report.dataset)["w-1"]) == NOORD
    assert json.loads(boundaries(report.dataset)["w-2"]) == ZUID
    assert ("wijkgrenzen", "grenzen.geojson") in {(s.table, s.source) for s in report.sources}


def test_validate_reports_in_json(runner, folder, geo):
    result = runner.invoke(cli, ["validate", str(folder), "--geo", str(geo), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["valid"] and data["errors"] == []
    assert data["warnings"][1] == {
        "table": "wijken",
        "row": 3,
        "column": "statcode",
        "value": "WK999999",
        "message": UNMATCHED[4],
        "source": "grenzen.geojson",
    }
    assert data["warnings"][0]["message"] == WITHOUT[4]


def test_a_wijken_geojson_in_the_dataset_is_read_too(folder, geo, tmp_path):
    (folder / "wijken.geojson").write_bytes(GOOD)
    report = read_dataset(folder)
    assert report.ok and boundaries(report.dataset)["w-2"] == ZUID_TEXT
    zipped = read_dataset(zip_folder(folder, tmp_path / "net.zip"))
    assert zipped.ok and boundaries(zipped.dataset)["w-1"] == NOORD_TEXT
    # --geo takes the place of the dataset's own file, and says so.
    other = tmp_path / "ander.geojson"
    other.write_bytes(collection(feature(OOST, statcode="WK000001")))
    report = read_dataset(folder, geo=other)
    assert boundaries(report.dataset)["w-1"] == OOST_TEXT
    assert boundaries(report.dataset)["w-2"] == ""
    assert (
        "De wijkgrenzen in 'wijken.geojson' worden niet gebruikt: die uit 'ander.geojson' "
        "gaan voor." in [p.message for p in report.warnings]
    )


def test_a_geometrie_column_is_validated_and_made_compact(tmp_path):
    spaced = json.dumps(ZUID, indent=2).replace('"', '""')
    rd = json.dumps({"type": "Polygon", "coordinates": [[[133000, 397000], [134000, 397000],
                     [134000, 398000], [133000, 397000]]]}).replace('"', '""')  # fmt: skip
    wijken = f'id,naam,geometrie\nw-1,Heikant,"{spaced}"\nw-2,Zuid,"{rd}"\n'
    files = {"wijken.csv": wijken}
    report = read_dataset(minimal_dataset(tmp_path / "kolom", files))
    assert [where(p) for p in report.errors] == [
        (
            "wijken",
            3,
            "geometrie",
            "133000, 397000",
            "Wijkgrens van Zuid (w-2): De coördinaten liggen buiten WGS84 (lengte -180 tot 180, "
            "breedte -90 tot 90); dit "
            "lijkt RD New (EPSG:28992), in meters. Zet het bestand om naar WGS84 (EPSG:4326), "
            "bijvoorbeeld met ogr2ogr -t_srs EPSG:4326, of lever het GeoPackage (.gpkg) van "
            "CBS aan: dat rekent LEA Graph zelf om.",
        )
    ]
    good = read_dataset(
        minimal_dataset(tmp_path / "goed", {"wijken.csv": wijken.split("\nw-2")[0]})
    )
    assert good.ok and boundaries(good.dataset) == {"w-1": ZUID_TEXT}


def test_the_template_has_no_geometry(tmp_path):
    wb = openpyxl.load_workbook(write_template(tmp_path / "sjabloon.xlsx"))
    assert "wijkgrenzen" not in wb.sheetnames
    header = [c.value for c in next(wb["wijken"].iter_rows(max_row=1))]
    assert "geometrie" not in header and "cbs_code" in header
    assert "geometrie" not in {c.value for c in wb["Uitleg"]["B"]}


# -- bad input: an error, and nothing is loaded ------------------------------------------

RD = [[133000, 397000], [134000, 397000], [134000, 398000], [133000, 397000]]
SQUARE = [[5.0, 51.5], [5.01, 51.5], [5.01, 51.51], [5.0, 51.51], [5.0, 51.5]]

BAD = {
    "geen_json": (
        b'{"type": "FeatureCollection", "features": [',
        (None, None, ""),
        "'kapot.geojson' is geen geldig GeoJSON-bestand: het is geen geldige JSON (fout in "
        "regel 1, teken 44).",
    ),
    "geen_featurecollection": (
        json.dumps(feature(NOORD, statcode="WK000001")).encode(),
        (None, None, "Feature"),
        "'kapot.geojson' moet een GeoJSON FeatureCollection zijn: een object met \"type\": "
        '"FeatureCollection" en een lijst "features", één feature per wijk. Dit bestand is '
        "een Feature.",
    ),
    "punt": (
        collection(feature({"type": "Point", "coordinates": [5.0, 51.5]}, statcode="WK000001")),
        (1, "geometry", "Point"),
        "Een wijkgrens moet een vlak zijn (Polygon of MultiPolygon), geen Point.",
    ),
    "dubbel": (
        collection(
            feature(NOORD, statcode="WK000001"),
            feature(ZUID, statcode="WK000002"),
            feature(OOST, statcode="wk000001"),
        ),
        (3, "statcode", "wk000001"),
        "Wijk 'w-1' heeft al een wijkgrens (feature 1); geef elke wijk één grens (een wijk "
        "uit meer delen is één MultiPolygon).",
    ),
    "rd_new": (
        collection(feature({"type": "Polygon", "coordinates": [RD]}, statcode="WK000001")),
        (1, "geometry", "133000, 397000"),
        "Wijkgrens van Heikant (w-1): De coördinaten liggen buiten WGS84 (lengte -180 tot 180, breedte -90 tot 90); dit "
        "lijkt RD New (EPSG:28992), in meters. Zet het bestand om naar WGS84 (EPSG:4326), "
        "bijvoorbeeld met ogr2ogr -t_srs EPSG:4326, of lever het GeoPackage (.gpkg) van CBS "
        "aan: dat rekent LEA Graph zelf om.",
    ),
    "open_ring": (
        collection(feature({"type": "Polygon", "coordinates": [SQUARE[:4]]}, statcode="WK000001")),
        (1, "geometry", "5.0, 51.5 … 5.0, 51.51"),
        "Wijkgrens van Heikant (w-1): Een ring van een polygoon is niet gesloten: de laatste positie moet gelijk zijn aan "
        "de eerste.",
    ),
    "te_kort": (
        collection(
            feature(
                {"type": "MultiPolygon", "coordinates": [[SQUARE], [SQUARE[:2] + SQUARE[:1]]]},
                statcode="WK000001",
            )
        ),
        (1, "geometry", "3 posities"),
        "Wijkgrens van Heikant (w-1): Elke ring van een polygoon heeft minstens 4 posities nodig (een driehoek plus de "
        "eerste positie nog eens aan het eind).",
    ),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_boundaries_are_errors(folder, tmp_path, name):
    data, (row, column, value), message = BAD[name]
    path = tmp_path / "kapot.geojson"
    path.write_bytes(data)
    report = read_dataset(folder, geo=path)
    assert not report.ok and report.dataset is None
    assert [where(p) for p in report.errors] == [("wijken", row, column, value, message)]
    assert report.errors[0].source == "kapot.geojson"


@pytest.fixture(scope="module", params=STORE_BACKENDS)
def loaded(request, tmp_path_factory):
    """A store holding the hand-made network with its boundaries."""
    tmp = tmp_path_factory.mktemp("geo")
    folder = minimal_dataset(tmp / "net", {"wijken.csv": WIJKEN_CSV})
    (tmp / "grenzen.geojson").write_bytes(GOOD)
    ds = load_dataset(folder, geo=tmp / "grenzen.geojson")
    network = Network(make_store(request.param, tmp / "data"), ds)
    yield request.param, tmp, network
    network.store.close()


def test_stores_keep_the_boundaries(loaded, dataset):
    _, _, network = loaded
    g = network.ensure().to_networkx()
    assert g.nodes["w-1"]["geometrie"] == NOORD_TEXT
    assert g.nodes["w-2"]["geometrie"] == ZUID_TEXT
    assert "geometrie" not in g.nodes["w-3"]
    assert from_graph(g).same_as(dataset)


@pytest.mark.parametrize("name", ["geen_json", "punt", "dubbel", "rd_new"])
def test_a_bad_boundary_file_loads_nothing(loaded, runner, name):
    backend, tmp, network = loaded
    before = network.ensure().meta()["versie"]
    data, _, message = BAD[name]
    bad = tmp / "kapot.geojson"
    bad.write_bytes(data)
    args = ["load", str(tmp / "net"), "--geo", str(bad), "--store", backend]
    result = runner.invoke(cli, [*args, "--data-dir", str(tmp / "data")])
    assert result.exit_code == 1
    assert message in result.output and "er is niets gedaan" in result.output
    assert network.store.meta()["versie"] == before
    assert network.store.to_networkx().nodes["w-1"]["geometrie"] == NOORD_TEXT


# -- the graph and the exports -----------------------------------------------------------


def test_graph_attribute(dataset):
    g = to_graph(dataset)
    assert g.nodes["w-1"]["geometrie"] == NOORD_TEXT
    assert g.nodes["w-4"]["geometrie"] == OOST_TEXT
    assert "geometrie" not in g.nodes["w-3"]
    assert from_graph(g).same_as(dataset)


@pytest.mark.parametrize("excel", [False, True])
def test_csv_folder_writes_wijken_geojson(dataset, tmp_path, excel):
    out = tmp_path / "uit"
    written = write_csv_folder(dataset, out, excel=excel)
    assert out / "wijken.geojson" in written
    header = (out / "wijken.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "geometrie" not in header
    data = (out / "wijken.geojson").read_bytes()
    assert data.startswith(b'{"type":"FeatureCollection"')  # UTF-8 without BOM
    doc = json.loads(data)
    assert [f["properties"] for f in doc["features"]] == [
        {"statcode": "WK000001", "wijk": "w-1", "naam": "Heikant"},
        {"statcode": "WK000002", "wijk": "w-2", "naam": "Zuid"},
        {"statcode": None, "wijk": "w-4", "naam": "Oost"},
    ]
    assert doc["features"][1]["geometry"] == ZUID
    back = read_dataset(out)
    assert back.dataset.same_as(dataset)
    assert [p.message for p in back.warnings] == [
        "1 van de 4 wijken heeft geen wijkgrens in 'wijken.geojson': West (WK000003). Zonder "
        "wijkgrens staat een wijk niet op een kaart."
    ]
    zipped = zip_folder(out, tmp_path / "uit.zip")
    assert "wijken.geojson" in zipfile.ZipFile(zipped).namelist()
    assert load_dataset(zipped).same_as(dataset)
    # Without any boundary no wijken.geojson stays behind.
    bare = load_dataset(minimal_dataset(tmp_path / "kaal"))
    write_csv_folder(bare, out)
    assert not (out / "wijken.geojson").exists()
    assert load_dataset(out).same_as(bare)


def test_xlsx_has_a_wijkgrenzen_sheet(dataset, tmp_path):
    path = write_xlsx(dataset, tmp_path / "lea.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[-1] == "wijkgrenzen"
    rows = [[c.value for c in r] for r in wb["wijkgrenzen"].iter_rows()]
    assert rows == [
        ["wijk", "geometrie"],
        ["w-1", NOORD_TEXT],
        ["w-2", ZUID_TEXT],
        ["w-4", OOST_TEXT],
    ]
    assert "geometrie" not in [c.value for c in next(wb["wijken"].iter_rows(max_row=1))]
    assert load_dataset(path).same_as(dataset)


def test_xlsx_refuses_a_boundary_too_long_for_a_cell(dataset, tmp_path):
    # 3,300 positions of about 20 characters: some 66,000 characters, twice a cell.
    ring = [[round(5 + i / 100_000, 5), 51.5] for i in range(3300)] + [[5.0, 51.6], [5.0, 51.5]]
    long = {"type": "Polygon", "coordinates": [ring]}
    rows = {t: list(dataset.rows(t)) for t in model.TABLES}
    rows["wijken"][0]["geometrie"] = json.dumps(long, separators=(",", ":"))
    assert len(rows["wijken"][0]["geometrie"]) > 32_767
    big = type(dataset).from_rows(rows)
    with pytest.raises(ExportError) as exc:
        write_xlsx(big, tmp_path / "groot.xlsx")
    assert str(exc.value) == (
        "De wijkgrens van 'w-1' is te lang voor een cel van Excel (hooguit 32.767 tekens). "
        "Download de gegevens als zip met CSV-bestanden: daarin staan de wijkgrenzen in "
        "wijken.geojson."
    )
    assert not (tmp_path / "groot.xlsx").exists()
    write_csv_folder(big, tmp_path / "groot")  # the CSV export has no such limit
    assert json.loads(boundaries(load_dataset(tmp_path / "groot"))["w-1"]) == long


def test_graph_formats_carry_the_attribute(dataset, tmp_path):
    g = to_graph(dataset)
    graphml = nx.read_graphml(write_graphml(g, tmp_path / "lea.graphml"))
    gexf = nx.read_gexf(write_gexf(g, tmp_path / "lea.gexf"))
    data = json.loads(write_json(g, tmp_path / "lea.json").read_text(encoding="utf-8"))
    node_link = nx.node_link_graph(data, edges="edges")
    for h in (graphml, gexf, node_link):
        assert h.nodes["w-1"]["geometrie"] == NOORD_TEXT
        assert h.nodes["w-2"]["geometrie"] == ZUID_TEXT


def test_compare_says_a_boundary_changed_without_printing_it(dataset):
    from lea_graph.analytics.compare import compare

    rows = {t: list(dataset.rows(t)) for t in model.TABLES}
    rows["wijken"][0]["geometrie"] = OOST_TEXT  # Heikant: changed
    rows["wijken"][1]["geometrie"] = ""  # Zuid: gone
    rows["wijken"][2]["geometrie"] = ZUID_TEXT  # West: new
    rows["wijken"][2]["pact"] = "ja"
    c = compare(to_graph(dataset), to_graph(type(dataset).from_rows(rows)))
    changed = c.entities[c.entities["soort"] == "wijk"]
    assert dict(zip(changed["sleutel"], changed["toelichting"], strict=True)) == {
        "w-1": "Wijkgrens gewijzigd",
        "w-2": "Wijkgrens verwijderd",
        "w-3": "PacT-wijk: nee → ja; Wijkgrens toegevoegd",  # in the order of the columns
    }


# -- GeoPackage --------------------------------------------------------------------------


def write_gpkg(path: Path, layers: dict[str, list[tuple[str, object]]]) -> Path:
    """A GeoPackage in RD New with one layer per entry: (statcode, shapely geometry)."""
    import numpy as np
    import pyogrio.raw
    import shapely

    for i, (layer, rows) in enumerate(layers.items()):
        pyogrio.raw.write(
            path,
            np.array([shapely.to_wkb(geom) for _, geom in rows], dtype=object),
            [np.array([code for code, _ in rows], dtype=object)],
            fields=["statcode"],
            crs="EPSG:28992",
            driver="GPKG",
            geometry_type="Polygon",
            layer=layer,
            append=i > 0,
        )
    return path


def test_geopackage_in_rd_new_is_reprojected(folder, tmp_path):
    from shapely.geometry import Polygon

    # A square of 1 km with its south-west corner on the RD New origin (Amersfoort).
    square = Polygon([(155000, 463000), (156000, 463000), (156000, 464000), (155000, 464000)])
    other = Polygon([(150000, 460000), (151000, 460000), (151000, 461000)])
    path = write_gpkg(
        tmp_path / "wijkenbuurten.gpkg",
        {"gemeenten": [("GM0000", other)], "wijken": [("WK000001", square)]},
    )
    report = read_dataset(folder, geo=path)
    assert report.ok, [p.to_text() for p in report.errors]
    geometry = json.loads(boundaries(report.dataset)["w-1"])
    assert geometry["type"] == "Polygon"
    ring = geometry["coordinates"][0]
    assert len(ring) == 5 and ring[0] == ring[-1]
    # RD New (155000, 463000) is 5.38720621 E, 52.15517440 N (RDNAPTRANS2018). Without
    # that grid PROJ takes the 7-parameter Helmert transformation, some 0.3 m off, so
    # the check allows 1e-5 degrees (under a metre).
    assert ring[0] == pytest.approx([5.38720621, 52.15517440], abs=1e-5)
    assert all(len(str(v).split(".")[1]) <= 7 for v in ring[1])  # 7 decimals: 1 cm
    # One km east along the RD x axis is about 0.0146 degrees of longitude at 52° N.
    assert ring[1][0] - ring[0][0] == pytest.approx(1000 / (111_320 * 0.6138), rel=0.01)
    assert report.sources[-1].source == "wijkenbuurten.gpkg › wijken"


def test_geopackage_layer_choice(folder, tmp_path):
    from shapely.geometry import Polygon

    a = Polygon([(155000, 463000), (156000, 463000), (156000, 464000)])
    only = write_gpkg(tmp_path / "een.gpkg", {"gebieden": [("WK000001", a)]})
    assert read_dataset(folder, geo=only).ok  # the only polygon layer
    two = write_gpkg(tmp_path / "twee.gpkg", {"a": [("WK000001", a)], "b": [("WK000002", a)]})
    report = read_dataset(folder, geo=two)
    assert [p.message for p in report.errors] == [
        "'twee.gpkg' heeft geen laag 'wijken' en niet precies één laag met vlakken (lagen: a, "
        "b). Lever een GeoPackage met een laag 'wijken' aan."
    ]


def test_geopackage_without_the_geo_extra(tmp_path):
    path = tmp_path / "wijken.gpkg"
    path.write_bytes(b"SQLite format 3\x00")
    code = (
        "import json, sys; sys.modules['pyogrio'] = None\n"
        "from lea_graph.ingest.geo import read_boundaries\n"
        "table, problems = read_boundaries(sys.argv[1])\n"
        "print(json.dumps([table is None, [p.message for p in problems]]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == [
        True,
        [
            "'wijken.gpkg' is een GeoPackage; om dat te lezen zijn de extra pakketten pyogrio "
            "en pyproj nodig. Installeer ze met: pip install 'lea-graph[geo]'. Of lever de "
            "wijkgrenzen aan als GeoJSON in WGS84."
        ],
    ]


# -- the seed ----------------------------------------------------------------------------


def test_every_seed_wijk_has_its_cbs_boundary(tilburg):
    facts = json.loads((seed_path("facts") / "tilburg-wijken-2024.geojson").read_text("utf-8"))
    cbs = {f["properties"]["statcode"]: f["geometry"] for f in facts["features"]}
    assert len(cbs) == 59
    wijken = list(tilburg.rows("wijken"))
    assert len(wijken) == 59
    for w in wijken:
        assert json.loads(w["geometrie"]) == cbs[w["cbs_code"]], w["id"]
    assert unplaced_only(read_dataset(seed_path()).warnings)
    assert (seed_path() / "wijken.geojson").is_file()


def test_seed_boundaries_match_the_shared_cbs_file():
    shared = Path(__file__).resolve().parents[2] / "shared" / "geo" / "tilburg-wijken-2024.geojson"
    if not shared.exists():
        pytest.skip(f"CBS wijk map not found at {shared}")
    ours = seed_path("facts") / "tilburg-wijken-2024.geojson"
    assert ours.read_bytes() == shared.read_bytes()


# -- the upload page ---------------------------------------------------------------------


def post_upload(client, dataset_zip: Path, geo: Path | None):
    token = csrf_of(client, "/beheer/upload")
    data = {"csrf_token": token, "bestand": (dataset_zip.open("rb"), dataset_zip.name)}
    if geo is not None:
        data["wijkgrenzen"] = (geo.open("rb"), geo.name)
    return client.post("/beheer/upload", data=data, content_type="multipart/form-data")


def test_upload_with_boundaries(app, folder, geo, tmp_path):
    client = app.test_client()
    login(client, "coordinator")
    response = post_upload(client, zip_folder(folder, tmp_path / "net.zip"), geo)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert (
        "met de wijkgrenzen uit <strong>grenzen.geojson</strong> is geldig (2 waarschuwingen)"
        in html
    )
    assert "WK999999" in html and "West (WK000003)" in html
    assert confirm(client).status_code == 200
    with app.app_context():
        from web.db import get_store

        g = get_store().to_networkx()
    assert g.nodes["w-1"]["geometrie"] == NOORD_TEXT
    assert g.nodes["w-2"]["geometrie"] == ZUID_TEXT
    # The network view's side panel lists a node's properties: not the boundary.
    knoop = client.get("/api/v1/knoop/w-1").get_json()["knoop"]
    assert knoop["naam"] == "Heikant" and "geometrie" not in knoop
    uploads = Path(app.config["DATA_DIR"]) / "uploads"
    assert list(uploads.iterdir()) == []


def test_upload_with_bad_boundaries_loads_nothing(app, folder, tmp_path):
    client = app.test_client()
    login(client, "coordinator")
    with app.app_context():
        from web.db import get_store

        before = get_store().stats()
    bad = tmp_path / "rd.geojson"
    bad.write_bytes(BAD["rd_new"][0])
    response = post_upload(client, zip_folder(folder, tmp_path / "net.zip"), bad)
    html = response.get_data(as_text=True)
    assert "heeft 1 fout" in html and "dit lijkt RD New (EPSG:28992)" in html
    assert "Er is niets geladen" in html
    assert confirm(client).status_code == 400
    with app.app_context():
        assert get_store().stats() == before
    wrong = tmp_path / "grenzen.txt"
    wrong.write_text("x", encoding="utf-8")
    refused = post_upload(client, zip_folder(folder, tmp_path / "net.zip"), wrong)
    assert refused.status_code == 400 and "GeoPackage (.gpkg)" in refused.get_data(as_text=True)


def test_read_boundaries_numbers_features(tmp_path):
    path = tmp_path / "g.geojson"
    path.write_bytes(GOOD)
    table, problems = read_boundaries(path)
    assert problems == []
    assert [(row, cells[:2]) for row, cells in table.rows] == [
        (1, ["WK000001", ""]),
        (2, ["WK000002", ""]),
        (3, ["WK999999", ""]),
        (4, ["", "w-4"]),
    ]
