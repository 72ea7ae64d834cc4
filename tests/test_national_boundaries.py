"""Legitimate large boundary files load; hostile ones stay bounded (issue 25, finding 2).

CBS publishes the wijk map of the whole country (a GeoPackage in RD New, some 3,300 wijken,
the full-resolution one with thousands of positions per wijk), and a gemeente may export
its own wijken at full resolution as GeoJSON. Of a national file only the dataset's wijken
are read and counted; a boundary with more positions than a map shows is simplified to
fit, with a warning naming the wijk; a self-crossing one is still refused, naming it.
"""

from __future__ import annotations

import io
import json
import math
import re
from pathlib import Path

import helpers
import numpy as np
import pyogrio.raw
import pytest
import shapely
from helpers import STORE_BACKENDS, app_on, confirm, csrf_of, login, minimal_dataset, zip_folder

from lea_graph.ingest import read_dataset
from lea_graph.ingest import validate as rules
from lea_graph.ingest.geo import BoundaryKeys, read_boundaries

#: Positions of the large boundaries: more than a map shows (MAX_WIJK_POINTS, 10,000).
LARGE = 25_000


# -- shapes -------------------------------------------------------------------------------------


def wobbly(n: int, cx: float, cy: float, r: float, decimals: int) -> list[list[float]]:
    """A closed ring of ``n`` positions around (cx, cy) whose radius wanders (a star-shaped
    boundary, so never self-crossing), rounded to ``decimals``: like a detailed boundary."""
    rng = np.random.default_rng(n)
    angle = np.linspace(0, 2 * np.pi, n, endpoint=False)
    radius = np.ones(n)
    for k in range(2, 60):
        radius += 0.2 / k * rng.random() * np.sin(k * angle + rng.random() * 6.28)
    radius = r * radius / radius.max()
    x = np.round(cx + radius * np.cos(angle), decimals)
    y = np.round(cy + radius * np.sin(angle), decimals)
    ring = np.column_stack([x, y]).tolist()
    return [*ring, ring[0]]


def bow_tie(cx: float, cy: float, size: float) -> list[list[float]]:
    """A ring that crosses itself at (cx, cy)."""
    h = size / 2
    return [
        [cx - h, cy - h],
        [cx + h, cy + h],
        [cx + h, cy - h],
        [cx - h, cy + h],
        [cx - h, cy - h],
    ]


def dutch(n: int) -> str:
    """A whole number as the reports write it: 25.001."""
    return f"{n:,}".replace(",", ".")


def points(geometrie: str) -> int:
    geometry = json.loads(geometrie)
    return rules.geometry_points(geometry)


# -- the national GeoPackage --------------------------------------------------------------------

#: 330 gemeenten of 10 wijken each, WK000101 to WK033010, on a grid over RD New.
COLUMNS, ROWS = 60, 55
#: The dataset's gemeente has wijken WK012301 to WK012310: features 1221 to 1230.
OURS = 123
#: Large boundaries: one of the dataset's wijken and three elsewhere in the country.
LARGE_CODES = {"WK012301", "WK000101", "WK020005", "WK033010"}
#: The dataset's wijk whose boundary crosses itself.
CROSSING = "WK012306"


