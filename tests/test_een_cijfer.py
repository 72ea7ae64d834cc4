"""One figure, one rule, on the Tilburg seed and on a changed seed, on both stores: every
figure read from each surface that shows it (pages, API, map, PDF) is the same.

The hand-made networks of ``test_one_rule.py``, ``test_bereik.py``, ``test_tijd.py`` and
``test_regels.py`` check each rule against values worked out by hand; this test checks
that on a real-sized network no surface computes a figure its own way. What it compares:

- the reach of each LEA target (overview page, ``/api/v1/overzicht``, the PDF);
- per wijk, the partners of each kind, the children and the gaps (``/wijken``,
  ``/api/v1/wijken``, ``/api/v1/kaart``, the wijk page);
- the cells without a partner and the cells that can be a gap (the overview's heatmap
  in ``/api/v1/overzicht``, the map's rows, the PDF's "N van M").
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess

import pytest
from helpers import STORE_BACKENDS, app_on

from lea_graph.dataset import Dataset
from lea_graph.ingest import load_dataset
from lea_graph.resources import seed_path

YEAR = "2024-2025"
PDFTOTEXT = shutil.which("pdftotext")
#: The partner the changed network loses, with every row that names it.
GONE = "p-factorium"


def _without(dataset: Dataset, partner: str) -> Dataset:
    rows = {t: list(dataset.rows(t)) for t in dataset.tables}
    for table, found in rows.items():
        if table == "partners":
            rows[table] = [r for r in found if r["id"] != partner]
        else:
            rows[table] = [
                r
                for r in found
                if partner not in (r.get("partner"), r.get("partner_a"), r.get("partner_b"))
            ]
    return Dataset.from_rows(rows)


@pytest.fixture(scope="module", params=[(b, v) for b in STORE_BACKENDS for v in ("seed", "zonder")])
def client(request, tmp_path_factory):
    backend, version = request.param
    dataset = load_dataset(seed_path())
    if version == "zonder":
        assert any(r["partner"] == GONE for r in dataset.rows("activiteiten"))
        dataset = _without(dataset, GONE)
    folder = tmp_path_factory.mktemp(f"een-cijfer-{version}")
    with app_on(backend, folder, dataset, version, SEED_ON_EMPTY=False) as (app, network):
        if network is not None:
            network.ensure()
        yield app.test_client()


def _pdf_text(client) -> str:
    response = client.get(f"/rapport.pdf?schooljaar={YEAR}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    done = subprocess.run(
        [PDFTOTEXT, "-", "-"], input=response.data, capture_output=True, check=True
    )
    return " ".join(done.stdout.decode("utf-8").split())


def _flat(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) ontbreekt")
def test_targets_read_the_same_on_page_api_and_pdf(client):
    targets = client.get(f"/api/v1/overzicht?schooljaar={YEAR}").get_json()["doelen"]
    page = _flat(client.get(f"/?schooljaar={YEAR}").get_data(as_text=True))
    pdf = _pdf_text(client)
    reached = [t for t in targets if t["ondergrens"] is not None]
    assert len(reached) >= 2  # PacT and lage SES can be computed on the seed
    for t in reached:
        # The API's range is the one rule applied to the API's own bounds...
        low = math.floor(t["ondergrens"] * 100 + 1e-9)
        high = math.ceil(t["bovengrens"] * 100 - 1e-9)
        assert t["bereik_kort"] == (f"{low}%" if low == high else f"{low}–{high}%"), t["code"]
        # ...and the page and the PDF show that range after the target's name.
        assert f"{t['naam']} {t['bereik_kort']} doel" in page, t["code"]
        assert re.search(re.escape(t["naam"]) + r".{0,200}?" + re.escape(t["bereik_kort"]), pdf)
        assert t["status"] in page


def test_each_wijk_figure_is_the_same_on_every_surface(client):
    wijken = client.get(f"/api/v1/wijken?schooljaar={YEAR}").get_json()
    wijken = {r["wijk"]: r for r in wijken["tabellen"]["wijken"]["rijen"]}
    kaart = client.get(f"/api/v1/kaart?schooljaar={YEAR}").get_json()
    kaart = {r["wijk"]: r for r in kaart["tabellen"]["kaart"]["rijen"]}
    assert set(wijken) == set(kaart) and len(wijken) > 50
    kinds = ("alle", "via_scholen", "via_wijkinzet", "via_hubs")
    for w, row in wijken.items():
        on_map = kaart[w]
        for kind in kinds:
            assert row[f"partners_{kind}"] == on_map[f"partners_{kind}"], (w, kind)
        assert row["kinderen_tekst"] == on_map["kinderen_tekst"], w
        assert row["gaten"] == on_map["gaten"], w
    # The wijk page of a few wijken (all four kinds, named) and its API answer.
    for w in sorted(wijken)[::12]:
        answer = client.get(f"/api/v1/wijk/{w}?schooljaar={YEAR}").get_json()
        assert answer["partners"] == {k: wijken[w][f"partners_{k}"] for k in kinds}, w
        page = client.get(f"/wijk/{w}?schooljaar={YEAR}").get_data(as_text=True)
        block = re.search(r'<h2 id="partners">.*?</dl>', page, re.DOTALL).group(0)
        counts = [int(n) for n in re.findall(r"<dd>(\d+)</dd>", block)]
        assert counts == [wijken[w][f"partners_{k}"] for k in kinds], w
        if wijken[w]["kinderen_tekst"]:
            assert wijken[w]["kinderen_tekst"] in page, w


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) ontbreekt")
def test_gaps_count_the_same_cells_on_overview_map_and_pdf(client):
    dekking = client.get(f"/api/v1/overzicht?schooljaar={YEAR}").get_json()
    rows = dekking["tabellen"]["dekking"]["rijen"]
    cells = [
        (r["wijk"], k.removesuffix("__gat"), v)
        for r in rows
        for k, v in r.items()
        if k.endswith("__gat")
    ]
    business = {r["wijk"] for r in rows if r["soort"] == "bedrijventerrein"}
    assert business  # the seed has bedrijventerreinen: they must not count
    can_be = [c for c in cells if c[0] not in business]
    empty = [c for c in can_be if c[2] == "geen partner"]
    assert not [c for c in cells if c[0] in business and c[2]]
    kaart = client.get(f"/api/v1/kaart?schooljaar={YEAR}").get_json()["tabellen"]["kaart"]["rijen"]
    assert sum(r["gaten_zonder"] for r in kaart) == len(empty)
    assert sum(r["gaten"] for r in kaart) == len([c for c in can_be if c[2]])
    found = re.search(
        r"Wijk × hub-cellen zonder partner \(gaten[^)]*\) ([\d.]+) van ([\d.]+)", _pdf_text(client)
    )
    assert found
    assert [int(n.replace(".", "")) for n in found.groups()] == [len(empty), len(can_be)]
