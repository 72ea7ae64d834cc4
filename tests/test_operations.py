"""Ready for the municipality's IT (issue 29 §4): behind a reverse proxy, the request
log and JSON messages, /ready, security.txt and the two statements, and a backup of
the whole state put back on both stores. Real app, real stores, real CLI."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest
from helpers import (
    PASSWORDS,
    STORE_BACKENDS,
    TINY,
    close_app,
    confirm,
    csrf_of,
    logged_in,
    make_app,
    make_store,
    need_neo4j,
    running_neo4j,
    upload,
    wait_until,
    zip_folder,
)

from lea_graph import audit, monitor, publicaties, uitnodigingen, users, voorstellen, weergaven
from lea_graph.cli import cli
from lea_graph.dataset import Dataset
from lea_graph.graph import from_graph
from lea_graph.loading import load_recorded
from lea_graph.snapshots import list_snapshots

SECRET = "een-test-geheim-dat-lang-genoeg-is-" * 2


@pytest.fixture(scope="module")
def shared_dir(tmp_path_factory):
    """One data directory (one embedded database server) for the apps of the web tests."""
    return tmp_path_factory.mktemp("ops")


@pytest.fixture
def new_app(shared_dir):
    """Make apps on the shared data directory (no network needed); closed afterwards."""
    made = []

    def make(**config):
        app = make_app(shared_dir, SEED_ON_EMPTY=False, **config)
        made.append(app)
        return app

    yield make
    for app in made:
        close_app(app)
    # The loggers are shared by every app of this process: back to plain text for the
    # tests that follow (an app with LOG_FORMAT=json made them JSON).
    make_app(shared_dir, LOG_FORMAT="tekst")


def request_lines(text: str) -> list[dict]:
    """The request lines among the JSON lines of ``text``."""
    lines = []
    for line in text.splitlines():
        if line.startswith("{"):
            entry = json.loads(line)
            if "method" in entry:
                lines.append(entry)
    return lines


PROXY = "10.0.0.2"


def client_at(app, address: str):
    """A test client whose requests come from ``address``."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def failed_login(client, forwarded_for: str | None = None, proto: str | None = None):
    headers = {}
    if forwarded_for:
        headers["X-Forwarded-For"] = forwarded_for
    if proto:
        headers["X-Forwarded-Proto"] = proto
    token = csrf_of(client)
    return client.post(
        "/login",
        data={"naam": "lezer", "wachtwoord": "fout-wachtwoord", "csrf_token": token},
        headers=headers,
    )


# -- 1. behind a reverse proxy -----------------------------------------------------------------


def test_without_proxies_a_forged_forwarded_for_does_not_escape_the_login_limit(new_app, capsys):
    app = new_app(RATE_LIMITS={"login": (2, 60)})
    client = client_at(app, "192.0.2.10")
    assert failed_login(client, "203.0.113.1").status_code == 401
    assert failed_login(client, "203.0.113.2").status_code == 401
    # A new forged address each time: still the same client, still counted.
    assert failed_login(client, "203.0.113.3").status_code == 429
    lines = [line for line in request_lines(capsys.readouterr().out) if line["path"] == "/login"]
    assert lines and {line["remote_addr"] for line in lines} == {"192.0.2.10"}


def test_forwarded_https_is_ignored_without_proxies(new_app):
    app = new_app()
    client = app.test_client()
    response = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Secure" not in cookie