def national_features() -> list[tuple[str, str, object]]:
    """(statcode, statnaam, shapely geometry in RD New) of 3,300 wijken."""
    features = []
    width, height = 260_000 / COLUMNS, 300_000 / ROWS
    for i in range(COLUMNS * ROWS):
        code = f"WK{i // 10 + 1:04d}{i % 10 + 1:02d}"
        cx = 15_000 + (i % COLUMNS + 0.5) * width
        cy = 310_000 + (i // COLUMNS + 0.5) * height
        if code == CROSSING:
            ring = bow_tie(cx, cy, 1_000)
        else:
            ring = wobbly(LARGE if code in LARGE_CODES else 24, cx, cy, 1_800, 3)
        features.append((code, f"Wijk {code[2:]}", shapely.MultiPolygon([shapely.Polygon(ring)])))
    return features


@pytest.fixture(scope="module")
def national(tmp_path_factory) -> Path:
    """CBS's national wijk map as it comes: layers gemeenten and wijken, RD New."""
    path = tmp_path_factory.mktemp("cbs") / "wijkenbuurten_2024.gpkg"
    features = national_features()
    gemeente = shapely.MultiPolygon([shapely.box(150_000, 400_000, 160_000, 410_000)])
    layers = {"gemeenten": [("GM0123", "Onze gemeente", gemeente)], "wijken": features}
    for i, (layer, rows) in enumerate(layers.items()):
        pyogrio.raw.write(
            path,
            np.array([shapely.to_wkb(geom) for *_, geom in rows], dtype=object),
            [
                np.array([code for code, _, _ in rows], dtype=object),
                np.array([name for _, name, _ in rows], dtype=object),
            ],
            fields=["statcode", "statnaam"],
            crs="EPSG:28992",
            driver="GPKG",
            geometry_type="MultiPolygon",
            layer=layer,
            append=i > 0,
        )
    return path


def gemeente(tmp_path: Path, crossing: bool = False) -> Path:
    """One gemeente's dataset: four (five) of its wijken, WK012301 the large one."""
    wijken = (
        "id,naam,cbs_code,pact\n"
        "w-1,Heikant,WK012301,ja\n"
        "w-2,Noord,WK012302,nee\n"
        "w-3,Zuid,wk012303,nee\n"  # the code in lower case: matching ignores case
        "w-4,Oost,WK012304,nee\n"
    )
    if crossing:
        wijken += f"w-6,Kruispunt,{CROSSING},nee\n"
    return minimal_dataset(tmp_path / ("kruis" if crossing else "gemeente"), {"wijken.csv": wijken})


def test_the_national_file_is_what_we_mean():
    features = national_features()
    sizes = {code: int(shapely.get_num_coordinates(g)) for code, _, g in features}
    assert len(features) == 3_300
    assert sum(sizes.values()) > 100_000  # more than one gemeente's worth
    assert {c for c, n in sizes.items() if n > rules.MAX_WIJK_POINTS} == LARGE_CODES


def test_one_gemeente_reads_its_own_wijken_from_the_national_geopackage(national, tmp_path):
    report = read_dataset(gemeente(tmp_path), geo=national)
    assert report.ok, [p.to_text() for p in report.errors]
    wijken = {w["id"]: w["geometrie"] for w in report.dataset.rows("wijken")}
    assert all(wijken.values()), wijken.keys()
    # The large one is simplified to fit, still a valid surface, within metres of the given.
    assert 1_000 < points(wijken["w-1"]) <= rules.MAX_WIJK_POINTS
    kept = shapely.from_geojson(wijken["w-1"])
    assert shapely.is_valid(kept)
    assert all(points(wijken[w]) == 25 for w in ("w-2", "w-3", "w-4"))
    # One warning names the simplified wijk and the counts; one line for the rest of the
    # country (not 3,296), and none for a wijk without a boundary.
    [simplified] = [p for p in report.warnings if "vereenvoudigd" in p.message]
    kept_points = points(wijken["w-1"])
    assert simplified.message.startswith(
        "Wijkgrens van Heikant (w-1): de grens heeft 25.001 punten; LEA Graph bewaart hem "
        f"vereenvoudigd, van 25.001 naar {dutch(kept_points)} punten (hooguit "
    )
    assert (simplified.table, simplified.row, simplified.column) == ("wijken", 1221, "geometry")
    assert simplified.source == "wijkenbuurten_2024.gpkg › wijken"
    metres = float(re.search(r"hooguit ([\d,]+) meter", simplified.message)[1].replace(",", "."))
    assert 0 < metres < 5
    [rest] = [p for p in report.warnings if "horen bij geen wijk" in p.message]
    assert rest.message.startswith("3.296 wijkgrenzen in 'wijkenbuurten_2024.gpkg › wijken'")
    assert "en nog 3.286" in rest.message
    assert len(report.warnings) == 2, [p.message for p in report.warnings]


def test_the_simplified_boundary_lies_within_metres_of_the_given_one(national, tmp_path):
    report = read_dataset(gemeente(tmp_path), geo=national)
    kept = shapely.from_geojson(next(w for w in report.dataset.rows("wijken"))["geometrie"])
    table, problems = read_boundaries(national, wanted=BoundaryKeys(["WK012301"], []))
    [given_text] = [cells[2] for _, cells in table.rows if cells[2]]
    given = shapely.from_geojson(given_text)
    assert problems == [] and shapely.get_num_coordinates(given) == LARGE + 1
    # Degrees to metres near 52° N: at most 111 km a degree.
    assert shapely.hausdorff_distance(given, kept) * 111_320 < 5
    assert shapely.area(kept) == pytest.approx(shapely.area(given), rel=1e-3)


def test_only_the_dataset_s_features_are_read_and_counted(national, tmp_path, monkeypatch):
    """The country's positions together are more than the cap; the gemeente's are not."""
    monkeypatch.setattr(rules, "MAX_BOUNDARY_POINTS", 100_000)
    report = read_dataset(gemeente(tmp_path), geo=national)
    assert report.ok, [p.to_text() for p in report.errors]
    table, _ = read_boundaries(national, wanted=BoundaryKeys(["WK012302"], ["w-9"]))
    with_geometry = [(row, cells[0]) for row, cells in table.rows if cells[2]]
    assert with_geometry == [(1222, "WK012302")] and len(table.rows) == 3_300


def test_a_self_crossing_boundary_among_the_matched_is_refused_naming_the_wijk(national, tmp_path):
    report = read_dataset(gemeente(tmp_path, crossing=True), geo=national)
    assert not report.ok and report.dataset is None
    [error] = report.errors
    assert error.message.startswith("Wijkgrens van Kruispunt (w-6): De grens snijdt zichzelf bij")
    assert (error.table, error.row, error.column) == ("wijken", 1226, "geometry")
    assert error.source == "wijkenbuurten_2024.gpkg › wijken"


def test_geopackage_caps_are_checked_before_geometries_are_read(national, tmp_path, monkeypatch):
    from lea_graph.ingest import geo

    folder = gemeente(tmp_path)
    # A boundary whose stored size can only hold more positions than a wijk may have.
    monkeypatch.setattr(rules, "MAX_WIJK_POINTS_GIVEN", 5_000)
    [error] = read_dataset(folder, geo=national).errors
    assert error.message.startswith("Wijkgrens van WK012301: de grens is in het GeoPackage 0,4 MB")
    assert "meer dan 5.000 punten, het hoogste aantal per wijk" in error.message
    assert (error.row, error.column, error.value) == (1221, "geometry", "0,4 MB")
    monkeypatch.undo()
    # The dataset's boundaries together.
    monkeypatch.setattr(rules, "MAX_BOUNDARY_POINTS", 5_000)
    [error] = read_dataset(folder, geo=national).errors
    assert "zijn samen 0,4 MB groot; dat zijn meer dan 5.000 punten" in error.message
    monkeypatch.undo()
    # The features whose codes are read.
    monkeypatch.setattr(geo, "MAX_GEOPACKAGE_FEATURES", 3_000)
    [error] = read_dataset(folder, geo=national).errors
    assert error.message == (
        "De laag 'wijken' van 'wijkenbuurten_2024.gpkg' heeft meer dan 3.000 objecten; een "
        "laag met wijken heeft er hooguit een paar duizend. Lever de laag 'wijken' van CBS aan."
    )


# -- a full-resolution GeoJSON -----------------------------------------------------------------

#: Three wijken of a gemeente at full resolution, around Tilburg, in WGS84.
FULL = {
    "WK000001": wobbly(20_000, 5.05, 51.56, 0.012, 7),
    "WK000002": wobbly(22_000, 5.10, 51.56, 0.012, 7),
    "WK000003": wobbly(300, 5.08, 51.53, 0.008, 7),
}
FULL_WIJKEN = (
    "id,naam,cbs_code,pact\nw-1,Heikant,WK000001,ja\nw-2,Noord,WK000002,nee\n"
    "w-3,Zuid,WK000003,nee\n"
)


def full_resolution(folder: Path) -> Path:
    """The dataset folder with the three wijken and their full-resolution wijken.geojson."""
    minimal_dataset(folder, {"wijken.csv": FULL_WIJKEN})
    features = [
        {
            "type": "Feature",
            "properties": {"statcode": code},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }
        for code, ring in FULL.items()
    ]
    text = json.dumps({"type": "FeatureCollection", "features": features})
    (folder / "wijken.geojson").write_text(text, encoding="utf-8")
    return folder


def test_a_full_resolution_geojson_loads_with_a_warning_per_simplified_wijk(tmp_path):
    report = read_dataset(full_resolution(tmp_path / "vol"))
    assert report.ok, [p.to_text() for p in report.errors]
    wijken = {w["id"]: w["geometrie"] for w in report.dataset.rows("wijken")}
    assert all(points(wijken[w]) <= rules.MAX_WIJK_POINTS for w in ("w-1", "w-2"))
    assert json.loads(wijken["w-3"])["coordinates"] == [FULL["WK000003"]]  # kept exactly
    warnings = [(p.row, p.column, p.value, p.message[:60]) for p in report.warnings]
    assert warnings == [
        (
            1,
            "geometry",
            f"20.001 → {dutch(points(wijken['w-1']))} punten",
            "Wijkgrens van Heikant (w-1): de grens heeft 20.001 punten; L",
        ),
        (
            2,
            "geometry",
            f"22.001 → {dutch(points(wijken['w-2']))} punten",
            "Wijkgrens van Noord (w-2): de grens heeft 22.001 punten; LEA",
        ),
    ]
    assert {p.source for p in report.warnings} == {"wijken.geojson"}


def post_upload(client, dataset_zip: Path, geo: Path | None = None):
    """Post a dataset (and a boundary file) to the upload form. The body is encoded here,
    in memory: the test client would spool a body over 500 kB to a file it never closes."""
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    def file(path: Path) -> FileStorage:
        return FileStorage(io.BytesIO(path.read_bytes()), path.name)

    fields = {"csrf_token": csrf_of(client, "/beheer/upload"), "bestand": file(dataset_zip)}
    if geo is not None:
        fields["wijkgrenzen"] = file(geo)
    boundary, body = encode_multipart(fields)
    return client.post(
        "/beheer/upload", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


@pytest.mark.parametrize("backend", STORE_BACKENDS)
@pytest.mark.parametrize("source", ["geojson", "gpkg"])
def test_upload_of_full_resolution_boundaries(backend, source, national, tmp_path):
    """Through the real explorer: the preview warns, the store keeps the simplified one."""
    if source == "geojson":
        folder, geo = full_resolution(tmp_path / "vol"), None
        expected = "Wijkgrens van Heikant (w-1): de grens heeft 20.001 punten"
        warnings = 2
    else:
        folder, geo = gemeente(tmp_path), national
        expected = "Wijkgrens van Heikant (w-1): de grens heeft 25.001 punten"
        warnings = 2
    with app_on(backend, tmp_path / "data", USERS=helpers.test_users()) as (app, _):
        client = app.test_client()
        login(client, "coordinator")
        preview = post_upload(client, zip_folder(folder, tmp_path / "net.zip"), geo)
        html = preview.get_data(as_text=True)
        assert preview.status_code == 200
        assert f"is geldig ({warnings} waarschuwingen)" in html, html[:3000]
        assert expected in html
        assert confirm(client, preview).status_code == 200
        with app.app_context():
            from web.db import get_store

            g = get_store().to_networkx()
        kept = g.nodes["w-1"]["geometrie"]
        assert points(kept) <= rules.MAX_WIJK_POINTS and shapely.is_valid(
            shapely.from_geojson(kept)
        )
        assert all(g.nodes[w].get("geometrie") for w in ("w-2", "w-3"))
        page = client.get("/wijk/w-1")
        assert page.status_code == 200 and 'class="kaart-vorm"' in page.get_data(as_text=True)


# -- what is still refused ----------------------------------------------------------------------


def one_wijk(tmp_path: Path, geometry: dict) -> Path:
    """The minimal dataset with Heikant's (w-1) boundary in wijken.geojson."""
    folder = minimal_dataset(tmp_path / "een")
    fc = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {"wijk": "w-1"}, "geometry": geometry}],
    }
    (folder / "wijken.geojson").write_text(json.dumps(fc), encoding="utf-8")
    return folder


