"""Login, roles, CSRF protection and security headers.

Every request passes :func:`check_access`: static files, the login page, ``/health``,
``/ready``, the accessibility and privacy statements and ``security.txt`` are public
(:data:`PUBLIC`); the read pages need the role ``lezer`` unless anonymous reading is on
(``ANONYMOUS_READ``, default on); upload needs ``coordinator``; the console and the
audit log need ``beheerder``. Every POST carries the session's CSRF token.

A login is a signed cookie that ends after ``PERMANENT_SESSION_LIFETIME`` (8 hours)
without a request (Flask checks the signature's time; every request renews it). It
carries the account's session generation (:mod:`lea_graph.users`): logging out, a new
password or role, or removing the account end every session made before, also a cookie
that was captured and is replayed.

With ``OIDC_ISSUER`` and ``OIDC_CLIENT_ID`` set, staff log in with the gemeente's own
accounts (OpenID Connect, :mod:`web.oidc`): the role comes from the provider's token at
every login, logging out ends the session at the provider too, and the local accounts
stay as a fallback unless ``LOCAL_LOGIN`` is off.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections import defaultdict, deque
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from authlib.common.errors import AuthlibBaseError
from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    has_app_context,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from requests import RequestException

from lea_graph.users import (
    RANK,
    end_sessions,
    load_users,
    session_generation,
    users_file,
    verify,
)
from web import oidc
from web.apihttp import is_api, problem
from web.settings import DEFAULTS

__all__ = [
    "RateLimit",
    "bp",
    "current_user",
    "has_role",
    "init_app",
    "rate_limit",
    "required_role",
]

bp = Blueprint("auth", __name__)

#: The API's OpenAPI document is public too (NL API Design Rules, /core/publish-openapi).
PUBLIC = {
    "static",
    "gegevens.vendor",
    "gegevens.favicon",
    "auth.login",
    "auth.oidc_login",
    "auth.oidc_callback",
    "auth.logged_out",
    "health.health",
    "health.ready",
    "over.toegankelijkheid",
    "over.privacy",
    "over.security_txt",
    "api.openapi_document",
}
#: Endpoint prefixes (blueprints) that need more than reading.
#: The partner's form is open to whoever holds its link (the view checks the token).
ROLE_OF_BLUEPRINT = {
    "beheer": "coordinator",
    "voorstellen": "coordinator",
    "monitor_beheer": "coordinator",
    "console": "beheerder",
    "formulier": None,
    "publiek": None,  # published views: for everyone, also when reading needs a login
    "publiceren": "coordinator",
}
#: A partner's form may have many lines (each a few fields); an upload has two parts.
FORM_PARTS = 12_000
#: ... and a full one is about half a megabyte: refuse more before parsing it.
FORM_BYTES = 1024 * 1024
#: What talking to the provider may raise: Authlib's errors (a refused code, a missing
#: endpoint), requests' (unreachable, an HTTP error), an answer that is not JSON.
PROVIDER_ERRORS = (AuthlibBaseError, RequestException, RuntimeError, ValueError, KeyError)
#: The longest ID token kept in the session (signed cookie, at most about 4 kB in all).
ID_TOKEN_KEPT = 2500
ROLE_OF_ENDPOINT = {"beheer.log": "beheerder", "auth.logout": "lezer"}
#: Reading that needs a login even when reading is open to all: how partners rate each
#: other (the samenwerkingsmonitor) is for the begeleidingsgroep, not for every visitor.
LOGIN_REQUIRED = {"samenwerking.index", "api.api_samenwerking"}

#: Sent over HTTPS only: browsers keep to HTTPS for this site for a year.
HSTS = "max-age=31536000"

CSP_BASE = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors "
)
CSP = CSP_BASE + "'none'"

#: An origin a published view may be embedded in: scheme, host and optional port.
ORIGIN = re.compile(
    r"^https?://(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?::\d{1,5})?$"
)


def embed_origins(setting: Any) -> list[str]:
    """The origins of ``EMBED_ORIGINS`` (a list, or one string separated by spaces or
    commas) that are well formed, lower case; others are left out (and logged).

    Examples
    --------
    >>> embed_origins("https://www.tilburg.nl, http://localhost:8000 javascript:alert(1)")
    ['https://www.tilburg.nl', 'http://localhost:8000']
    >>> embed_origins(None), embed_origins(["https://a.nl/pad"])
    ([], [])
    """
    if not setting:
        return []
    items = re.split(r"[\s,]+", setting) if isinstance(setting, str) else list(setting)
    good = []
    for item in items:
        origin = str(item).strip().lower().rstrip("/")
        if not origin:
            continue
        if ORIGIN.match(origin):
            good.append(origin)
        elif has_app_context():
            current_app.logger.warning("EMBED_ORIGINS: '%s' is geen geldige herkomst", item)
    return list(dict.fromkeys(good))


def embeddable_csp() -> str:
    """The CSP of a published view: framed only by ``EMBED_ORIGINS`` (none: ``'none'``)."""
    origins = embed_origins(current_app.config.get("EMBED_ORIGINS"))
    return CSP_BASE + (" ".join(origins) if origins else "'none'")


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


def _oidc_account(sub: str) -> str:
    """The key of a gemeente account in the session generations (apart from local names)."""
    return "oidc:" + sub


def current_user() -> dict[str, str] | None:
    """The logged-in user (``{"naam", "rol"}``), or None; a session of a removed account,
    of another role or of an earlier session generation is logged out, and so is a
    gemeente-account session once that login is no longer configured."""
    if "lea_user" in g:
        return g.lea_user
    name = session.get("naam")
    user = None
    if session.get("bron") == "oidc":
        sub = session.get("sub")
        if (
            oidc.configured()
            and sub
            and session.get("rol") in RANK
            and session.get("generatie") == session_generation(_data_dir(), _oidc_account(sub))
        ):
            user = {"naam": str(name or sub), "rol": session["rol"], "bron": "oidc"}
        else:
            session.clear()
    elif name:
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


def has_role(role: str) -> bool:
    """Whether the logged-in user has ``role`` or a higher one (False when logged out)."""
    user = current_user()
    return bool(user) and RANK[user["rol"]] >= RANK[role]


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
        if (
            role == "lezer"
            and current_app.config.get("ANONYMOUS_READ", True)
            and request.endpoint not in LOGIN_REQUIRED
        ):
            return None
        if is_api(request.path):
            return _deny(401, "Log in om deze gegevens te zien.")
        return redirect(url_for("auth.login", volgende=request.full_path.rstrip("?")))
    if RANK[user["rol"]] < RANK[role]:
        return _deny(403, f"Hiervoor is de rol '{role}' nodig; u bent '{user['rol']}'.")
    return None


def _csp() -> str:
    """The Content-Security-Policy; with gemeente login, forms may lead to the provider
    (the login button and logging out are answered with a redirect there)."""
    origin = oidc.issuer_origin()
    return CSP.replace("form-action 'self'", f"form-action 'self' {origin}") if origin else CSP


def security_headers(response):
    if request.blueprint == "publiek":
        # A published view may be framed by the configured sites: the CSP says which,
        # and X-Frame-Options (which cannot name them) is left out.
        response.headers["Content-Security-Policy"] = embeddable_csp()
        response.headers.pop("X-Frame-Options", None)
    else:
        response.headers.setdefault("Content-Security-Policy", _csp())
        response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:  # never over plain http (a browser ignores it there anyway)
        response.headers.setdefault("Strict-Transport-Security", HSTS)
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


def local_login() -> bool:
    """Whether the local accounts may log in: ``LOCAL_LOGIN``, or always when there is no
    gemeente login (else nobody could)."""
    return bool(current_app.config.get("LOCAL_LOGIN", True)) or not oidc.configured()


def _start_session(**values: Any) -> None:
    """A fresh session (a new cookie: nothing of the session before the login carries
    over) holding ``values``."""
    session.clear()
    session.permanent = True
    session.update(values)
    csrf_token()


@bp.route("/login", methods=["GET", "POST"])
def login():
    message, status = "", 200
    target = request.values.get("volgende")
    if request.method == "POST" and not local_login():
        message, status = (
            "Inloggen met een eigen account staat uit. Log in met uw gemeente-account.",
            403,
        )
    elif request.method == "POST":
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
                _start_session(naam=name, rol=role, generatie=session_generation(_data_dir(), name))
                current_app.logger.info("Ingelogd: %s (%s)", name, role)
                return redirect(_safe_next(target))
    return render_template(
        "login.html",
        message=message,
        volgende=target or "",
        oidc=oidc.configured(),
        local=local_login(),
    ), status


def _refuse(status: int, message: str, reason: str):
    """End a gemeente login attempt: nobody logged in (a session from before stays as it
    was: a forged callback cannot log anyone out), a Dutch error page, the reason in the
    log."""
    current_app.logger.warning("Inloggen met gemeente-account geweigerd: %s", reason)
    abort(status, description=message)


def _provider_unreachable(exc: Exception):
    current_app.logger.error("Inlogdienst van de gemeente niet bereikbaar: %s", exc)
    abort(
        503,
        description="De inlogdienst van de gemeente is nu niet bereikbaar. Probeer het over "
        "een paar minuten opnieuw; blijft het zo, meld het dan bij de beheerder.",
    )


@bp.route("/login/oidc", methods=["POST"])
def oidc_login():
    """Send the browser to the gemeente's login page (PKCE S256, state and nonce kept in
    this session by Authlib)."""
    provider = oidc.client()
    if provider is None:
        abort(404)
    target = request.form.get("volgende")
    session["oidc_volgende"] = _safe_next(target)
    try:
        return provider.authorize_redirect(oidc.external_url("auth.oidc_callback"))
    except PROVIDER_ERRORS as exc:  # the discovery document could not be read
        _provider_unreachable(exc)


def _validated_claims(provider, token: dict[str, Any], nonce: str) -> dict[str, Any]:
    """The ID token's claims, checked by :func:`web.oidc.validate_id_token` (with the
    provider's keys fetched again once if it was signed by a key not seen before)."""
    metadata = provider.load_server_metadata()
    config = current_app.config

    def check(force: bool) -> dict[str, Any]:
        return oidc.validate_id_token(
            token.get("id_token") or "",
            jwks=provider.fetch_jwk_set(force=force),
            issuer=config["OIDC_ISSUER"],
            client_id=str(config["OIDC_CLIENT_ID"]),
            nonce=nonce,
            access_token=token.get("access_token"),
            algorithms=metadata.get("id_token_signing_alg_values_supported"),
        )

    try:
        return check(False)
    except oidc.IdTokenRefused as exc:
        if not exc.reason.startswith("unknown key"):
            raise
        return check(True)