def test_over_https_the_cookie_is_secure_and_hsts_is_sent(new_app):
    app = new_app()
    client = app.test_client()
    response = client.get("/login", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Secure" in response.headers["Set-Cookie"]
    plain = app.test_client().get("/login", base_url="http://localhost")
    assert "Strict-Transport-Security" not in plain.headers
    assert "Secure" not in plain.headers["Set-Cookie"]


def test_behind_one_proxy_the_real_client_counts(new_app, capsys):
    app = new_app(TRUSTED_PROXIES=1, RATE_LIMITS={"login": (2, 60)})
    first = client_at(app, PROXY)
    assert failed_login(first, "198.51.100.7").status_code == 401
    assert failed_login(first, "198.51.100.7").status_code == 401
    assert failed_login(first, "198.51.100.7").status_code == 429
    # Another visitor behind the same proxy is not locked out by the first one.
    other = client_at(app, PROXY)
    assert failed_login(other, "198.51.100.8").status_code == 401
    lines = request_lines(capsys.readouterr().out)
    posts = [line["remote_addr"] for line in lines if line["method"] == "POST"]
    assert posts == ["198.51.100.7"] * 3 + ["198.51.100.8"]
    # The form was fetched without the proxy's header: that request came from the proxy.
    assert {line["remote_addr"] for line in lines if line["method"] == "GET"} == {PROXY}


def test_behind_a_proxy_https_comes_from_the_proxy(new_app):
    app = new_app(TRUSTED_PROXIES=1)
    client = client_at(app, "10.0.0.2")
    secure = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Secure" in secure.headers["Set-Cookie"]
    plain = app.test_client().get("/login", headers={"X-Forwarded-Proto": "http"})
    assert "Strict-Transport-Security" not in plain.headers
    assert "Secure" not in plain.headers["Set-Cookie"]


def test_trusted_proxies_from_the_environment(new_app, monkeypatch, capsys):
    monkeypatch.setenv("LEA_TRUSTED_PROXIES", "2")
    app = new_app()
    assert app.config["TRUSTED_PROXIES"] == 2
    client = client_at(app, "10.0.0.2")
    # Two proxies: the client is the address the outer proxy saw (second from the right).
    client.get("/health", headers={"X-Forwarded-For": "203.0.113.9, 10.0.0.1"})
    assert request_lines(capsys.readouterr().out)[-1]["remote_addr"] == "203.0.113.9"


def test_a_wrong_number_of_proxies_is_refused_in_dutch(shared_dir):
    from lea_graph.errors import LeaGraphError

    with pytest.raises(LeaGraphError, match="heel getal"):
        make_app(shared_dir, TRUSTED_PROXIES="twee")


# -- 2. logs, /ready ---------------------------------------------------------------------------


def test_one_json_line_per_request_without_secrets(new_app, capsys):
    app = new_app()
    client = app.test_client()
    token = csrf_of(client)
    capsys.readouterr()
    before = dt.datetime.now(dt.UTC)
    response = client.post(
        "/login?volgende=/gegevens&geheim=zoekterm",
        data={"naam": "coordinator", "wachtwoord": PASSWORDS["coordinator"], "csrf_token": token},
    )
    assert response.status_code == 302
    client.get("/api/v1/stats?token=mijn-token-123")
    out = capsys.readouterr().out
    lines = request_lines(out)
    assert [(line["method"], line["path"], line["status"]) for line in lines] == [
        ("POST", "/login", 302),
        ("GET", "/api/v1/stats", 200),
    ]
    login_line, stats_line = lines
    assert set(login_line) == {
        "time", "method", "path", "status", "duration_ms", "role", "remote_addr"
    }  # fmt: skip
    moment = dt.datetime.fromisoformat(login_line["time"].replace("Z", "+00:00"))
    assert moment.utcoffset() == dt.timedelta(0)
    assert before - dt.timedelta(seconds=1) <= moment <= dt.datetime.now(dt.UTC)
    assert isinstance(login_line["duration_ms"], float) and login_line["duration_ms"] >= 0
    assert login_line["remote_addr"] == "127.0.0.1"
    assert stats_line["role"] == "coordinator"
    cookie = client.get_cookie("session").value
    for secret in (
        PASSWORDS["coordinator"],
        token,
        cookie,
        "zoekterm",
        "mijn-token-123",
        "volgende",
    ):
        assert secret not in out


def test_the_role_is_anoniem_without_a_login(new_app, capsys):
    app = new_app()
    app.test_client().get("/health")
    app.test_client().get("/bestaat-niet")
    lines = request_lines(capsys.readouterr().out)
    assert [(line["path"], line["status"], line["role"]) for line in lines] == [
        ("/health", 200, "anoniem"),
        ("/bestaat-niet", 404, "anoniem"),
    ]


def test_app_messages_are_json_lines_with_log_format_json(new_app, seed_dir, tmp_path, capsys):
    app = make_app(tmp_path / "data", LOG_FORMAT="json")
    try:
        client = logged_in(app, "coordinator")
        preview = upload(client, zip_folder(seed_dir, tmp_path / "netwerk.zip"))
        assert confirm(client, preview).status_code == 200
        messages = [
            json.loads(line)
            for line in capsys.readouterr().out.splitlines()
            if line.startswith("{") and "message" in json.loads(line)
        ]
    finally:
        close_app(app)
    texts = [m["message"] for m in messages]
    assert "Ingelogd: coordinator (coordinator)" in texts
    loaded = [m for m in messages if m["message"].startswith("Netwerk geladen door coordinator")]
    assert loaded and loaded[0]["level"] == "info" and loaded[0]["logger"] == "web"
    assert all(set(m) >= {"time", "level", "logger", "message"} for m in messages)


def test_log_format_defaults_to_json_in_production(new_app):
    from web.verzoeklog import log_format

    assert log_format(new_app()) == "tekst"  # TESTING
    assert log_format(new_app(TESTING=False, DEVELOPMENT=True)) == "tekst"
    assert log_format(new_app(TESTING=False, SECRET_KEY=SECRET)) == "json"
    assert log_format(new_app(TESTING=False, SECRET_KEY=SECRET, LOG_FORMAT="tekst")) == "tekst"


def test_ready_waits_for_the_analyses(tmp_path):
    app = make_app(tmp_path / "data")  # the Tilburg seed, nothing computed yet
    try:
        client = app.test_client()
        first = client.get("/ready")
        assert first.status_code == 503
        assert first.get_json() == {
            "status": "niet klaar",
            "reden": "De analyses van het netwerk worden nog berekend. Probeer het zo opnieuw.",
        }
        # /ready started the warm-up itself; once it is done the explorer is ready.
        assert wait_until(lambda: client.get("/ready").status_code == 200, timeout=300, step=0.5)
        body = client.get("/ready").get_json()
        assert body["status"] == "klaar"
        assert body["versie"] == client.get("/health").get_json()["versie"]
    finally:
        close_app(app)


def test_ready_without_a_network(new_app):
    response = new_app().test_client().get("/ready")
    assert response.status_code == 503
    assert response.get_json()["reden"] == "Er is nog geen netwerk geladen."


def test_ready_when_the_database_does_not_answer(tmp_path, monkeypatch):
    monkeypatch.setenv("LEA_NEO4J_URI", "bolt://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("LEA_NEO4J_PASSWORD", "onbekend")
    app = make_app(tmp_path / "data", STORE="neo4j", SEED_ON_EMPTY=False)
    try:
        response = app.test_client().get("/ready")
    finally:
        close_app(app)
    assert response.status_code == 503
    assert response.get_json()["reden"].startswith("De database antwoordt niet")


# -- 4. statements and security.txt ------------------------------------------------------------


def test_security_txt_needs_a_contact(new_app):
    response = new_app().test_client().get("/.well-known/security.txt")
    assert response.status_code == 404


def test_security_txt(new_app):
    app = new_app(
        SECURITY_CONTACT="security@gemeente.example", PUBLIC_URL="https://lea.gemeente.example/"
    )
    response = app.test_client().get("/.well-known/security.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    fields = dict(line.split(": ", 1) for line in response.get_data(as_text=True).splitlines())
    assert fields["Contact"] == "mailto:security@gemeente.example"
    assert fields["Preferred-Languages"] == "nl, en"
    assert fields["Canonical"] == "https://lea.gemeente.example/.well-known/security.txt"
    expires = dt.datetime.fromisoformat(fields["Expires"].replace("Z", "+00:00"))
    ahead = expires - dt.datetime.now(dt.UTC)
    assert dt.timedelta(days=364) < ahead <= dt.timedelta(days=365)
    without_url = new_app(SECURITY_CONTACT="https://gemeente.example/melden")
    text = without_url.test_client().get("/.well-known/security.txt").get_data(as_text=True)
    assert "Contact: https://gemeente.example/melden\n" in text and "Canonical" not in text


def test_statements_are_public_and_linked_from_every_page(new_app):
    app = new_app(ANONYMOUS_READ=False, SECURITY_CONTACT="security@gemeente.example")
    client = app.test_client()
    assert client.get("/partners").status_code == 302  # reading needs a login here
    login_page = client.get("/login").get_data(as_text=True)
    for path, heading in (("/toegankelijkheid", "Toegankelijkheid"), ("/privacy", "Privacy")):
        assert f'href="{path}"' in login_page
        response = client.get(path)
        assert response.status_code == 200
        assert f"<h1>{heading}</h1>" in response.get_data(as_text=True)
    assert client.get("/.well-known/security.txt").status_code == 200


def test_the_privacy_page_names_the_settings_it_depends_on(new_app):
    app = new_app(RATE_LIMITS={"login": (7, 120)}, PERMANENT_SESSION_LIFETIME=4 * 3600)
    text = app.test_client().get("/privacy").get_data(as_text=True)
    assert "na 7 mislukte pogingen wacht u 2 minuten" in text
    assert "4 uur nadat u niets meer hebt gedaan" in text


def test_publiccode_yml_describes_this_release():
    import tomllib

    import yaml

    root = Path(__file__).resolve().parents[1]
    code = yaml.safe_load((root / "publiccode.yml").read_text(encoding="utf-8"))
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    required = {
        "publiccodeYmlVersion", "name", "url", "platforms", "developmentStatus",
        "softwareType", "description", "legal", "maintenance", "localisation",
    }  # fmt: skip
    assert required <= set(code)
    assert code["publiccodeYmlVersion"] == "0.4"
    assert code["softwareVersion"] == project["version"]
    assert code["legal"]["license"] == project["license"]
    assert code["url"] == project["urls"]["Documentation"].split("#")[0]
    assert code["platforms"] == ["web"] and code["softwareType"] == "standalone/web"
    dt.date.fromisoformat(code["releaseDate"])
    nl = code["description"]["nl"]
    assert len(nl["shortDescription"]) <= 150
    assert 150 <= len(nl["longDescription"]) <= 10_000
    assert nl["features"] and all(len(f) <= 100 for f in nl["features"])
    assert code["localisation"]["availableLanguages"] == ["nl"]
    assert code["maintenance"]["type"] in ("internal", "contract", "community", "none")


# -- 3. backup and restore ---------------------------------------------------------------------


def _env(backend: str, data_dir: Path, neo4j: dict[str, str] | None = None) -> dict[str, str]:
    if backend == "neo4j":
        settings = neo4j or {k: v for k, v in os.environ.items() if k.startswith("LEA_NEO4J_")}
        return {"LEA_DATA_DIR": str(data_dir), "LEA_STORE": "neo4j", **settings}
    return {"LEA_DATA_DIR": str(data_dir), "LEA_STORE": "embedded", "LEA_NEO4J_URI": ""}


@pytest.fixture(scope="module")
def own_neo4j(tmp_path_factory):
    """An empty Neo4j of these tests' own to restore into (the shared one is never empty)."""
    need_neo4j()
    with running_neo4j(tmp_path_factory.mktemp("neo4j-terugzetten")) as db:
        yield db


@pytest.fixture(params=STORE_BACKENDS)
def source(request, tmp_path):
    """A data directory with all kinds of state, and its network in the store:
    (backend, data directory, the network as read from the store, an invitation token)."""
    backend = request.param
    data_dir = tmp_path / "bron"
    store = make_store(backend, data_dir)
    try:
        first = Dataset.from_rows(TINY)
        load_recorded(store, data_dir, lambda _: first, user="anna", source="eerste.csv")
        rows = {k: [dict(r) for r in v] for k, v in TINY.items()}
        rows["partners"].append({"id": "p-nieuw", "naam": "Nieuwe Partner", "type": "sport"})
        second = Dataset.from_rows(rows)
        load_recorded(store, data_dir, lambda _: second, user="anna", source="tweede.csv")
        network = from_graph(store.to_networkx())
    finally:
        store.close()
    users.add_user(
        users.users_file(data_dir),
        "anna",
        "een-lang-wachtwoord-42",
        "coordinator",
        data_dir=data_dir,
    )
    token = uitnodigingen.create(uitnodigingen.invitations_file(data_dir), "p-muziek", door="anna")
    publicaties.publish(
        publicaties.publications_file(data_dir), "wijk", doel="w-noord", titel="Noord"
    )
    weergaven.save(weergaven.views_file(data_dir), "kaart", "Cultuur", "kleur=hub", door="anna")
    rows = voorstellen.partner_rows(network, "p-dans")
    proposal = {**voorstellen.proposal_of(rows, "p-dans"), "beschrijving": "Wij dansen."}
    voorstellen.submit(
        data_dir, "p-dans", soort="wijziging", versie="", basis=rows, voorstel=proposal
    )
    ronde = monitor.open_round(data_dir, "Monitor", "2026-2027", "2099-12-31", door="anna")
    answer = {"niveau": 3, "frequentie": 2, "invloed": 4, "sterker": "Samen plannen"}
    monitor.save_answers(data_dir, ronde["id"], "p-dans", {"p-muziek": answer})
    return backend, data_dir, network, token


def test_backup_and_restore_round_trip(source, runner, tmp_path, request, monkeypatch):
    backend, data_dir, network, token = source
    target = tmp_path / "terug"
    neo4j = request.getfixturevalue("own_neo4j").env if backend == "neo4j" else None
    backup_file = tmp_path / "lea-backup.zip"

    made = runner.invoke(cli, ["backup", str(backup_file)], env=_env(backend, data_dir))
    assert made.exit_code == 0, made.output
    print(made.output)
    assert stat.S_IMODE(backup_file.stat().st_mode) == 0o600
    with zipfile.ZipFile(backup_file) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
    assert {
        "gebruikers.json", "uitnodigingen.json", "audit.log", "sessies.json",
        "publicaties.json", "weergaven.json",
    } <= names  # fmt: skip
    assert {f"netwerk/{t}.csv" for t in ("partners", "scholen", "wijken", "activiteiten")} <= names
    assert sum(name.startswith("voorstellen/") for name in names) == 1
    assert sum(name.startswith("monitor/r-") for name in names) == 1
    # The shared Neo4j held another test's network before the first load: one more.
    kept = len(list_snapshots(data_dir))
    assert kept == (1 if backend == "embedded" else 2)
    assert sum(name.startswith("snapshots/") for name in names) == kept
    assert manifest["aantallen"] == {
        "accounts": 1, "uitnodigingen": 1, "voorstellen": 1, "publicaties": 1, "weergaven": 1,
        "monitorrondes": 1, "logboekregels": 2, "snapshots": kept,
    }  # fmt: skip
    assert manifest["netwerk"]["tabellen"]["partners"] == len(TINY["partners"]) + 1

    restored = runner.invoke(
        cli, ["restore-backup", str(backup_file)], env=_env(backend, target, neo4j)
    )
    assert restored.exit_code == 0, restored.output
    print(restored.output)
    assert "teruggezet" in restored.output

    store = make_store(backend, target) if neo4j is None else _own_store(neo4j)
    try:
        assert from_graph(store.to_networkx()).same_as(network)
        meta = store.meta()
    finally:
        store.close()
    # Users, the invitation (its link still works), the proposal queue, the audit log.
    assert users.load_users(users.users_file(target)) == users.load_users(
        users.users_file(data_dir)
    )
    assert uitnodigingen.check(uitnodigingen.invitations_file(target), token).ok
    assert voorstellen.list_submissions(target) == voorstellen.list_submissions(data_dir)
    assert monitor.list_rounds(target) == monitor.list_rounds(data_dir)
    assert (
        monitor.list_rounds(target)[0]["antwoorden"]["p-dans"]["samenwerkingen"]["p-muziek"][
            "sterker"
        ]
        == "Samen plannen"
    )
    for load, where in ((publicaties.load_publications, publicaties.publications_file),
                        (weergaven.load_views, weergaven.views_file)):  # fmt: skip
        assert load(where(target)) == load(where(data_dir)) and load(where(target))
    before, after = audit.read_log(data_dir), audit.read_log(target)
    assert after[1:] == before
    assert after[0]["actie"] == "backup teruggezet" and after[0]["versie_na"] == meta["versie"]
    assert [p.name for p in list_snapshots(target)] == [p.name for p in list_snapshots(data_dir)]
    # Private, as the data directory keeps them.
    for path in [*target.rglob("*")]:
        if path.is_relative_to(target / "falkordb") or path.is_relative_to(target / "run"):
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))

    # The restored explorer lets the restored account log in and shows the network.
    for name, value in (neo4j or {}).items():
        monkeypatch.setenv(name, value)
    app = make_app(target, STORE=backend, SEED_ON_EMPTY=False, USERS={})
    try:
        client = app.test_client()
        response = client.post(
            "/login",
            data={
                "naam": "anna",
                "wachtwoord": "een-lang-wachtwoord-42",
                "csrf_token": csrf_of(client),
            },
        )
        assert response.status_code == 302
        assert client.get("/api/v1/stats").get_json()["version"] == meta["versie"]
    finally:
        close_app(app)


def _own_store(env: dict[str, str]):
    from lea_graph.store.neo4j import Neo4jStore

    return Neo4jStore(env["LEA_NEO4J_URI"], "neo4j", env["LEA_NEO4J_PASSWORD"])


def test_restore_refuses_a_data_directory_in_use(source, runner, tmp_path):
    backend, data_dir, _network, _ = source
    backup_file = tmp_path / "b.zip"
    assert (
        runner.invoke(cli, ["backup", str(backup_file)], env=_env(backend, data_dir)).exit_code == 0
    )
    audit_before = (data_dir / "audit.log").read_bytes()
    result = runner.invoke(cli, ["restore-backup", str(backup_file)], env=_env(backend, data_dir))
    assert result.exit_code == 1
    assert "is niet leeg" in result.output and "Traceback" not in result.output
    assert (data_dir / "audit.log").read_bytes() == audit_before


def test_restore_refuses_a_store_with_a_network(runner, tmp_path):
    data_dir = tmp_path / "bron"
    store = make_store("embedded", data_dir)
    try:
        load_recorded(store, data_dir, lambda _: Dataset.from_rows(TINY), user="anna", source="x")
        backup_file = tmp_path / "b.zip"
        from lea_graph.backup import make_backup

        make_backup(store, data_dir, backup_file)
        # A store with a network but a data directory without state (loaded without record).
        other = tmp_path / "ander"
        second = make_store("embedded", other)
        try:
            second.load(Dataset.from_rows(TINY))
        finally:
            second.close()
    finally:
        store.close()
    result = runner.invoke(cli, ["restore-backup", str(backup_file)], env=_env("embedded", other))
    assert result.exit_code == 1
    assert "bevat al een netwerk" in result.output
    assert not (other / "gebruikers.json").exists() and not (other / "audit.log").exists()


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"manifest.json": '{"programma": "LEA Graph", "formaat": 1}', "../buiten.txt": "x"},
         "onverwacht bestand"),
        ({"manifest.json": '{"programma": "LEA Graph", "formaat": 99}'}, "backupformaat 99"),
        ({"partners.csv": "id,naam\n"}, "manifest.json ontbreekt"),
    ],
)  # fmt: skip
def test_restore_refuses_what_is_not_a_backup(runner, tmp_path, members, message):
    backup_file = tmp_path / "b.zip"
    with zipfile.ZipFile(backup_file, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    target = tmp_path / "leeg"
    result = runner.invoke(cli, ["restore-backup", str(backup_file)], env=_env("embedded", target))
    assert result.exit_code == 1
    assert message in result.output and result.output.startswith("Fout:")
    assert not (tmp_path / "buiten.txt").exists()


def test_restore_refuses_a_file_that_is_not_a_zip(runner, tmp_path):
    not_zip = tmp_path / "b.zip"
    not_zip.write_text("geen zip")
    result = runner.invoke(
        cli, ["restore-backup", str(not_zip)], env=_env("embedded", tmp_path / "d")
    )
    assert result.exit_code == 1 and "geen leesbare backup" in result.output


def test_backup_of_an_empty_installation(runner, tmp_path):
    env = _env("embedded", tmp_path / "leeg")
    result = runner.invoke(cli, ["backup", str(tmp_path / "b.zip")], env=env)
    assert result.exit_code == 0, result.output
    assert "geen netwerk" in result.output
    back = runner.invoke(
        cli, ["restore-backup", str(tmp_path / "b.zip")], env=_env("embedded", tmp_path / "nieuw")
    )
    assert back.exit_code == 0, back.output
    assert audit.read_log(tmp_path / "nieuw")[0]["actie"] == "backup teruggezet"