def test_a_large_self_crossing_boundary_is_refused_not_simplified(tmp_path):
    """Validity is checked on the boundary as given, before any simplification: a zigzag
    of 20,000 points closed along the bottom touches itself at every low point."""
    ring = [[round(5.0 + 0.02 * i / 20_000, 7), 51.55 + 0.01 * (i % 2)] for i in range(20_000)]
    geometry = {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}
    report = read_dataset(one_wijk(tmp_path, geometry))
    [error] = report.errors
    assert error.message.startswith("Wijkgrens van Heikant (w-1): De grens ")
    assert "zichzelf" in error.message and error.row == 1
    assert not [p for p in report.warnings if "vereenvoudigd" in p.message]


def test_strokes_side_by_side_are_refused_before_geos_checks_them(tmp_path):
    """A valid ring of long strokes side by side: every pair of its segments overlaps, so
    GEOS would take time that grows with the square of its positions."""
    e, ring = 1e-6, []
    for i in range(1_500):
        ring += [[5.0 + i * e, 51.5], [5.01 + i * e, 51.51]]
    ring += [[5.012, 51.52], [4.99, 51.52], [4.99, 51.495], [5.0, 51.495], ring[0]]
    geometry = {"type": "Polygon", "coordinates": [ring]}
    [error] = read_dataset(one_wijk(tmp_path, geometry)).errors
    assert error.message.startswith(
        "Wijkgrens van Heikant (w-1): De grens is te ingewikkeld om na te kijken"
    )
    assert error.value.endswith("keer per punt") and error.row == 1