@bp.route("/login/oidc/callback")
def oidc_callback():
    """Where the provider sends the browser back: check everything, then log in."""
    provider = oidc.client()
    if provider is None:
        abort(404)
    error = request.args.get("error")
    if error:
        if error == "access_denied":
            _refuse(
                403,
                "U heeft het inloggen afgebroken of de gemeente weigerde het. " + oidc.TRY_AGAIN,
                error,
            )
        _refuse(
            400,
            "De inlogdienst van de gemeente meldde een fout. " + oidc.TRY_AGAIN,
            f"{error[:60]!r}: {request.args.get('error_description', '')[:200]!r}",
        )
    state = request.args.get("state") or ""
    data = provider.framework.get_state_data(session, state) if state else None
    target = session.get("oidc_volgende")
    if state:
        provider.framework.clear_state_data(session, state)
    code = request.args.get("code")
    if not data or not code or not data.get("nonce") or not data.get("code_verifier"):
        _refuse(
            400,
            "Deze inlogpoging is verlopen of hoort niet bij deze browser. " + oidc.TRY_AGAIN,
            "state unknown or missing",
        )
    if not oidc.nonce_ledger().claim(data["nonce"]):
        _refuse(400, "Deze inlogpoging is al gebruikt. " + oidc.TRY_AGAIN, "nonce replayed")
    try:
        token = provider.fetch_access_token(
            redirect_uri=data.get("redirect_uri"),
            code=code,
            state=state,
            code_verifier=data["code_verifier"],
        )
    except PROVIDER_ERRORS as exc:  # a refused code, an unreachable provider
        _refuse(
            400,
            "De inlogdienst van de gemeente nam de inlogcode niet aan. " + oidc.TRY_AGAIN,
            f"token endpoint: {exc}",
        )
    try:
        claims = _validated_claims(provider, token, data["nonce"])
    except oidc.IdTokenRefused as exc:
        _refuse(
            400,
            "Het bewijs van inloggen van de gemeente klopt niet. " + oidc.TRY_AGAIN,
            f"ID token: {exc.reason}",
        )
    except PROVIDER_ERRORS as exc:  # its keys could not be read
        _provider_unreachable(exc)
    config = current_app.config
    role = oidc.role_from_claims(
        claims, str(config.get("OIDC_ROLE_CLAIM") or "groups"), config.get("OIDC_ROLE_MAP") or {}
    )
    name = str(claims.get("name") or claims.get("preferred_username") or claims["sub"])
    if role is None:
        session.clear()
        current_app.logger.info("Gemeente-account zonder rol: %s", claims["sub"])
        return render_template("geen_rol.html", naam=name), 403
    sub = str(claims["sub"])
    _start_session(
        bron="oidc",
        sub=sub,
        naam=name,
        rol=role,
        generatie=session_generation(_data_dir(), _oidc_account(sub)),
        # For the logout at the provider (id_token_hint); a very large token (a provider
        # that puts hundreds of groups in it) would not fit in the session cookie, and
        # the logout then names the client instead.
        id_token=token["id_token"] if len(token["id_token"]) <= ID_TOKEN_KEPT else None,
    )
    current_app.logger.info("Ingelogd met gemeente-account: %s (%s)", sub, role)
    return redirect(_safe_next(target))


