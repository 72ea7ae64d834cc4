"""The LEA Graph explorer: a Dutch web interface on the graph store.

``create_app`` is the Flask application factory. Configuration comes from the
defaults (:data:`web.settings.DEFAULTS`), then an instance file (``instance/config.py``),
then ``LEA_*`` environment variables (``LEA_DATA_DIR`` → ``DATA_DIR``), then the
``config`` argument.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from lea_graph.errors import LeaGraphError
from web.settings import DEFAULTS, MIN_SECRET_BYTES

__all__ = ["DEFAULTS", "MIN_SECRET_BYTES", "create_app"]


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Create the explorer application.

    Parameters
    ----------
    config
        Settings that override the defaults, the instance file and the environment
        (tests pass ``{"DATA_DIR": ..., "TESTING": True}``).
    """
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("LEA")
    if config:
        app.config.from_mapping(config)
    production = not (app.config.get("DEVELOPMENT") or app.config.get("TESTING"))
    key = app.config.get("SECRET_KEY")
    if not key:
        if production:
            raise LeaGraphError(
                "Zet LEA_SECRET_KEY (een lange willekeurige tekst) om LEA Graph buiten "
                "ontwikkeling te draaien; sessies en formulieren worden ermee ondertekend."
            )
        # Local use: a random key per process (logins end when the server restarts).
        app.config["SECRET_KEY"] = os.urandom(MIN_SECRET_BYTES)
    elif (
        production and len(key if isinstance(key, bytes) else str(key).encode()) < MIN_SECRET_BYTES
    ):
        raise LeaGraphError(
            f"LEA_SECRET_KEY is te kort: gebruik minstens {MIN_SECRET_BYTES} tekens willekeurige "
            'tekst, bijvoorbeeld de uitvoer van: python -c "import secrets; '
            'print(secrets.token_urlsafe(32))".'
        )
    app.debug = False
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    # Here, not at the top (no import cycle needs it): importing any module of web/ runs
    # this file first, and the views bring every screen and analysis with them, about a
    # second that web.settings or web.memcache alone do not need.
    from web import apihttp, auth, db, errors, pages, verzoeklog
    from web.views import ALL_BLUEPRINTS

    _behind_proxies(app)
    verzoeklog.init_app(app)  # first: it times and logs every request, also refused ones
    db.init_app(app)
    errors.init_app(app)
    pages.init_app(app)
    apihttp.init_app(app)  # before the login check: old API paths redirect first
    auth.init_app(app)
    for bp in ALL_BLUEPRINTS:
        app.register_blueprint(bp)
    return app


def _behind_proxies(app: Flask) -> None:
    """Trust the forwarding headers of ``TRUSTED_PROXIES`` reverse proxies (none: 0).

    Only then do the client's address (rate limits, logs), the scheme (a ``Secure``
    cookie and HSTS over HTTPS) and the host come from ``X-Forwarded-For``,
    ``X-Forwarded-Proto`` and ``X-Forwarded-Host``; without proxies a client could
    forge them, so they are ignored.
    """
    try:
        proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    except (TypeError, ValueError):
        raise LeaGraphError(
            "LEA_TRUSTED_PROXIES moet een heel getal zijn: het aantal proxy's voor "
            "LEA Graph (0 als er geen is)."
        ) from None
    if proxies < 0:
        raise LeaGraphError("LEA_TRUSTED_PROXIES kan niet negatief zijn (0 als er geen proxy is).")
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