def test_a_wijk_of_thousands_of_parts_cannot_be_simplified_and_is_refused(tmp_path):
    """Every ring keeps at least 4 positions: 2,600 separate squares stay over 10,000."""
    squares = [
        [[[x, y], [x + 1e-4, y], [x + 1e-4, y + 1e-4], [x, y + 1e-4], [x, y]]]
        for x in np.round(5.0 + 2e-4 * np.arange(52), 7).tolist()
        for y in np.round(51.5 + 2e-4 * np.arange(50), 7).tolist()
    ]
    geometry = {"type": "MultiPolygon", "coordinates": squares}
    [error] = read_dataset(one_wijk(tmp_path, geometry)).errors
    assert error.message.startswith(
        "Wijkgrens van Heikant (w-1): de grens heeft 13.000 punten en is niet eenvoudiger te "
        "maken tot hooguit 10.000"
    )


def test_the_boundaries_to_simplify_have_a_cap_together(tmp_path, monkeypatch):
    monkeypatch.setattr(rules, "MAX_SIMPLIFIED_POINTS", 30_000)
    [error] = read_dataset(full_resolution(tmp_path / "vol")).errors
    assert error.message.startswith(
        "De 2 wijkgrenzen met meer dan 10.000 punten hebben samen 42.002 punten; hooguit 30.000."
    )
    assert (error.row, error.column, error.source) == (None, "geometry", "wijken.geojson")


def test_the_caps_fit_within_one_another():
    assert rules.MAX_WIJK_POINTS < rules.MAX_WIJK_POINTS_GIVEN <= rules.MAX_SIMPLIFIED_POINTS
    assert rules.MAX_SIMPLIFIED_POINTS <= rules.MAX_BOUNDARY_POINTS
    assert math.isfinite(rules.MAX_OVERLAPS_PER_POINT) and rules.MAX_OVERLAPS_PER_POINT >= 10