@bp.route("/logout", methods=["POST"])
def logout():
    """Log out: every session of this account ends (here and in other browsers); with a
    gemeente account also at the provider (RP-initiated logout), which sends the browser
    back to :func:`logged_out`."""
    user = current_user()
    gemeente = session.get("bron") == "oidc"
    id_token = session.get("id_token")
    if user is not None:
        account = _oidc_account(session["sub"]) if user.get("bron") == "oidc" else user["naam"]
        end_sessions(_data_dir(), account)
    session.clear()
    provider = oidc.client()
    if gemeente and provider is not None:
        try:
            if provider.load_server_metadata().get("end_session_endpoint"):
                return provider.logout_redirect(
                    post_logout_redirect_uri=oidc.external_url("auth.logged_out"),
                    id_token_hint=id_token,
                    client_id=provider.client_id,
                )
        except PROVIDER_ERRORS as exc:  # provider unreachable: logged out here at least
            current_app.logger.error("Uitloggen bij de gemeente mislukt: %s", exc)
    return redirect(url_for("overzicht.index"))


@bp.route("/uitgelogd")
def logged_out():
    """Back from the provider's logout."""
    provider = oidc.client()
    state = request.args.get("state")
    if provider is not None and state:
        provider.framework.clear_state_data(session, state)
    return render_template("uitgelogd.html")


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie, marked ``Secure`` when the request came over HTTPS
    (``request.is_secure``, after the trusted proxies' ``X-Forwarded-Proto``) and never
    over plain http, where a browser would not keep it."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(request) and request.is_secure


def init_app(app: Flask) -> None:
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.session_interface = SessionInterface()
    oidc.init_app(app)
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
