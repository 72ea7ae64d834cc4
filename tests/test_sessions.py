"""Finding 8 of issue 25: sessions that end. Eight hours of inactivity, a logout, a
password or role change end a session, also for a cookie captured before and replayed;
weak passwords and a short secret key are refused."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from click.testing import CliRunner
from helpers import close_app, csrf_of, login, make_app

from lea_graph.cli import cli
from lea_graph.errors import LeaGraphError
from web import create_app

ANNA = "anna-wachtwoord-lang-1"


def users(data_dir, *args: str, password: str | None = None):
    """``lea-graph users ARGS`` on ``data_dir``, typing ``password`` twice."""
    given = f"{password}\n{password}\n" if password is not None else None
    return CliRunner().invoke(
        cli, ["users", *args], input=given, env={"LEA_DATA_DIR": str(data_dir)}
    )


def add(data_dir, name: str, password: str, rol: str = "coordinator") -> None:
    result = users(data_dir, "add", name, "--rol", rol, password=password)
    assert result.exit_code == 0, result.output


@pytest.fixture
def app(tmp_path):
    """An explorer with the test accounts and anna (coordinator) in its users file."""
    app = make_app(tmp_path / "data", SEED_ON_EMPTY=False)
    add(tmp_path / "data", "anna", ANNA)
    yield app
    close_app(app)


def log_in(client, name: str, password: str) -> str:
    """Log in and return the session cookie the browser got."""
    response = client.post(
        "/login", data={"naam": name, "wachtwoord": password, "csrf_token": csrf_of(client)}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return cookie_of(client)


def cookie_of(client) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def replay(app, cookie: str):
    """A new browser that only has ``cookie``, opening the upload page."""
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other.get("/beheer/upload")


def signed_ago(app, cookie: str, seconds: float) -> str:
    """The same session, signed ``seconds`` ago (itsdangerous with a fixed timestamp)."""
    serializer = app.session_interface.get_signing_serializer(app)
    data = serializer.loads(cookie)
    then = int(time.time() - seconds)
    serializer.signer = type("Then", (serializer.signer,), {"get_timestamp": lambda self: then})
    return serializer.dumps(data)


def test_a_session_lasts_eight_hours_of_inactivity(app):
    assert app.permanent_session_lifetime == timedelta(hours=8)
    client = app.test_client()
    cookie = log_in(client, "anna", ANNA)
    assert replay(app, cookie).status_code == 200
    # Used 7 hours ago: still valid, and renewed by this request.
    other = app.test_client()
    other.set_cookie("session", signed_ago(app, cookie, 7 * 3600))
    assert other.get("/beheer/upload").status_code == 200
    renewed = app.session_interface.get_signing_serializer(app)
    assert renewed.loads(cookie_of(other), max_age=60)["naam"] == "anna"
    # Not used for 9 hours: logged out.
    stale = replay(app, signed_ago(app, cookie, 9 * 3600))
    assert stale.status_code == 302 and "/login" in stale.headers["Location"]


def test_logout_ends_a_captured_cookie(app):
    client = app.test_client()
    cookie = log_in(client, "anna", ANNA)
    assert replay(app, cookie).status_code == 200
    client.post("/logout", data={"csrf_token": csrf_of(client, "/")})
    replayed = replay(app, cookie)
    assert replayed.status_code == 302 and "/login" in replayed.headers["Location"]
    # Logging in again works.
    assert replay(app, log_in(app.test_client(), "anna", ANNA)).status_code == 200


def test_logout_ends_a_session_of_an_account_from_the_config(app):
    """Accounts given through LEA_USERS (hashes) end their sessions on logout too."""
    client = app.test_client()
    login(client, "coordinator")
    cookie = cookie_of(client)
    client.post("/logout", data={"csrf_token": csrf_of(client, "/")})
    assert replay(app, cookie).status_code == 302


def test_a_password_change_ends_the_session(app, tmp_path):
    cookie = log_in(app.test_client(), "anna", ANNA)
    assert replay(app, cookie).status_code == 200
    add(tmp_path / "data", "anna", "nieuw-wachtwoord-2")
    assert replay(app, cookie).status_code == 302
    assert replay(app, log_in(app.test_client(), "anna", "nieuw-wachtwoord-2")).status_code == 200


def test_a_role_change_ends_the_session(app, tmp_path):
    """A role taken away and given back still ends the session made before; so does an
    account removed and added again."""
    data_dir = tmp_path / "data"
    cookie = log_in(app.test_client(), "anna", ANNA)
    add(data_dir, "anna", ANNA, "lezer")
    add(data_dir, "anna", ANNA, "coordinator")
    assert replay(app, cookie).status_code == 302
    cookie = log_in(app.test_client(), "anna", ANNA)
    assert users(data_dir, "remove", "anna").exit_code == 0
    add(data_dir, "anna", ANNA)
    assert replay(app, cookie).status_code == 302


def test_the_session_generations_are_private(app, tmp_path):
    client = app.test_client()
    log_in(client, "anna", ANNA)
    client.post("/logout", data={"csrf_token": csrf_of(client, "/")})
    path = tmp_path / "data" / "sessies.json"
    assert oct(path.stat().st_mode)[-3:] == "600"


@pytest.mark.parametrize(
    ("name", "password", "message"),
    [
        ("bob", "aaaaaaaaaa", "minstens 12 tekens"),
        ("bob", "elf-tekens1", "minstens 12 tekens"),
        ("bob", "qwerty123456", "veel gebruikt"),
        ("bob", "QWERTY123456", "veel gebruikt"),
        ("bob", "wachtwoord123", "veel gebruikt"),
        ("bob", "welkomwelkom", "veel gebruikt"),
        ("coordinator1", "Coordinator1", "gebruikersnaam"),
    ],
)
def test_weak_passwords_are_refused(tmp_path, name, password, message):
    result = users(tmp_path, "add", name, "--rol", "lezer", password=password)
    assert result.exit_code != 0 and message in result.output, result.output
    assert not (tmp_path / "gebruikers.json").exists()


@pytest.mark.parametrize("key", ["x", "kort-geheim", "a" * 31])
def test_a_short_secret_key_is_refused_in_production(tmp_path, monkeypatch, key):
    monkeypatch.delenv("LEA_DEVELOPMENT", raising=False)
    with pytest.raises(LeaGraphError, match="32"):
        create_app({"DATA_DIR": str(tmp_path), "SECRET_KEY": key, "SEED_ON_EMPTY": False})


def test_a_secret_key_of_32_bytes_is_accepted(tmp_path, monkeypatch):
    monkeypatch.delenv("LEA_DEVELOPMENT", raising=False)
    app = create_app({"DATA_DIR": str(tmp_path), "SECRET_KEY": "a" * 32, "SEED_ON_EMPTY": False})
    close_app(app)
