"""Hostile uploads (issue 25, findings 2 and 3): what one file costs, before and after.

It makes the files in a temporary folder and measures each case in a child process of
its own, run from the code tree given with ``--root`` (default: this checkout), so the
same script measures older code from a worktree of it:

    git worktree add /tmp/old-uploads <commit>
    .venv/bin/python bench/hostile_uploads.py --root /tmp/old-uploads --out /tmp/voor.json
    .venv/bin/python bench/hostile_uploads.py --out /tmp/na.json

Per case it prints the seconds, the HTTP status (when it is a request), what the page
said, and the peak resident memory of the process doing it (``VmHWM`` from
``/proc/<pid>/status``, so not the ``ru_maxrss`` of this parent), before the case (after
imports and, for the explorer, starting it with the Tilburg seed) and after it. A case
still running after ``--timeout`` seconds is stopped; its memory is read just before.
The embedded database server is a process of its own and not counted.

Cases:

* ``grens_upload``: the Tilburg seed as a zip whose ``wijken.geojson`` gives Binnenstad a
  closed, self-crossing ring of 5,000,000 points, uploaded by a coordinator.
* ``grens_kaart``: that boundary already in the store (loaded with ``Store.load``,
  past the upload's checks, as a network loaded before the fix), then ``GET /kaart``.
* ``grens_zwaarst``: the slowest boundaries that passed at eb85a2f: five wijken of
  10,000 points each (the cap per wijk then), long strokes side by side that GEOS checks
  in quadratic time (refused since by the count of overlapping segments).
* ``grens_landelijk``: CBS's national wijk map as a GeoPackage in RD New (made up: 3,300
  wijken of about 1,000 points each, 20 of 20,000 to 49,000), read (``read_dataset`` with
  ``geo=``) for the Tilburg seed: its 59 wijken, three of them 25,000, 40,000 and 49,000
  points (simplified).
* ``grens_grootste``: the largest GeoJSON that passes, uploaded: the Tilburg seed with
  25 wijken more, in a zip whose ``wijken.geojson`` holds 1,000,000 positions (the cap
  for all boundaries): four wijken of 50,000 (the cap per wijk; simplified, together the
  cap for that) and 80 of 10,000.
* ``grens_traagst``: the slowest boundaries that pass that we know, uploaded: the seed
  with four wijken of 50,000 points in a serpentine of long rows 1 cm apart, on which
  GEOS's simplification takes time that grows with the square of the points.
* ``werkblad_leeg_1``, ``werkblad_leeg_2``: a workbook with one (two) sheets holding
  only A1 and A1000001, read (``read_dataset``) and uploaded.
* ``werkblad_miljoen``: a workbook with the minimal tables and 1,000,000 partners (three
  columns), read.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import textwrap
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The code every child runs first: VmHWM and VmRSS of its own process.
PRELUDE = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path

    def memory():
        fields = dict(
            line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines()
        )
        return {k: int(fields[k].split()[0]) // 1024 for k in ("VmHWM", "VmRSS")}

    def report(**figures):
        print("RESULT " + json.dumps(figures), flush=True)
    """
)

#: An explorer on a fresh data directory (it loads the Tilburg seed), a coordinator.
EXPLORER = textwrap.dedent(
    """
    import helpers
    app = helpers.make_app(Path(sys.argv[2]))
    client = app.test_client()
    helpers.login(client, "coordinator")
    client.get("/")
    before = memory()

    def said(html):
        for text in ("is geldig", "Er is niets geladen", "Bestand te groot"):
            if text in html:
                return text
        return html[:80]
    """
)

