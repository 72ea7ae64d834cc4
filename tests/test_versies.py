"""Earlier versions in the app: a coordinator looks at a kept version and puts it back,
with a snapshot of the network it replaces and an entry in the audit log (both stores)."""

from __future__ import annotations

import re

import helpers
import pytest
from helpers import STORE_BACKENDS, app_on, logged_in
from test_compare import NEW, OLD

from lea_graph import audit
from lea_graph.snapshots import list_snapshots


def _flat(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("backend", STORE_BACKENDS)
def test_a_coordinator_puts_an_earlier_version_back_in_the_app(backend, tmp_path):
    from lea_graph.graph import from_graph
    from web import services

    config = {"USERS": helpers.test_users(), "SEED_ON_EMPTY": False}
    with app_on(backend, tmp_path / "data", OLD, "oud.zip", **config) as (app, _):
        with app.app_context():
            services.load(lambda _current: NEW, user="coordinator", source="nieuw.xlsx")
        data_dir = app.config["DATA_DIR"]
        (kept,) = list_snapshots(data_dir)
        coordinator = logged_in(app, "coordinator")

        listing = coordinator.get("/beheer/versies")
        assert listing.status_code == 200
        text = _flat(listing.get_data(as_text=True))
        assert "Eerdere versies van het netwerk" in text
        assert "versie" in text and "lea_v" not in text and ".zip " not in text
        assert "bij een upload" in text  # replaced by the load of nieuw.xlsx
        link = f"/beheer/versies/{kept.stem}"
        assert link in listing.get_data(as_text=True)

        preview = coordinator.get(link)
        page = preview.get_data(as_text=True)
        assert preview.status_code == 200 and "Er is nog niets veranderd" in page
        # OLD has Museum → School A, which NEW lost: putting OLD back brings it back.
        assert "+ Museum" in _flat(page)
        assert from_graph(get_store_of(app).to_networkx()).same_as(NEW)
        base = re.search(r'name="versie" value="([^"]*)"', page).group(1)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

        # Someone loads in between: the button refuses and shows the preview again.
        with app.app_context():
            services.load(lambda _current: NEW, user="beheerder", source="weer.xlsx")
        stale = coordinator.post(link, data={"versie": base, "csrf_token": token})
        assert stale.status_code == 409
        assert "Er is niets teruggezet" in stale.get_data(as_text=True)
        assert from_graph(get_store_of(app).to_networkx()).same_as(NEW)

        fresh = re.search(r'name="versie" value="([^"]*)"', stale.get_data(as_text=True))
        done = coordinator.post(link, data={"versie": fresh.group(1), "csrf_token": token})
        assert done.status_code == 200, done.get_data(as_text=True)[:500]
        assert "is teruggezet" in done.get_data(as_text=True)
        assert from_graph(get_store_of(app).to_networkx()).same_as(OLD)
        entry = audit.read_log(data_dir)[0]
        assert entry["actie"] == "herstellen" and entry["gebruiker"] == "coordinator"
        assert entry["bron"].startswith("herstel van de versie geladen op ")
        # The network it replaced is kept too, so the restore can be undone.
        assert entry["snapshot"] in {p.name for p in list_snapshots(data_dir)}

        # A reader may not see the page; an unknown version is a Dutch 404.
        lezer = logged_in(app, "lezer")
        assert lezer.get("/beheer/versies").status_code in (302, 403)
        missing = coordinator.get("/beheer/versies/20200101-000000-bestaat-niet")
        assert missing.status_code == 404
        assert "niet (meer) bewaard" in missing.get_data(as_text=True)


def get_store_of(app):
    with app.app_context():
        from web.db import get_store

        return get_store()
