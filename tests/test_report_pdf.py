"""The PDF report: A4 pages with text, in Dutch, readable in black and white, also for an
empty network."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from helpers import STORE_BACKENDS, app_on
from PIL import Image, ImageStat

from lea_graph.analytics import indicators
from lea_graph.analytics.compare import compare_years, trend
from lea_graph.analytics.report import analyse
from lea_graph.dataset import Dataset
from lea_graph.graph import to_graph
from lea_graph.report_pdf import VOORBEELD_NOTICE, _safe, write_report_pdf

PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"

SECTIONS = [
    "1. LEA-doelen",
    "2. Dekking: wijk × hub",
    "3. Grootste gaten",
    "4. Wat is er veranderd sinds de vorige versie",
    "5. Sterkste ontbrekende verbanden",
    "6. Kwetsbaarste partners",
    "7. Trend per schooljaar",
]


def _vulnerability() -> pd.DataFrame:
    rows = [
        {"rang": 1, "partner": "p-a", "partner_naam": "Muziek & Dans <Noord>",
         "hubs": "Cultuur en muziek", "lege_cellen": 4, "cellen": "Groenewoud × Cultuur",
         "kinderen": 5200, "doelen": "PacT-wijken", "kwetsbare_cellen": 2,
         "toelichting": "Zonder deze partner vallen 4 cellen leeg."},
        {"rang": 2, "partner": "p-b", "partner_naam": "Sportclub Zuid", "hubs": "Sport",
         "lege_cellen": 2, "cellen": "Heikant × Sport", "kinderen": 430, "doelen": "",
         "kwetsbare_cellen": 1, "toelichting": "Zonder deze partner vallen 2 cellen leeg."},
    ]  # fmt: skip
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def seed_pdf(tilburg, tmp_path_factory) -> Path:
    g = to_graph(tilburg)
    out = tmp_path_factory.mktemp("rapport") / "sub" / "rapport.pdf"
    path = write_report_pdf(
        analyse(g),
        out,
        comparison=compare_years(g, "2023-2024", "2024-2025"),
        vulnerability=_vulnerability(),
        trend=trend(g),
    )
    assert path == out
    return path


def _text(pdf: Path) -> str:
    done = subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, check=True, text=True)
    return done.stdout


def _pages(pdf: Path, folder: Path, dpi: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    subprocess.run([PDFTOPPM, "-r", str(dpi), "-png", str(pdf), str(folder / "p")], check=True)
    return sorted(folder.glob("p-*.png"), key=lambda p: int(re.findall(r"\d+", p.stem)[-1]))


def _a4(size: tuple[int, int]) -> bool:
    """A4 at 72 dpi, portrait or landscape (pdftoppm rounds up to 596 × 842)."""
    w, h = sorted(size)
    return abs(w - 595) <= 1 and abs(h - 842) <= 1


def test_seed_report_is_a_pdf(seed_pdf):
    assert seed_pdf.read_bytes().startswith(b"%PDF")


def test_seed_report_has_several_a4_pages_with_ink(seed_pdf, tmp_path):
    pages = _pages(seed_pdf, tmp_path / "a4", 72)
    assert len(pages) >= 6
    for page in pages:
        with Image.open(page) as im:
            assert _a4(im.size), (page.name, im.size)
    low = _pages(seed_pdf, tmp_path / "low", 50)
    assert len(low) == len(pages)
    for page in low:
        with Image.open(page) as im:
            grey = im.convert("L")
            lo, hi = grey.getextrema()
            # Not blank: black text on white paper on every page.
            assert lo < 60 and hi > 240, page.name
            assert ImageStat.Stat(grey).mean[0] < 252, page.name


def test_seed_report_text(seed_pdf, tilburg):
    text = _text(seed_pdf)
    flat = " ".join(text.split())
    for title in SECTIONS:
        assert title in flat, title
    for target in indicators.lea_targets(to_graph(tilburg)):
        assert target.naam in flat, target.naam
    for wijk in ("Groenewoud", "Wandelbos Noord", "Quirijnstok"):
        assert wijk in flat
    assert VOORBEELD_NOTICE in flat
    assert "pagina 1 van" in text
    total = len(re.findall(r"pagina \d+ van (\d+)", text))
    assert total >= 6 and f"pagina {total} van {total}" in text
    # Dutch numbers and the statuses the bounds prove.
    pact = next(t for t in indicators.lea_targets(to_graph(tilburg)) if t.code == "pact")
    assert pact.leerlingen > 999  # so the Dutch thousands separator shows
    assert f"{pact.leerlingen:,}".replace(",", ".") in flat and "niet gehaald" in flat
    assert "Bron: DUO" in flat or "DUO, 1 oktober" in flat
    # Names are escaped, not read as markup; no missing glyphs.
    assert "Muziek & Dans <Noord>" in flat
    assert "PacT" in flat and "Gaten zonder partner" in flat
    assert "\ufffd" not in text and "■" not in text


def test_heatmap_reads_in_black_and_white(seed_pdf, tmp_path):
    pages = _pages(seed_pdf, tmp_path / "grey", 50)
    # The heatmap's first page has its legend; the table of contents names it too.
    heatmap = [p for i, p in enumerate(pages, 1) if "Partners per cel" in _page_text(seed_pdf, i)]
    assert heatmap, "no heatmap page"
    with Image.open(heatmap[0]) as im:
        assert im.width > im.height  # landscape, to fit six hubs
        grey = im.convert("L")
        histogram = grey.histogram()
        dark = sum(histogram[:80])
        mid = sum(histogram[100:210])
        light = sum(histogram[230:])
        # Black text and borders, grey cells of several levels, white paper.
        assert dark > 500 and mid > 2000 and light > 0.4 * sum(histogram)
        levels = {v for v in range(100, 230) if histogram[v] > 150}
        assert len(levels) >= 4, sorted(levels)


def _page_text(pdf: Path, page: int) -> str:
    done = subprocess.run(
        [PDFTOTEXT, "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return " ".join(done.stdout.split())


def test_empty_network_writes_a_pdf_that_says_geen(tmp_path):
    g = to_graph(Dataset.from_rows({}))
    out = write_report_pdf(
        analyse(g),
        tmp_path / "leeg.pdf",
        vulnerability=pd.DataFrame(),
        trend=trend(g),
    )
    assert out.read_bytes().startswith(b"%PDF")
    flat = " ".join(_text(out).split())
    assert "Geen wijken of hubs" in flat
    assert "Geen gaten gevonden" in flat
    assert "Er is geen vorige versie om mee te vergelijken" in flat
    assert "Geen ontbrekende verbanden gevonden" in flat
    assert "Geen kwetsbare partners gevonden" in flat
    assert "Geen schooljaren in de gegevens" in flat
    assert "niet te berekenen" in flat
    assert VOORBEELD_NOTICE not in flat
    assert "pagina 1 van" in flat
    pages = _pages(out, tmp_path / "leeg", 72)
    assert pages
    for page in pages:
        with Image.open(page) as im:
            assert _a4(im.size)


def test_tiny_network_and_options(tmp_path):
    ds = Dataset.from_rows(
        {
            "hubs": [{"id": "h-1", "naam": "Sport & Spel", "domein": "sport"}],
            "wijken": [{"id": "w-1", "naam": "Noord <oost>", "pact": "ja", "ses": "laag"}],
            "scholen": [{"id": "s-1", "naam": "A", "sector": "po", "wijk": "w-1",
                         "leerlingen": "100"}],
        }
    )  # fmt: skip
    out = write_report_pdf(
        analyse(to_graph(ds), "2024-2025"), tmp_path / "klein.pdf", title="Rapport → Noord",
        voorbeeld=True,
    )  # fmt: skip
    flat = " ".join(_text(out).split())
    assert "Rapport naar Noord" in flat and "Noord <oost>" in flat and "Sport & Spel" in flat
    assert VOORBEELD_NOTICE in flat and "2024-2025" in flat
    # No vulnerability or trend sections when not given; the sources always close it.
    assert "Kwetsbaarste partners" not in flat and "Trend per schooljaar" not in flat
    assert "6. Bronnen" in flat and "7. " not in flat


def test_safe_glyphs():
    assert _safe("a → b ≥ c – d × é ë") == "a naar b >= c – d × é ë"
    assert _safe("a→b") == "a->b"
    assert _safe(None) == ""


@pytest.mark.parametrize("backend", STORE_BACKENDS)
def test_rapport_download_compares_with_the_saved_version(backend, tmp_path):
    """Load OLD, then NEW through the app (which saves OLD): the overview links the
    report, and the report tells what changed since the saved version."""
    from test_compare import NEW, OLD

    from web import services

    with app_on(backend, tmp_path, OLD, "oud", SEED_ON_EMPTY=False) as (app, _):
        with app.app_context():
            services.load(lambda _current: NEW, user="test", source="nieuw")
        client = app.test_client()
        overview = client.get("/").get_data(as_text=True)
        assert 'href="/rapport.pdf"' in overview and "Rapport (pdf)" in overview
        response = client.get("/rapport.pdf")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"] == (
            'attachment; filename="lea-rapport-alle-jaren.pdf"'
        )
        pdf = tmp_path / "download.pdf"
        pdf.write_bytes(response.data)
        flat = " ".join(_text(pdf).split())
        (saved,) = [s["label"] for s in services_snapshots(app)]
        assert f"Van {saved} naar huidig netwerk." in flat
        assert "Veranderd: activiteit: 1 nieuw, 1 weg." in flat
        # Anker × Cultuur went from Museum and Dansschool to Dansschool alone.
        assert "nieuw gat: nog één partner Anker Cultuur 2 naar 1" in flat
        # The PacT school (200 pupils) now has 50 and 20 participants: 25–35%.
        assert "25–35%" in flat and "niet gehaald" in flat
        year = client.get("/rapport.pdf?schooljaar=2024-2025")
        assert year.status_code == 200
        assert "lea-rapport-2024-2025.pdf" in year.headers["Content-Disposition"]
        assert client.get("/rapport.pdf?schooljaar=1999-2000").status_code == 404


def services_snapshots(app) -> list[dict]:
    from web import services

    with app.test_request_context("/"):
        return services.snapshots()