CASES = {
    "upload": EXPLORER
    + textwrap.dedent(
        """
        started = time.perf_counter()
        response = helpers.upload(client, Path(sys.argv[1]))
        seconds = time.perf_counter() - started
        html = response.get_data(as_text=True)
        report(seconds=round(seconds, 1), status=response.status_code, page=said(html),
               before=before, after=memory())
        helpers.close_app(app)
        """
    ),
    "read": textwrap.dedent(
        """
        from lea_graph.errors import ReadError
        from lea_graph.ingest import read_dataset
        before = memory()
        started = time.perf_counter()
        try:
            result = read_dataset(sys.argv[1])
            page = "geldig" if result.ok else f"{len(result.errors)} fouten"
        except ReadError as exc:
            page = str(exc)[:100]
        report(seconds=round(time.perf_counter() - started, 1), page=page,
               before=before, after=memory())
        """
    ),
    # The Tilburg seed read with the boundaries of the GeoPackage given.
    "lezen_geo": textwrap.dedent(
        """
        from lea_graph.ingest import read_dataset
        from lea_graph.resources import seed_path
        before = memory()
        started = time.perf_counter()
        result = read_dataset(seed_path(), geo=sys.argv[1])
        page = "geldig" if result.ok else f"{len(result.errors)} fouten"
        page += f", {len(result.warnings)} waarschuwingen"
        report(seconds=round(time.perf_counter() - started, 1), page=page,
               before=before, after=memory())
        """
    ),
    # Loads the Tilburg seed with Binnenstad's boundary from the file straight into the
    # store, past every check (as a network loaded before them); run before "kaart".
    "laden": textwrap.dedent(
        """
        from lea_graph.ingest import load_dataset
        from lea_graph.resources import seed_path
        from lea_graph.store import open_store

        dataset = load_dataset(seed_path())
        wijken = dataset.tables["wijken"]
        wijken.loc[wijken["id"] == "w-binnenstad", "geometrie"] = Path(sys.argv[1]).read_text()
        store = open_store("embedded", data_dir=Path(sys.argv[2]))
        store.load(dataset, source="vijandig")
        store.close()
        report()
        """
    ),
    "kaart": textwrap.dedent(
        """
        import helpers

        app = helpers.make_app(Path(sys.argv[2]))
        client = app.test_client()
        client.get("/")
        before = memory()
        started = time.perf_counter()
        response = client.get("/kaart")
        seconds = time.perf_counter() - started
        html = response.get_data(as_text=True)
        start = html.find('data-wijk="w-binnenstad"')
        path = html[start:].split(' d="', 1)[1].split('"', 1)[0] if start >= 0 else ""
        report(seconds=round(seconds, 1), status=response.status_code,
               page=f"{path.count('L') + path.count('M')} punten in Binnenstad",
               before=before, after=memory())
        helpers.close_app(app)
        """
    ),
}


# -- the files --------------------------------------------------------------------------------


def zigzag(n: int, x0: float, y0: float, width: float, height: float) -> list[list[float]]:
    """A closed ring of ``n`` points going up and down between two heights while moving
    right, closed along the bottom: it touches itself at every low point (self-crossing),
    and every horizontal line through it crosses all its segments."""
    ring = [[round(x0 + width * i / n, 7), round(y0 + height * (i % 2), 7)] for i in range(n)]
    return [*ring, ring[0]]


def band(n: int, x0: float, y0: float) -> list[list[float]]:
    """A valid ring of ``n`` points: long parallel diagonal strokes side by side, whose
    boxes all overlap, the worst case for GEOS's validity check."""
    e = 1e-7
    ring = []
    for i in range((n - 5) // 2):
        ring += [[round(x0 + i * e, 7), y0], [round(x0 + 0.01 + i * e, 7), y0 + 0.01]]
    ring += [[x0 + 0.01 + n * e, y0 + 0.02], [x0 - 0.01, y0 + 0.02], [x0 - 0.01, y0 - 0.005]]
    ring += [[x0, y0 - 0.005], ring[0]]
    return ring


def collection(features: dict[str, list]) -> str:
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"statcode": code},
                    "geometry": {"type": "Polygon", "coordinates": [ring]},
                }
                for code, ring in features.items()
            ],
        },
        separators=(",", ":"),
    )


def wobbly(n: int, x0: float, y0: float, r: float, decimals: int) -> list[list[float]]:
    """A valid closed ring of ``n`` points (the closing one included) around (x0, y0) whose
    radius wanders, like a detailed boundary (star-shaped, so it never crosses itself)."""
    import numpy as np

    rng = np.random.default_rng(n)
    angle = np.linspace(0, 2 * np.pi, n - 1, endpoint=False)
    radius = np.ones(n - 1)
    for k in range(2, 60):
        radius += 0.2 / k * rng.random() * np.sin(k * angle + rng.random() * 6.28)
    radius = r * radius / radius.max()
    x = np.round(x0 + radius * np.cos(angle), decimals)
    y = np.round(y0 + radius * np.sin(angle), decimals)
    ring = np.column_stack([x, y]).tolist()
    return [*ring, ring[0]]


def serpentine(n: int, x0: float, y0: float) -> list[list[float]]:
    """A valid closed ring of ``n`` points: rows 1 cm apart and 700 m long, back and forth,
    closed along the left. GEOS's simplification splits it one row at a time."""
    rows, e = (n - 3) // 2, 1e-7
    ring = []
    for i in range(rows):
        y = round(y0 + i * e, 7)
        ends = [[x0, y], [round(x0 + 0.01, 7), y]]
        ring += ends if i % 2 == 0 else ends[::-1]
    ring += [[round(x0 - 0.001, 7), round(y0 + rows * e, 7)], [round(x0 - 0.001, 7), y0 - e]]
    return [*ring, ring[0]]


