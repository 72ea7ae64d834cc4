"""Login, roles, CSRF protection and security headers.

Every request passes :func:`check_access`: static files, the login page and ``/health``
are public; the read pages need the role ``lezer`` unless anonymous reading is on
(``ANONYMOUS_READ``, default on); upload needs ``coordinator``; the console and the
audit log need ``beheerder``. Every POST carries the session's CSRF token.

A login is a signed cookie that ends after ``PERMANENT_SESSION_LIFETIME`` (8 hours)
without a request (Flask checks the signature's time; every request renews it). It
carries the account's session generation (:mod:`lea_graph.users`): logging out, a new
password or role, or removing the account end every session made before, also a cookie
that was captured and is replayed.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import defaultdict, deque
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from lea_graph.users import (
    RANK,
    end_sessions,
    load_users,
    session_generation,
    users_file,
    verify,
)
from web.apihttp import is_api, problem
from web.settings import DEFAULTS

__all__ = ["RateLimit", "bp", "current_user", "init_app", "rate_limit", "required_role"]

bp = Blueprint("auth", __name__)

#: The API's OpenAPI document is public too (NL API Design Rules, /core/publish-openapi).
PUBLIC = {
    "static",
    "gegevens.vendor",
    "gegevens.favicon",
    "auth.login",
    "health.health",
    "api.openapi_document",
}
#: Endpoint prefixes (blueprints) that need more than reading.
#: The partner's form is open to whoever holds its link (the view checks the token).
ROLE_OF_BLUEPRINT = {
    "beheer": "coordinator",
    "voorstellen": "coordinator",
    "console": "beheerder",
    "formulier": None,
}
#: A partner's form may have many lines (each a few fields); an upload has two parts.
FORM_PARTS = 12_000
#: ... and a full one is about half a megabyte: refuse more before parsing it.
FORM_BYTES = 1024 * 1024
ROLE_OF_ENDPOINT = {"beheer.log": "beheerder", "auth.logout": "lezer"}

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


class RateLimit:
    """At most ``limit`` events per key (an address, a link) in ``seconds``.

    Kept in memory per process: enough to slow down guessing and flooding; a restart
    starts afresh.
    """

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit, self.seconds = limit, seconds
        self._events: dict[str, deque] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str) -> deque:
        now = time.monotonic()
        q = self._events[key]
        while q and now - q[0] > self.seconds:
            q.popleft()
        return q

    def full(self, key: str) -> bool:
        """Whether ``key`` has had its ``limit`` of events."""
        with self._lock:
            return len(self._recent(key)) >= self.limit

    def add(self, key: str) -> None:
        """Count one event of ``key``."""
        with self._lock:
            self._recent(key).append(time.monotonic())

    def clear(self) -> None:
        with self._lock:
            self._events.clear()


def rate_limit(name: str) -> RateLimit:
    """This app's limit ``name`` from its ``RATE_LIMITS`` setting (events, seconds)."""
    limits: dict = current_app.extensions.setdefault("lea_rate_limits", {})
    if name not in limits:
        setting = (current_app.config.get("RATE_LIMITS") or {}).get(name)
        count, seconds = setting or DEFAULTS["RATE_LIMITS"][name]
        limits[name] = RateLimit(int(count), float(seconds))
    return limits[name]


def _users() -> dict[str, dict[str, str]]:
    """Accounts from the config (``USERS``) and the users file, cached by file time."""
    app = current_app
    path = Path(app.config.get("USERS_FILE") or users_file(app.config.get("DATA_DIR")))
    stamp = path.stat().st_mtime_ns if path.exists() else 0
    cache = app.extensions.setdefault("lea_users", {})
    if cache.get("stamp") != (str(path), stamp):
        users = load_users(path)
        users.update(app.config.get("USERS") or {})
        cache.update(stamp=(str(path), stamp), users=users)
    return cache["users"]


def _data_dir():
    from web.services import data_dir

    return data_dir()


