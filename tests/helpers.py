"""Helpers and hand-made data shared by the tests (imported as ``helpers``).

Kept out of conftest.py: the browser tests have a conftest.py of their own, and two
modules both named ``conftest`` cannot both be imported by name.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write a small CSV file from a literal (lines joined as the test writes them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


MINIMAL = {
    "partners.csv": "id,naam,type\np-1,Factorium,cultuur\np-2,CiST,cultuur\n",
    "hubs.csv": "id,naam,domein\nh-1,Cultuur en muziek,cultuur\n",
    "wijken.csv": "id,naam,pact\nw-1,Heikant,ja\n",
    "scholen.csv": "id,naam,sector,wijk\ns-1,Basisschool A (voorbeeld),po,w-1\n",
}


def minimal_dataset(folder: Path, files: dict[str, str | None] | None = None) -> Path:
    """Write a tiny valid dataset; ``files`` adds, replaces or (with None) removes files."""
    files = {**MINIMAL, **(files or {})}
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        if text is not None:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def _stray_servers(under: Path) -> list[int]:
    """Pids of database servers (redis-server, or the project's Neo4j launcher) whose
    data directory lies under ``under``."""
    from lea_graph.store.falkordb_server import redis_servers

    pids = [pid for pid, cwd in redis_servers() if cwd.is_relative_to(under)]
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"lea.graph.Neo4jLocal" in args:
            folder = args[args.index(b"lea.graph.Neo4jLocal") + 1].decode()
            if Path(folder).is_relative_to(under):
                pids.append(int(entry.name))
    return pids


# -- the two stores ---------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
NEO4J_LOCAL = ROOT / "scripts" / "neo4j-local.sh"

STORE_BACKENDS = ["embedded", "neo4j"]

NEO4J_REASON = (
    "Neo4j-tests draaien alleen met een Neo4j: ./scripts/test.sh start er een als Java en "
    "Maven er zijn, of zet LEA_NEO4J_URI"
)


def need_neo4j() -> None:
    """Skip a Neo4j test when no Neo4j is configured, or fail when one is required.

    ``scripts/test.sh`` sets ``LEA_REQUIRE_NEO4J=1`` when it started Neo4j itself (as in
    CI): then a missing Neo4j is an error, never a skip.
    """
    if os.environ.get("LEA_NEO4J_URI"):
        return
    if os.environ.get("LEA_REQUIRE_NEO4J") == "1":
        pytest.fail("LEA_REQUIRE_NEO4J=1, maar LEA_NEO4J_URI is niet gezet")
    pytest.skip(NEO4J_REASON)


def make_store(backend: str, data_dir: Path):
    """Open a real store: the embedded FalkorDB in ``data_dir``, or the shared Neo4j."""
    from lea_graph.store import open_store

    if backend == "neo4j":
        need_neo4j()
    return open_store(backend, data_dir=data_dir)


class Network:
    """A network a fixture loaded into a store, put back when another test replaced it.

    Every embedded store lives in a data directory of its own, but all Neo4j tests share
    one database: a fixture that keeps a network for several tests calls :meth:`ensure`
    before each, which reloads its network if the version in the store is not the one it
    loaded.
    """

    def __init__(self, store, dataset, source: str = ""):
        self.store, self.dataset, self.source = store, dataset, source
        self.version = store.load(dataset, source=source).version

    def ensure(self):
        current = (self.store.meta() or {}).get("versie")
        if current != self.version:
            self.version = self.store.load(self.dataset, source=self.source).version
        return self.store


class LocalNeo4j:
    """A Neo4j of a test's own, run by ``scripts/neo4j-local.sh`` in a directory: for tests
    that kill the database or need it empty, away from the shared one."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.env: dict[str, str] = {}

    def _script(self, command: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(NEO4J_LOCAL), command, str(self.folder)],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    def start(self) -> dict[str, str]:
        """Start it (or find it running); return its ``LEA_NEO4J_*`` settings."""
        result = self._script("start")
        assert result.returncode == 0, result.stderr
        self.env = parse_exports(result.stdout)
        return self.env

    def status(self) -> str:
        return self._script("status").stdout.strip()

    def pid(self) -> int | None:
        found = re.search(r"pid=(\d+)", self.status())
        return int(found.group(1)) if found else None

    def kill(self) -> int:
        """SIGKILL the database process by its pid; return the pid once it is gone."""
        import signal

        from lea_graph.process import alive

        pid = self.pid()
        assert pid, self.status()
        os.kill(pid, signal.SIGKILL)
        assert wait_until(lambda: not alive(pid), 30)
        return pid

    def stop(self) -> None:
        result = self._script("stop")
        assert result.returncode == 0, result.stderr

    def store(self):
        from lea_graph.store.neo4j import Neo4jStore

        return Neo4jStore(self.env["LEA_NEO4J_URI"], "neo4j", self.env["LEA_NEO4J_PASSWORD"])


def neo4j_can_start() -> None:
    """Skip (or, when Neo4j is required, fail) a test that starts a Neo4j of its own."""
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if not missing:
        return
    if os.environ.get("LEA_REQUIRE_NEO4J") == "1":
        pytest.fail(f"LEA_REQUIRE_NEO4J=1, maar {', '.join(missing)} ontbreekt")
    pytest.skip(f"{', '.join(missing)} ontbreekt: geen eigen Neo4j te starten")


def parse_exports(text: str) -> dict[str, str]:
    """The ``export NAME='value'`` lines of ``neo4j-local.sh start``, as a dict."""
    return dict(re.findall(r"^export (LEA_NEO4J_\w+)='([^']*)'$", text, re.MULTILINE))


def wait_until(condition, timeout: float = 30.0, step: float = 0.05) -> bool:
    """Poll ``condition`` until it is true or ``timeout`` seconds have passed."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return bool(condition())


#: A tiny network whose answers are worked out by hand in the tests:
#: Noord (PacT, low SES) has schools A and B; Zuid has school C and childcare D.
#: Muziekschool (trekker) and Dansgroep are in hub Cultuur, Voetbalclub in hub Sport;
#: Losse Partner has neither hub nor collaboration; Welzijn Zuid has no hub but works
#: with Voetbalclub. Opvang D has no activity at all.
TINY = {
    "ambities": [{"id": "a-leren", "naam": "Leren doe je overal"}],
    "clusters": [{"id": "c-talent", "naam": "Brede talentontwikkeling", "ambitie": "a-leren"}],
    "themas": [{"id": "t-cultuur", "naam": "Cultuur en muziek", "cluster": "c-talent"}],
    "programmas": [
        {"id": "pr-coach", "naam": "Cultuurcoaches", "cluster": "c-talent", "thema": "t-cultuur"}
    ],
    "hubs": [
        {"id": "h-cultuur", "naam": "Cultuur en muziek", "domein": "cultuur"},
        {"id": "h-sport", "naam": "Sport en gezondheid", "domein": "sport"},
    ],
    "wijken": [
        {"id": "w-noord", "naam": "Noord", "pact": "ja", "ses": "laag"},
        {"id": "w-zuid", "naam": "Zuid", "pact": "nee"},
    ],
    "scholen": [
        {"id": "s-a", "naam": "School A", "sector": "po", "wijk": "w-noord", "leerlingen": "200"},
        {"id": "s-b", "naam": "School B", "sector": "vo", "wijk": "w-noord"},
        {"id": "s-c", "naam": "School C", "sector": "po", "wijk": "w-zuid"},
        {"id": "s-d", "naam": "Opvang D", "sector": "kinderopvang", "wijk": "w-zuid"},
    ],
    "partners": [
        {"id": "p-muziek", "naam": "Muziekschool Café", "type": "cultuur"},
        {"id": "p-dans", "naam": "Dansgroep Éénheid", "type": "cultuur"},
        {"id": "p-voetbal", "naam": "Voetbalclub", "type": "sport"},
        {"id": "p-los", "naam": "Losse Partner", "type": "overig"},
        {"id": "p-welzijn", "naam": "Welzijn Zuid", "type": "welzijn"},
    ],
    "hub_leden": [
        {"partner": "p-muziek", "hub": "h-cultuur", "rol": "trekker"},
        {"partner": "p-dans", "hub": "h-cultuur", "rol": "partner"},
        {"partner": "p-voetbal", "hub": "h-sport"},
    ],
    "activiteiten": [
        {"partner": "p-muziek", "school": "s-a", "programma": "pr-coach", "hub": "h-cultuur",
         "schooljaar": "2023-2024", "deelnemers": "25"},
        {"partner": "p-muziek", "school": "s-c", "hub": "h-cultuur", "schooljaar": "2024-2025",
         "deelnemers": "30"},
        {"partner": "p-dans", "school": "s-a", "hub": "h-cultuur", "schooljaar": "2024-2025"},
        {"partner": "p-voetbal", "school": "s-b", "hub": "h-sport", "schooljaar": "2023-2024"},
        {"partner": "p-los", "school": "s-c", "schooljaar": "2023-2024"},
    ],
    "wijkinzet": [
        {"partner": "p-voetbal", "wijk": "w-noord", "schooljaar": "2024-2025"},
        {"partner": "p-welzijn", "wijk": "w-zuid", "schooljaar": "2023-2024"},
    ],
    "samenwerkingen": [
        {"partner_a": "p-muziek", "partner_b": "p-dans", "soort": "gezamenlijk aanbod"},
        {"partner_a": "p-voetbal", "partner_b": "p-welzijn"},
    ],
    "programma_partners": [{"partner": "p-muziek", "programma": "pr-coach", "rol": "uitvoerder"}],
}  # fmt: skip


XSS = '<img src=x onerror="alert(1)">'


# -- logging in -------------------------------------------------------------------------------

PASSWORDS = {"lezer": "lezer-wachtwoord-1", "coordinator": "coordinator-wachtwoord-1", "beheerder": "beheerder-wachtwoord-1"}  # fmt: skip


def test_users() -> dict[str, dict[str, str]]:
    """One account per role (``lezer``, ``coordinator``, ``beheerder``) for app configs."""
    from werkzeug.security import generate_password_hash

    return {
        role: {"rol": role, "wachtwoord": generate_password_hash(pw, method="pbkdf2:sha256:1000")}
        for role, pw in PASSWORDS.items()
    }


def csrf_of(client, url: str = "/login") -> str:
    """The CSRF token of the client's session, read from a form on ``url``."""
    import re

    html = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def login(client, role: str) -> None:
    """Log the test client in as the test account of ``role``."""
    token = csrf_of(client)
    response = client.post(
        "/login", data={"naam": role, "wachtwoord": PASSWORDS[role], "csrf_token": token}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def logged_in(app, role: str):
    """A new test client of ``app`` logged in as the test account of ``role``."""
    client = app.test_client()
    login(client, role)
    return client


# -- uploads --------------------------------------------------------------------------------


def zip_folder(folder: Path, target: Path) -> Path:
    """Zip the CSV files of a folder, and its ``wijken.geojson`` if it has one (as a
    coordinator would upload an exported folder)."""
    import zipfile

    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(Path(folder).iterdir()):
            if f.suffix == ".csv" or f.name == "wijken.geojson":
                zf.write(f, f.name)
    return target


def upload(client, path: Path, name: str | None = None):
    """Post a file to the upload form (with the session's CSRF token)."""
    token = csrf_of(client, "/beheer/upload")
    with open(path, "rb") as fh:
        return client.post(
            "/beheer/upload",
            data={"csrf_token": token, "bestand": (fh, name or Path(path).name)},
            content_type="multipart/form-data",
        )


def confirm(client, preview=None):
    """Press "Laden" on an upload's preview (the response of :func:`upload`); without
    one, confirm as if the preview had just been made on the network loaded now."""
    import re

    token = csrf_of(client, "/beheer/upload")
    if preview is not None:
        html = preview.get_data(as_text=True)
        version = re.search(r'name="versie" value="([^"]*)"', html).group(1)
    else:
        version = client.get("/api/v1/stats").get_json()["version"] or ""
    return client.post("/beheer/upload/bevestig", data={"csrf_token": token, "versie": version})


def make_app(data_dir: Path, **config):
    """An explorer app with the test accounts on a data directory of its own."""
    from web import create_app

    return create_app({"DATA_DIR": str(data_dir), "TESTING": True, "USERS": test_users(), **config})


def close_app(app) -> None:
    store = app.extensions.get("lea_store")
    if store is not None:
        store.close()


@contextlib.contextmanager
def app_on(backend: str, data_dir, dataset=None, source: str = "", **config):
    """The real explorer on a real store, and the :class:`Network` it shows; closed after.

    On the embedded store an empty data directory makes the app load the Tilburg seed
    itself at first use (``SEED_ON_EMPTY``), unless ``dataset`` is given; on Neo4j the
    fixture loads the network (the shared database is never empty for long).
    """
    from lea_graph.ingest import load_dataset
    from lea_graph.resources import seed_path
    from web import create_app
    from web.db import SEED_SOURCE, get_store

    network = None
    if backend == "neo4j" or dataset is not None:
        if dataset is None:
            dataset, source = load_dataset(seed_path()), SEED_SOURCE
        store = make_store(backend, data_dir)
        network = Network(store, dataset, source)
        store.close()
    app = create_app({"DATA_DIR": str(data_dir), "TESTING": True, "STORE": backend, **config})
    if network is not None:
        with app.app_context():
            network.store = get_store()
    try:
        yield app, network
    finally:
        close_app(app)


def ensured(pair):
    """The app of an :func:`app_on` pair, its network put back if another test replaced it."""
    app, network = pair
    if network is not None:
        network.ensure()
    return app


@contextlib.contextmanager
def running_neo4j(folder: Path):
    """A :class:`LocalNeo4j` of a test's own, started in ``folder`` and stopped after."""
    neo4j_can_start()
    db = LocalNeo4j(folder)
    db.start()
    try:
        yield db
    finally:
        db.stop()


# -- reviewing proposals ------------------------------------------------------------------------


def approval_form(client, ident: str) -> dict[str, str]:
    """The hidden fields of a proposal's approval form, as the review page shows it now
    (the CSRF token and ``stand``, the fingerprint of the partner's rows reviewed)."""
    import re

    html = client.get(f"/beheer/voorstellen/{ident}").get_data(as_text=True)
    form = html[html.index(f'action="/beheer/voorstellen/{ident}/goedkeuren"') :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def approve(client, ident: str, **extra: str):
    """Approve a proposal as a coordinator does: open its review page, press the button."""
    return client.post(
        f"/beheer/voorstellen/{ident}/goedkeuren", data={**approval_form(client, ident), **extra}
    )


# -- a web server the console must never reach ---------------------------------------------------


@contextlib.contextmanager
def csv_server():
    """A local web server with one CSV file, in a thread (issue 25, finding 4: the console
    must never fetch a URL). Yields its file's address and the list of paths it was asked
    for (the test asserts that list stays empty)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            body = b"geheim\n"
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/data.csv", asked
    finally:
        server.shutdown()
        server.server_close()


def unplaced_only(warnings) -> bool:
    """Whether the warnings of reading the Tilburg seed are only those it always has: the
    schools without a point, and so without a wijk (``Problem`` objects or their dicts)."""
    rows = [w if isinstance(w, dict) else w.to_dict() for w in warnings]
    return len(rows) == 2 and all(
        (r["table"], r["column"]) == ("scholen", "wijk") and "puntenbestand" in r["message"]
        for r in rows
    )


# -- the project's Keycloak (scripts/keycloak-local.sh) ----------------------------------------

KEYCLOAK_REASON = (
    "OIDC-tests draaien alleen met een Keycloak: ./scripts/test.sh start er een als Java 21+ "
    'en Maven er zijn, of: eval "$(scripts/keycloak-local.sh start DIR)"'
)


#: The Keycloak settings of the environment (``eval "$(keycloak-local.sh start)"``), taken
#: out of it when the tests start: an app reads ``LEA_OIDC_*`` from the environment, and
#: only the tests that ask for Keycloak (:func:`oidc_config`) should log in with it; every
#: other app of the suite keeps the local login and the headers those tests check.
KEYCLOAK_ENV = {
    name: os.environ.pop(name)
    for name in list(os.environ)
    if name.startswith(("LEA_OIDC_", "LEA_KEYCLOAK_"))
}


def need_keycloak() -> dict[str, str]:
    """The settings of the running Keycloak (``LEA_OIDC_*``, ``LEA_KEYCLOAK_*``): skip the
    test when there is none, or fail when one is required (``LEA_REQUIRE_KEYCLOAK=1``,
    set by ``scripts/test.sh`` when it started Keycloak itself)."""
    if KEYCLOAK_ENV.get("LEA_OIDC_ISSUER"):
        return dict(KEYCLOAK_ENV)
    if os.environ.get("LEA_REQUIRE_KEYCLOAK") == "1":
        pytest.fail("LEA_REQUIRE_KEYCLOAK=1, maar LEA_OIDC_ISSUER is niet gezet")
    pytest.skip(KEYCLOAK_REASON)


def oidc_config(kc: dict[str, str], **config) -> dict:
    """App settings for login with the test Keycloak's realm."""
    return {
        "OIDC_ISSUER": kc["LEA_OIDC_ISSUER"],
        "OIDC_CLIENT_ID": kc["LEA_OIDC_CLIENT_ID"],
        "OIDC_CLIENT_SECRET": kc["LEA_OIDC_CLIENT_SECRET"],
        "OIDC_ROLE_CLAIM": kc.get("LEA_OIDC_ROLE_CLAIM", "groups"),
        **config,
    }


def keycloak_browser():
    """A requests session that, like a browser, sends Keycloak's ``Secure`` cookies back
    over http to loopback addresses (browsers count those as secure; http.cookiejar does
    not)."""
    import requests

    class Browser(requests.Session):
        def send(self, request, **kwargs):
            response = super().send(request, **kwargs)
            for cookie in self.cookies:
                if cookie.domain in ("127.0.0.1", "localhost", "localhost.local"):
                    cookie.secure = False
            return response

    return Browser()


def keycloak_form_login(browser, authorize_url: str, user: str, password: str) -> str:
    """Open Keycloak's login page at ``authorize_url``, fill in its form as a person
    would, and give the address Keycloak sends the browser back to (the callback)."""
    from html.parser import HTMLParser

    class LoginForm(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.action, self.fields, self._in = None, {}, False

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "form" and a.get("id") == "kc-form-login":
                self.action, self._in = a.get("action"), True
            elif tag == "input" and self._in and a.get("name"):
                self.fields[a["name"]] = a.get("value") or ""

        def handle_endtag(self, tag):
            if tag == "form":
                self._in = False

    page = browser.get(authorize_url, timeout=30)
    assert page.status_code == 200 and "kc-form-login" in page.text, page.status_code
    form = LoginForm()
    form.feed(page.text)
    assert form.action, "geen inlogformulier van Keycloak"
    fields = dict(form.fields, username=user, password=password)
    fields.pop("rememberMe", None)
    answer = browser.post(form.action, data=fields, allow_redirects=False, timeout=30)
    assert answer.status_code in (302, 303), (answer.status_code, answer.text[:300])
    return answer.headers["Location"]


class KeycloakAdmin:
    """Keycloak's admin REST API with the bootstrap admin of ``keycloak-local.sh``."""

    def __init__(self, kc: dict[str, str], realm: str = "lea") -> None:
        import requests

        self.base = kc["LEA_KEYCLOAK_URL"].rstrip("/")
        self.realm = realm
        token = requests.post(
            f"{self.base}/realms/master/protocol/openid-connect/token",
            data={
                "grant_type": "password",
                "client_id": "admin-cli",
                "username": kc["LEA_KEYCLOAK_ADMIN_USER"],
                "password": kc["LEA_KEYCLOAK_ADMIN_PASSWORD"],
            },
            timeout=30,
        )
        token.raise_for_status()
        self.session = requests.Session()
        self.session.headers["Authorization"] = "Bearer " + token.json()["access_token"]

    def _url(self, path: str) -> str:
        return f"{self.base}/admin/realms/{self.realm}/{path}"

    def user_id(self, username: str) -> str:
        found = self.session.get(
            self._url("users"), params={"username": username, "exact": "true"}, timeout=30
        )
        found.raise_for_status()
        return found.json()[0]["id"]

    def group_id(self, name: str) -> str:
        found = self.session.get(self._url("groups"), params={"search": name}, timeout=30)
        found.raise_for_status()
        return next(g["id"] for g in found.json() if g["name"] == name)

    def user_groups(self, username: str) -> list[str]:
        found = self.session.get(self._url(f"users/{self.user_id(username)}/groups"), timeout=30)
        found.raise_for_status()
        return sorted(g["name"] for g in found.json())

    def set_membership(self, username: str, group: str, member: bool) -> None:
        path = f"users/{self.user_id(username)}/groups/{self.group_id(group)}"
        answer = (self.session.put if member else self.session.delete)(self._url(path), timeout=30)
        assert answer.status_code == 204, (answer.status_code, answer.text)