def seed_zip(root: Path, target: Path, geojson: str, extra_wijken: int = 0) -> Path:
    """The Tilburg seed as a zip with ``geojson`` as its ``wijken.geojson``, and
    ``extra_wijken`` wijken more (codes WK0856xx)."""
    import csv
    import io

    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted((root / "seed" / "tilburg").glob("*.csv")):
            if f.name != "wijken.csv" or not extra_wijken:
                zf.write(f, f.name)
                continue
            rows = list(csv.DictReader(f.open(encoding="utf-8", newline="")))
            for i in range(extra_wijken):
                rows.append({**rows[0], "id": f"w-extra-{i}", "naam": f"Extra {i}",
                             "cbs_code": f"WK0856{i:02d}"})  # fmt: skip
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            zf.writestr("wijken.csv", out.getvalue())
        zf.writestr("wijken.geojson", geojson)
    return target


#: The Tilburg seed's wijken: WK085510 to WK085568.
TILBURG = [f"WK0855{i}" for i in range(10, 69)]


def national_gpkg(target: Path) -> Path:
    """A made-up national wijk map in RD New: 3,300 wijken of about 1,000 points (as CBS's
    full-resolution map averages), 20 of 20,000 to 49,000, Tilburg's 59 among them
    (WK085510 with 25,000, WK085511 with 40,000, WK085512 with 49,000)."""
    import numpy as np
    import pyogrio.raw
    import shapely

    others = (f"WK{g:04d}{w:02d}" for g in range(1, 999) if g != 855 for w in range(1, 11))
    codes = TILBURG + [next(others) for _ in range(3_300 - len(TILBURG))]
    large = {"WK085510": 25_000, "WK085511": 40_000, "WK085512": 49_000}
    large |= {code: 20_000 + 1_000 * i for i, code in enumerate(codes[100:3_300:190])}
    geometries = []
    for i, code in enumerate(codes):
        x0, y0 = 15_000 + (i % 60 + 0.5) * 4_333, 310_000 + (i // 60 + 0.5) * 5_454
        ring = wobbly(large.get(code, 1_000), x0, y0, 1_800, 3)
        geometries.append(shapely.to_wkb(shapely.MultiPolygon([shapely.Polygon(ring)])))
    pyogrio.raw.write(
        target,
        np.array(geometries, dtype=object),
        [np.array(codes, dtype=object), np.array([f"Wijk {c[2:]}" for c in codes], dtype=object)],
        fields=["statcode", "statnaam"],
        crs="EPSG:28992",
        driver="GPKG",
        geometry_type="MultiPolygon",
        layer="wijken",
    )
    return target


def sparse_workbook(target: Path, sheets: int) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name in ("partners", "hubs")[:sheets]:
        ws = wb.create_sheet(name)
        ws["A1"] = "id"
        ws["A1000001"] = "x-1"
    wb.save(target)
    return target


def million_workbook(target: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    rows = {
        "hubs": [["id", "naam", "domein"], ["h-1", "Cultuur", "cultuur"]],
        "wijken": [["id", "naam", "pact"], ["w-1", "Heikant", "ja"]],
        "scholen": [["id", "naam", "sector", "wijk"], ["s-1", "School A", "po", "w-1"]],
    }
    for name, lines in rows.items():
        ws = wb.create_sheet(name)
        for line in lines:
            ws.append(line)
    ws = wb.create_sheet("partners")
    ws.append(["id", "naam", "type"])
    for i in range(1_000_000):
        ws.append([f"p-{i}", f"Partner {i}", "cultuur"])
    wb.save(target)
    return target


def _once(path: Path, make) -> Path:
    """``path``, made by ``make(path)`` unless an earlier run left it."""
    if not path.exists():
        make(path)
    return path


def files(root: Path, folder: Path) -> dict[str, tuple[str, Path]]:
    """Case name -> (child, file)."""

    def ring(path: Path) -> None:
        five_million = zigzag(5_000_000, 5.08, 51.55, 0.02, 0.01)
        path.write_text(json.dumps({"type": "Polygon", "coordinates": [five_million]}))

    ring_file = _once(folder / "ring.json", ring)

    def grens(path: Path) -> None:
        geometry = json.loads(ring_file.read_text())
        seed_zip(root, path, collection({"WK085510": geometry["coordinates"][0]}))

    def zwaarst(path: Path) -> None:
        rings = {f"WK0855{10 + i}": band(10_000, 5.0 + 0.05 * i, 51.5) for i in range(5)}
        seed_zip(root, path, collection(rings))

    def grootste(path: Path) -> None:
        codes = TILBURG + [f"WK0856{i:02d}" for i in range(25)]
        rings = {
            code: wobbly(50_000 if i < 4 else 10_000, 5.0 + 0.03 * (i % 10), 51.5 + 0.03 * (i // 10), 0.012, 7)
            for i, code in enumerate(codes)
        }  # fmt: skip
        seed_zip(root, path, collection(rings), extra_wijken=25)

    def traagst(path: Path) -> None:
        rings = {f"WK0855{10 + i}": serpentine(50_000, 5.0 + 0.05 * i, 51.5) for i in range(4)}
        seed_zip(root, path, collection(rings))

    leeg1 = _once(folder / "leeg1.xlsx", lambda p: sparse_workbook(p, 1))
    leeg2 = _once(folder / "leeg2.xlsx", lambda p: sparse_workbook(p, 2))
    return {
        "grens_upload": ("upload", _once(folder / "grens.zip", grens)),
        "grens_kaart": ("kaart", ring_file),
        "grens_zwaarst": ("upload", _once(folder / "zwaarst.zip", zwaarst)),
        "grens_landelijk": ("lezen_geo", _once(folder / "wijkenbuurten.gpkg", national_gpkg)),
        "grens_grootste": ("upload", _once(folder / "grootste.zip", grootste)),
        "grens_traagst": ("upload", _once(folder / "traagst.zip", traagst)),
        "werkblad_leeg_1_lezen": ("read", leeg1),
        "werkblad_leeg_1": ("upload", leeg1),
        "werkblad_leeg_2_lezen": ("read", leeg2),
        "werkblad_leeg_2": ("upload", leeg2),
        "werkblad_miljoen_lezen": ("read", _once(folder / "miljoen.xlsx", million_workbook)),
    }


# -- running ------------------------------------------------------------------------------------


def _vm(pid: int) -> dict[str, int]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    fields = dict(line.split(":", 1) for line in text.splitlines())
    return {k: int(fields[k].split()[0]) // 1024 for k in ("VmHWM", "VmRSS")}


def _child(root: Path, child: str, path: Path, data: str, timeout: float) -> dict:
    """Run one child on ``path`` and the data directory ``data``; its figures."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("LEA_")},
        "LEA_STORE": "embedded",
        "PYTHONPATH": f"{root}{os.pathsep}{root / 'tests'}",
    }
    proc = subprocess.Popen(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", PRELUDE + CASES[child], str(path), data],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    started = time.monotonic()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        memory = _vm(proc.pid)
        proc.kill()
        proc.communicate()
        return {
            "seconds": f"> {round(time.monotonic() - started)}",
            "page": f"niet klaar na {timeout:.0f} s, gestopt",
            "after": memory,
        }
    for line in out.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    return {"page": "fout: " + (err.strip().splitlines() or ["?"])[-1][:120]}


def run_case(root: Path, child: str, path: Path, timeout: float) -> dict:
    """The figures of one case (a map case first loads its network in a child of its own)."""
    with tempfile.TemporaryDirectory(prefix="lea-vijandig-") as data:
        if child == "kaart":
            _child(root, "laden", path, data, timeout)
        return _child(root, child, path, data, timeout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the code tree to measure")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per case")
    parser.add_argument("--files", type=Path, help="folder for the files (kept for reruns)")
    parser.add_argument("--only", nargs="*", help="run only these cases")
    args = parser.parse_args()
    folder = args.files or Path(tempfile.mkdtemp(prefix="lea-vijandig-bestanden-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = {}
    for name, (child, path) in files(args.root.resolve(), folder).items():
        if args.only and name not in args.only:
            continue
        figures = run_case(args.root.resolve(), child, path, args.timeout)
        figures["file_mb"] = round(path.stat().st_size / 1e6, 1)
        results[name] = figures
        before, after = figures.get("before", {}), figures.get("after", {})
        print(
            f"{name:24} {figures.get('seconds', '?')!s:>8} s  status {figures.get('status', '-')}"
            f"  piek {before.get('VmHWM', '?')} -> {after.get('VmHWM', '?')} MB"
            f"  (RSS na {after.get('VmRSS', '?')} MB)  {figures.get('page', '')}",
            flush=True,
        )
    if args.out:
        meta = {"root": str(args.root), "python": platform.python_version(), "cpus": os.cpu_count()}
        args.out.write_text(json.dumps({"meta": meta, "cases": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