def current_user() -> dict[str, str] | None:
    """The logged-in user (``{"naam", "rol"}``), or None; a session of a removed account,
    of another role or of an earlier session generation is logged out."""
    if "lea_user" in g:
        return g.lea_user
    name = session.get("naam")
    user = None
    if name:
        entry = _users().get(name)
        if (
            entry
            and entry["rol"] == session.get("rol")
            and session.get("generatie") == session_generation(_data_dir(), name)
        ):
            user = {"naam": name, "rol": entry["rol"]}
        else:
            session.clear()
    g.lea_user = user
    return user


def required_role(endpoint: str | None) -> str | None:
    """The role an endpoint needs (None: public)."""
    if endpoint is None or endpoint in PUBLIC:
        return None
    if endpoint in ROLE_OF_ENDPOINT:
        return ROLE_OF_ENDPOINT[endpoint]
    return ROLE_OF_BLUEPRINT.get(endpoint.split(".")[0], "lezer")


def _form_blueprint() -> bool:
    return bool(request.endpoint) and request.endpoint.startswith("formulier.")


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def _deny(status: int, message: str):
    if is_api(request.path):
        return problem(status, message)
    abort(status, description=message)


def check_access():
    # A POST to an address of the API that takes none: its 405 (or 404) problem, not a
    # form's CSRF refusal (no view runs for it).
    unrouted_api = is_api(request.path) and request.routing_exception is not None
    if request.method == "POST" and not unrouted_api:
        if _form_blueprint():
            request.max_form_parts = FORM_PARTS
            request.max_content_length = FORM_BYTES
        sent = request.form.get("csrf_token", "")
        if not sent or not secrets.compare_digest(sent, session.get("csrf", "")):
            abort(400, description="Dit formulier is verlopen of ongeldig. Laad de pagina opnieuw.")
    role = required_role(request.endpoint)
    if role is None:
        return None
    user = current_user()
    if user is None:
        if role == "lezer" and current_app.config.get("ANONYMOUS_READ", True):
            return None
        if is_api(request.path):
            return _deny(401, "Log in om deze gegevens te zien.")
        return redirect(url_for("auth.login", volgende=request.full_path.rstrip("?")))
    if RANK[user["rol"]] < RANK[role]:
        return _deny(403, f"Hiervoor is de rol '{role}' nodig; u bent '{user['rol']}'.")
    return None


def security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if session.get("naam"):
        response.headers.setdefault("Cache-Control", "private, no-store")
    if _form_blueprint():  # a personal link: never cached, never sent on as a referrer
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an absolute URL (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return url_for("overzicht.index")
    parsed = urlparse(target)
    return target if not parsed.netloc and not parsed.scheme else url_for("overzicht.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    message, status = "", 200
    target = request.values.get("volgende")
    if request.method == "POST":
        address = request.remote_addr or "?"
        if rate_limit("login").full(address):
            message, status = "Te veel mislukte pogingen. Probeer het over een minuut opnieuw.", 429
        else:
            name = request.form.get("naam", "").strip().lower()
            role = verify(_users(), name, request.form.get("wachtwoord", ""))
            if role is None:
                rate_limit("login").add(address)
                message, status = "Onbekende naam of onjuist wachtwoord.", 401
            else:
                session.clear()
                session.permanent = True
                session["naam"], session["rol"] = name, role
                session["generatie"] = session_generation(_data_dir(), name)
                csrf_token()
                current_app.logger.info("Ingelogd: %s (%s)", name, role)
                return redirect(_safe_next(target))
    return render_template("login.html", message=message, volgende=target or ""), status


@bp.route("/logout", methods=["POST"])
def logout():
    """Log out: every session of this account ends (here and in other browsers)."""
    user = current_user()
    if user is not None:
        end_sessions(_data_dir(), user["naam"])
    session.clear()
    return redirect(url_for("overzicht.index"))


def init_app(app: Flask) -> None:
    development = bool(app.config.get("DEVELOPMENT"))
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_SECURE"] = not development
    app.before_request(check_access)
    app.after_request(security_headers)
    app.register_blueprint(bp)

    @app.context_processor
    def auth_context() -> dict[str, Any]:
        user = current_user() if request else None
        return {
            "user": user,
            "csrf_token": csrf_token,
            "can": lambda role: bool(user) and RANK[user["rol"]] >= RANK[role],
        }
