"""The analyses kept on disk per loaded network: a restarted explorer answers its first
page from them without reading the graph again, on both stores; a damaged file is
computed again; a new load makes a new cache."""

from __future__ import annotations

import pytest
from helpers import STORE_BACKENDS, app_on, close_app
from test_voorstellen import ROWS

from lea_graph.dataset import Dataset
from web import create_app


def restarted(backend: str, data_dir):
    """A second explorer on the same data directory and store (as after a restart)."""
    return create_app({"DATA_DIR": str(data_dir), "TESTING": True, "STORE": backend})


def computed(app) -> set:
    """What this app computed or read itself (in memory), by the first part of the key."""
    return {k[0] for k in app.extensions.get("lea_cache", {}) if isinstance(k, tuple)}


PAGES = (
    "/",
    "/partners",
    "/wijken",
    "/hub/h-cult",
    "/netwerk",
    "/netwerk?soort=partner&soort=hub&wijk=w-a",
    "/netwerk/data.json?rond=p-museum",
)


@pytest.mark.parametrize("backend", STORE_BACKENDS)
def test_a_restarted_explorer_answers_from_disk(backend, tmp_path):
    with app_on(backend, tmp_path, Dataset.from_rows(ROWS), "klein", SEED_ON_EMPTY=False) as (
        first,
        _,
    ):
        client = first.test_client()
        before = {url: client.get(url).get_data(as_text=True) for url in PAGES}
        assert "graph" in computed(first)
    folders = list((tmp_path / "cache").iterdir())
    assert len(folders) == 1 and any(folders[0].glob("*.pickle"))
    again = restarted(backend, tmp_path)
    try:
        client = again.test_client()
        for url in PAGES:
            response = client.get(url)
            assert response.status_code == 200
            assert response.get_data(as_text=True) == before[url], url
        # Nothing was analysed and the graph was never read from the store.
        assert "graph" not in computed(again)
        assert "report" not in computed(again)
    finally:
        close_app(again)


def test_a_damaged_file_is_computed_again(tmp_path):
    with app_on("embedded", tmp_path, Dataset.from_rows(ROWS), "klein", SEED_ON_EMPTY=False) as (
        first,
        _,
    ):
        html = first.test_client().get("/").get_data(as_text=True)
    files = sorted((tmp_path / "cache").rglob("*.pickle"))
    assert files
    for f in files:  # as if the machine stopped while writing (never happens: renamed)
        f.write_bytes(f.read_bytes()[:10])
    again = restarted("embedded", tmp_path)
    try:
        response = again.test_client().get("/")
        assert response.status_code == 200
        assert response.get_data(as_text=True) == html
        assert "report" in computed(again)  # computed again, and written again whole
        import pickle

        for f in sorted((tmp_path / "cache").rglob("*.pickle")):
            pickle.loads(f.read_bytes())
    finally:
        close_app(again)


def test_a_load_makes_a_new_cache(tmp_path):
    from web import services

    with app_on("embedded", tmp_path, Dataset.from_rows(ROWS), "klein", SEED_ON_EMPTY=False) as (
        app,
        _,
    ):
        client = app.test_client()
        assert "Museum" in client.get("/partners").get_data(as_text=True)
        (old,) = list((tmp_path / "cache").iterdir())
        rows = {k: [dict(r) for r in v] for k, v in ROWS.items()}
        rows["partners"][0]["naam"] = "Stadsmuseum"
        with app.app_context():
            services.load(lambda current: Dataset.from_rows(rows), user="test", source="nieuw")
        html = client.get("/partners").get_data(as_text=True)
        assert "Stadsmuseum" in html
        folders = list((tmp_path / "cache").iterdir())
        assert len(folders) == 1 and folders[0] != old
