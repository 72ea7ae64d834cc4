"""How fast :func:`lea_graph.ingest.plaatsing.place` places the country's schools.

Every school point of the Netherlands (DUO and BAG, 22 November 2024: 8,717 points, in
``shared/real/duo/scholen-20241122.geo.zip``) is placed against

- Tilburg's 59 generalised wijken (``shared/geo/tilburg-wijken-2024.geojson``): nearly
  every point is ``buiten``, so this times the nearest-wijk search too;
- a made-up grid of 3,300 wijken over the Netherlands (60 × 55 rectangles of about
  4.3 × 5.6 km sharing their edges), once with 5 positions per wijk (like CBS's
  generalised map) and once with about 1,000 (like its full-resolution map): every point
  lies in a wijk, some 8 % within 100 m of another.

"totaal" passes the boundaries as GeoJSON text, as they are stored, so parsing is
included; "plaatsen" passes them parsed (shapely), so it is the placing alone. Each
figure is the fastest of ``--repeat`` runs (default 3).

    .venv/bin/python bench/plaatsing.py

Last run (2 cores, Python 3.11.7, shapely 2.2.0 with GEOS 3.14.1, 6 December 2026)::

    wijken                                  totaal  plaatsen  zeker  onzeker  buiten
    Tilburg, 59 wijken                       0.16s     0.18s     61       19    8637
    raster, 3.300 wijken van 5 punten        0.24s     0.22s   8090      627       0
    raster, 3.300 wijken van 1.001 punten    3.04s     0.80s   8090      627       0

Of the 3 s with detailed boundaries, 2.2 s is GEOS parsing 3.3 million positions of
GeoJSON text; the placing itself stays under a second.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
import zipfile
from pathlib import Path

import shapely

from lea_graph.ingest.plaatsing import STATUSES, place

SHARED = Path(__file__).resolve().parents[2] / "shared"
POINTS = SHARED / "real" / "duo" / "scholen-20241122.geo.zip"
TILBURG = SHARED / "geo" / "tilburg-wijken-2024.geojson"


def school_points() -> dict[str, tuple[float, float]]:
    """Every school point, keyed by its number in the file and its vestigingscode (a
    vestiging with several addresses has several points)."""
    with zipfile.ZipFile(POINTS) as z:
        features = json.loads(z.read("scholen.geo.json"))["features"]
    return {
        f"{i}:{f['properties']['vestigingscode']}": tuple(f["geometry"]["coordinates"][:2])
        for i, f in enumerate(features)
    }


def tilburg() -> tuple[dict[str, str], dict[str, str]]:
    """Tilburg's wijk boundaries (GeoJSON text) and names, by CBS code."""
    features = json.loads(TILBURG.read_text(encoding="utf-8"))["features"]
    boundaries = {
        f["properties"]["statcode"]: json.dumps(f["geometry"], separators=(",", ":"))
        for f in features
    }
    return boundaries, {f["properties"]["statcode"]: f["properties"]["statnaam"] for f in features}


def grid(per_side: int, columns: int = 60, rows: int = 55) -> dict[str, str]:
    """``columns`` × ``rows`` rectangles over the Netherlands, each side cut into
    ``per_side`` equal pieces (so 4·per_side + 1 positions per wijk)."""
    west, south, east, north = 3.36, 50.75, 7.23, 53.55
    dx, dy = (east - west) / columns, (north - south) / rows
    out = {}
    for r in range(rows):
        for c in range(columns):
            x0, y0 = west + c * dx, south + r * dy
            x1, y1 = x0 + dx, y0 + dy
            t = [i / per_side for i in range(per_side)]
            ring = (
                [[x0 + (x1 - x0) * f, y0] for f in t]
                + [[x1, y0 + (y1 - y0) * f] for f in t]
                + [[x1 - (x1 - x0) * f, y1] for f in t]
                + [[x0, y1 - (y1 - y0) * f] for f in t]
                + [[x0, y0]]
            )
            geometry = {"type": "Polygon", "coordinates": [ring]}
            out[f"WK{r:02d}{c:02d}"] = json.dumps(geometry, separators=(",", ":"))
    return out


def timed(points, wijken, names=None, repeat: int = 3):
    """The placements and the fastest of ``repeat`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        placements = place(points, wijken, names=names)
        best = min(best, time.perf_counter() - start)
    return placements, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not POINTS.exists() or not TILBURG.exists():
        sys.exit(f"De bestanden ontbreken: {POINTS} en {TILBURG}.")
    points = school_points()
    boundaries, names = tilburg()
    cases = [
        ("Tilburg, 59 wijken", boundaries, names),
        ("raster, 3.300 wijken van 5 punten", grid(1), None),
        ("raster, 3.300 wijken van 1.001 punten", grid(250), None),
    ]
    print(f"{len(points):,} schoolpunten".replace(",", "."))
    print(
        f"{'wijken':<40} {'totaal':>8} {'plaatsen':>9}  " + "  ".join(f"{s:>9}" for s in STATUSES)
    )
    for label, wijken, wijk_names in cases:
        placements, seconds = timed(points, wijken, wijk_names, args.repeat)
        # The same with the boundaries already parsed: the placing alone.
        shapes = {w: shapely.from_geojson(t) for w, t in wijken.items()}
        again, placing = timed(points, shapes, wijk_names, args.repeat)
        assert again == placements
        counts = collections.Counter(p.status for p in placements)
        figures = "  ".join(f"{counts[s]:>9}" for s in STATUSES)
        print(f"{label:<40} {seconds:>7.2f}s {placing:>8.2f}s  {figures}")


if __name__ == "__main__":
    main()
