"""Render the PDF report of the Tilburg seed to the screenshots in docs/screenshots.

Writes ``docs/screenshots/rapport-1.png`` (the title page) and
``docs/screenshots/rapport-heatmap.png`` (the first page of the wijk × hub heatmap) at
about 80 dpi. Needs ``pdftoppm`` and ``pdftotext`` (poppler-utils).

Usage::

    .venv/bin/python scripts/render_report_screenshots.py [--pdf rapport.pdf]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from lea_graph.analytics import scenario
from lea_graph.analytics.compare import since_previous, trend
from lea_graph.analytics.report import analyse
from lea_graph.geometry import plane, wijk_shapes
from lea_graph.graph import to_graph
from lea_graph.ingest import load_dataset
from lea_graph.report_pdf import write_report_pdf
from lea_graph.resources import seed_path

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "docs" / "screenshots"
DPI = 80


def _tool(name: str) -> str:
    found = shutil.which(name) or f"/usr/bin/{name}"
    if not Path(found).exists():
        sys.exit(f"{name} ontbreekt: installeer poppler-utils")
    return found


def _page_text(pdf: Path, page: int) -> str:
    done = subprocess.run(  # noqa: S603 (our own tool and file)
        [_tool("pdftotext"), "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return done.stdout


def _pages(pdf: Path) -> int:
    done = subprocess.run(  # noqa: S603 (our own tool and file)
        [_tool("pdfinfo"), str(pdf)], capture_output=True, check=True, text=True
    )
    for line in done.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise RuntimeError("pdfinfo gaf geen aantal pagina's")


def _render(pdf: Path, page: int, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        stem = Path(tmp) / "p"
        subprocess.run(  # noqa: S603 (our own tool and file)
            [_tool("pdftoppm"), "-r", str(DPI), "-f", str(page), "-l", str(page), "-png",
             "-singlefile", str(pdf), str(stem)],
            check=True,
        )  # fmt: skip
        shutil.move(str(stem.with_suffix(".png")), out)
    print(f"{out.relative_to(ROOT)} (pagina {page})")


def seed_report(pdf: Path) -> Path:
    """Write the report of the seed, with the comparison of its last two schooljaren, the
    kwetsbaarheid ranking and the trend."""
    g = to_graph(load_dataset(seed_path()))
    comparison = since_previous(g)  # no saved version: the last two schooljaren
    report = analyse(g)
    vulnerability = scenario.vulnerability(g)
    return write_report_pdf(
        report,
        pdf,
        comparison=comparison,
        vulnerability=vulnerability,
        trend=trend(g),
        wijkvormen=plane(wijk_shapes(g)),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, help="keep the PDF here (default: a temporary file)")
    args = parser.parse_args()
    SHOTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = seed_report(args.pdf or Path(tmp) / "rapport.pdf")
        _render(pdf, 1, SHOTS / "rapport-1.png")
        heatmap = next(
            (p for p in range(1, _pages(pdf) + 1) if "Partners per cel" in _page_text(pdf, p)),
            None,
        )
        if heatmap is None:
            sys.exit("geen heatmap gevonden in het rapport")
        _render(pdf, heatmap, SHOTS / "rapport-heatmap.png")


if __name__ == "__main__":
    main()
