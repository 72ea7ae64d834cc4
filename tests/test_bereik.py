"""One figure, one rule (issue 27): a target's lower bound is rounded down and its upper
bound up on every surface (PDF table and chart, pages, charts, API), and a target rises
or falls only when the rounded bounds show it. Small networks worked out by hand."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import STORE_BACKENDS, app_on

from lea_graph import bereik
from lea_graph.analytics.compare import compare, trend
from lea_graph.analytics.report import analyse
from lea_graph.analytics.scenario import Scenario, run, vulnerability
from lea_graph.dataset import Dataset
from lea_graph.graph import to_graph
from lea_graph.report_pdf import write_report_pdf

PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
OLD_YEAR, YEAR = "2023-2024", "2024-2025"
PACT = "Kinderen op scholen in PacT-wijken die meedoen aan brede talentontwikkeling"


def _act(partner: str, n: int | None, year: str = YEAR) -> dict:
    return {"partner": partner, "school": "s-a", "hub": "h-sport", "schooljaar": year,
            "deelnemers": "" if n is None else str(n)}  # fmt: skip


def _rows(partners: dict[str, str], acts: list[dict], pupils: int) -> dict:
    """One PacT wijk (SES midden, so only the PacT target counts) with one school of
    ``pupils`` pupils; every partner is a sport partner in the one hub."""
    return {
        "hubs": [{"id": "h-sport", "naam": "Sport", "domein": "sport"}],
        "wijken": [{"id": "w-a", "naam": "Anker", "pact": "ja", "ses": "midden",
                    "kinderen_0_17": "1500"}],
        "scholen": [{"id": "s-a", "naam": "School Anker", "sector": "po", "wijk": "w-a",
                     "leerlingen": str(pupils)}],
        "partners": [{"id": p, "naam": naam, "type": "sport"} for p, naam in partners.items()],
        "hub_leden": [{"partner": p, "hub": "h-sport"} for p in partners],
        "activiteiten": acts,
    }  # fmt: skip


# -- rounding: the trend ---------------------------------------------------------------------

# School Anker, 1000 pupils. 2023-2024: activities of 377, 377 and 188 → at least 377
# (the largest), at most 942 (the sum): 0.377–0.942, shown 37–95% (377 down to 37, 942
# up to 95). Rounded to the nearest they would be 38% and 94%: the contradiction users
# saw. 2024-2025: 416, 416 and 89 → 0.416–0.921, shown 41–93% (not 42% and 92%).
TREND = Dataset.from_rows(
    _rows(
        {"p-a": "Atletiek", "p-b": "Basket", "p-c": "Circus"},
        [_act("p-a", 377, OLD_YEAR), _act("p-b", 377, OLD_YEAR), _act("p-c", 188, OLD_YEAR),
         _act("p-a", 416), _act("p-b", 416), _act("p-c", 89)],
        1000,
    )
)  # fmt: skip
SHOWN = {"37%", "95%", "41%", "93%"}
NEAREST = {"38%", "94%", "42%", "92%"}


def _pdf_text(pdf: Path) -> str:
    done = subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, check=True, text=True)
    return done.stdout


def test_bounds_round_outwards():
    assert (bereik.lower(0.377), bereik.upper(0.942)) == (37, 95)
    assert bereik.range_text(0.377, 0.942, short=True) == "37–95%"
    assert bereik.range_text(0.377, 0.942) == "tussen 37% en 95%"
    assert bereik.range_text(0.374, 0.37, short=True) == "37%"  # 37 down, 37 up: one figure


def test_pdf_trend_chart_and_table_show_one_range(tmp_path):
    g = to_graph(TREND)
    pdf = write_report_pdf(analyse(g), tmp_path / "trend.pdf", trend=trend(g))
    text = _pdf_text(pdf)
    section = text[text.index("Trend per schooljaar\nPer schooljaar") :]
    chart = section[section.index(PACT) : section.index("mogelijk bereik")]
    labels = set(re.findall(r"\d+%", chart))
    # The value labels next to the points, besides the axis (0–100%) and nothing else.
    assert labels - {"0%", "25%", "50%", "75%", "100%"} == SHOWN
    table = " ".join(section[section.index("De cijfers") :].split())
    assert "2023-2024 37–95% niet gehaald" in table
    assert "2024-2025 41–93% niet gehaald" in table
    assert not NEAREST & set(re.findall(r"\d+%", section))


@pytest.mark.parametrize("backend", STORE_BACKENDS)
def test_web_trend_page_chart_and_api_show_one_range(backend, tmp_path):
    with app_on(backend, tmp_path, TREND, "bereik-test", SEED_ON_EMPTY=False) as (app, _):
        client = app.test_client()
        page = client.get("/veranderingen?vergelijk=jaren")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        trend_html = html[html.index('id="t-trend-grafiek"') :]
        svg = trend_html[: trend_html.index("</figure>")]
        points = set(re.findall(r'font-size="10">(\d+%)</text>', svg))
        assert points == SHOWN
        assert "37–95%" in trend_html and "41–93%" in trend_html
        assert not NEAREST & set(re.findall(r"\d+%", trend_html))
        data = client.get("/api/v1/veranderingen?vergelijk=jaren").get_json()
        assert [r["pact_bereik"] for r in data["trend"]] == ["37–95%", "41–93%"]
        rows = data["tabellen"]["trend"]["rijen"]
        assert [r["pact_bereik"] for r in rows] == ["37–95%", "41–93%"]
        # The comparison of the two years says the same ranges in words.
        pact = next(r for r in data["tabellen"]["doelen"]["rijen"] if r["code"] == "pact")
        assert (pact["bereik_voor"], pact["bereik_na"]) == (
            "tussen 37% en 95%",
            "tussen 41% en 93%",
        )
        # The wijk page and the map's table show the newest year the same way.
        wijk = client.get(f"/wijk/w-a?schooljaar={OLD_YEAR}").get_data(as_text=True)
        assert "37–95%" in wijk


# -- a fall only when it shows ---------------------------------------------------------------

# School Anker, 10 000 pupils. Groot 2049, Klein 2041, Vrij without a number (may reach
# the whole school): at least 2049 (20.49% → 20%), at most 10 000 (100%).
# Without Groot: at least 2041 (20.41% → 20%), still at most 100%: nothing shows.
# Without Klein: nothing changes at all.
# Without Vrij: at least 2049 (20%), at most 2049 + 2041 = 4090 (40.9% → 41%): the upper
# bound falls from 100% to 41%.
SMALL_STEP = _rows(
    {"p-groot": "Groot", "p-klein": "Klein", "p-vrij": "Vrij"},
    [_act("p-groot", 2049), _act("p-klein", 2041), _act("p-vrij", None)],
    10_000,
)


@pytest.fixture(scope="module")
def small_step():
    return to_graph(Dataset.from_rows(SMALL_STEP))


def test_a_fall_below_the_rounding_step_is_not_listed(small_step):
    v = vulnerability(small_step, YEAR).set_index("partner")
    assert v.loc["p-groot", "doelen"] == ""
    assert v.loc["p-groot", "daling_ondergrens"] == 0
    assert v.loc["p-groot", "toelichting"] == (
        "Als Groot stopt, verandert er niets aan de gaten, de doelen of het netwerk."
    )
    assert v.loc["p-klein", "doelen"] == ""
    assert (
        v.loc["p-vrij", "doelen"]
        == "doel PacT-wijken: bovengrens 100% → 41%; onzeker → niet gehaald"
    )
    assert v.loc["p-vrij", "daling_ondergrens"] == 0


def test_target_changes_and_scenario_say_gelijk(small_step):
    rows = SMALL_STEP | {"activiteiten": [a for a in SMALL_STEP["activiteiten"]
                                          if a["partner"] != "p-groot"]}  # fmt: skip
    c = compare(small_step, to_graph(Dataset.from_rows(rows)), schooljaar=YEAR)
    pact = c.targets.set_index("code").loc["pact"]
    assert (pact["bereik_voor"], pact["bereik_na"]) == ("tussen 20% en 100%", "tussen 20% en 100%")
    assert pact["richting"] == "gelijk"
    result = run(small_step, Scenario(zonder=["p-groot"]), YEAR)
    assert result.targets.set_index("code").loc["pact", "richting"] == "gelijk"
    overview = result.overzicht.set_index("maat")
    assert overview.loc[PACT, "verschil"] == "gelijk"
    assert not any("gaat het doel" in z for z in result.zinnen)


def test_pdf_vulnerability_lists_only_visible_falls(small_step, tmp_path):
    pdf = write_report_pdf(
        analyse(small_step, YEAR), tmp_path / "kwetsbaar.pdf",
        vulnerability=vulnerability(small_step, YEAR),
    )  # fmt: skip
    text = " ".join(_pdf_text(pdf).split())
    assert "20% naar 20%" not in text and "100% naar 100%" not in text
    assert "bovengrens 100% naar 41%" in text
