"""One chart definition (:mod:`lea_graph.grafiek`): the trend chart of a LEA target on the
page (SVG) and in the PDF report (reportlab) carries the same texts: axis ticks, years,
value labels, legend and target. A network worked out by hand."""

from __future__ import annotations

import re
import shutil
import subprocess

from helpers import app_on

from lea_graph.analytics.compare import trend
from lea_graph.analytics.report import analyse
from lea_graph.dataset import Dataset
from lea_graph.grafiek import lijngrafieken
from lea_graph.graph import to_graph
from lea_graph.report_pdf import write_report_pdf

PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
OLD_YEAR, YEAR = "2023-2024", "2024-2025"
PACT = "Kinderen op scholen in PacT-wijken die meedoen aan brede talentontwikkeling"


def _act(partner: str, n: int, year: str) -> dict:
    return {"partner": partner, "school": "s-a", "hub": "h-sport", "schooljaar": year,
            "deelnemers": str(n)}  # fmt: skip


# One PacT wijk (target 100%) with one school of 1000 pupils. 2023-2024: activities of
# 377, 377 and 188 pupils: at least 377 (the largest), at most 942 (the sum): 37% (down)
# to 95% (up). 2024-2025: 416, 416 and 89: at least 416, at most 921: 41% to 93%.
NETWORK = Dataset.from_rows(
    {
        "hubs": [{"id": "h-sport", "naam": "Sport", "domein": "sport"}],
        "wijken": [{"id": "w-a", "naam": "Anker", "pact": "ja", "ses": "midden",
                    "kinderen_0_17": "1500"}],
        "scholen": [{"id": "s-a", "naam": "School Anker", "sector": "po", "wijk": "w-a",
                     "leerlingen": "1000"}],
        "partners": [{"id": p, "naam": n, "type": "sport"}
                     for p, n in (("p-a", "Atletiek"), ("p-b", "Basket"), ("p-c", "Circus"))],
        "hub_leden": [{"partner": p, "hub": "h-sport"} for p in ("p-a", "p-b", "p-c")],
        "activiteiten": [_act("p-a", 377, OLD_YEAR), _act("p-b", 377, OLD_YEAR),
                         _act("p-c", 188, OLD_YEAR), _act("p-a", 416, YEAR),
                         _act("p-b", 416, YEAR), _act("p-c", 89, YEAR)],
    }
)  # fmt: skip

TICKS = ["0%", "25%", "50%", "75%", "100%"]
VALUES = ["37%", "41%", "95%", "93%"]  # lower bounds down, upper bounds up
LEGEND = ["ondergrens", "bovengrens", "mogelijk bereik", "doel 100%"]
#: Every text of the PacT chart, by hand.
TEXTS = sorted([*TICKS, OLD_YEAR, YEAR, *VALUES, *LEGEND])


def test_the_chart_is_defined_once():
    g = to_graph(NETWORK)
    (pact, *_) = lijngrafieken(trend(g), analyse(g).targets)
    assert pact.titel == PACT and pact.jaren == (OLD_YEAR, YEAR)
    assert [t for _, t in pact.ticks] == TICKS
    assert [(lab.x, lab.tekst) for lab in pact.labels] == [
        (0, "37%"), (1, "41%"), (0, "95%"), (1, "93%")
    ]  # fmt: skip
    assert pact.doel_tekst == "doel 100%"


def _web_texts(tmp_path) -> list[str]:
    with app_on("embedded", tmp_path, NETWORK, "grafiek-test", SEED_ON_EMPTY=False) as (app, _):
        page = app.test_client().get("/veranderingen?vergelijk=jaren")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
    svgs = re.findall(r"<svg class=\"chart\".*?</svg>", html, flags=re.S)
    # The PacT chart (before one chart per target: the first, of every target).
    svg = next((s for s in svgs if f"<title>{PACT}</title>" in s), svgs[0])
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def _pdf_chart_text(tmp_path) -> str:
    g = to_graph(NETWORK)
    pdf = write_report_pdf(analyse(g), tmp_path / "grafiek.pdf", trend=trend(g))
    done = subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, check=True, text=True)
    section = done.stdout[done.stdout.index("Trend per schooljaar\nPer schooljaar") :]
    chart = section[section.index(PACT) + len(PACT) :]
    return chart[: chart.index("doel 100%") + len("doel 100%")]


def test_web_chart_and_pdf_chart_carry_the_same_texts(tmp_path):
    web = _web_texts(tmp_path)
    assert sorted(web) == TEXTS
    pdf = " ".join(_pdf_chart_text(tmp_path).split())
    assert sorted(re.findall(r"\d+%", pdf)) == sorted(re.findall(r"\d+%", " ".join(web)))
    for text in [OLD_YEAR, YEAR, *LEGEND]:
        assert text in pdf, text
