"""The LEA Graph explorer: a Dutch web interface on the graph store.

``create_app`` is the Flask application factory. Configuration comes from the
defaults below, then an instance file (``instance/config.py``), then ``LEA_*``
environment variables (``LEA_DATA_DIR`` → ``DATA_DIR``), then the ``config`` argument.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from lea_graph.errors import LeaGraphError

__all__ = ["MIN_SECRET_BYTES", "create_app"]

#: The shortest secret key (in bytes) that signs sessions and forms outside development.
MIN_SECRET_BYTES = 32

DEFAULTS: dict[str, Any] = {
    "STORE": None,  # embedded, or neo4j when LEA_NEO4J_URI is set
    "DATA_DIR": None,  # the embedded store's data directory (default: a user folder)
    "SEED_ON_EMPTY": True,  # load the Tilburg network when the store is empty
    "TABLE_ROWS": 250,  # rows of a table shown on a page (downloads hold all rows)
    "NODE_CAP": 1500,  # the network view never sends more nodes than this
    "SECRET_KEY": None,  # required unless DEVELOPMENT (or TESTING)
    "DEVELOPMENT": False,  # local use: session cookie without Secure, a random key is fine
    "ANONYMOUS_READ": True,  # read pages without logging in
    "USERS": {},  # extra accounts: {"naam": {"rol": ..., "wachtwoord": <hash>}}
    "USERS_FILE": None,  # default: gebruikers.json in the data directory
    "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,  # largest upload (bytes); larger gives 413
    "PUBLIC_URL": None,  # the address partners reach the explorer on, for their links
    "LOAD_WAIT_S": 60,  # how long a load waits for another one to finish (then "bezig")
    # The console: a query and its page within this time, at most this many rows, at
    # most this many bytes of answer text (the rest is cut, with a note), run in a child
    # process that may take this much memory (a bigger answer is refused).
    "CONSOLE_TIMEOUT_MS": 5000,
    "CONSOLE_MAX_ROWS": 500,
    "CONSOLE_MAX_BYTES": 1_000_000,
    "CONSOLE_MAX_MEMORY_MB": 1024,
    # (events, seconds) per address or link: failed logins, partner forms sent per link
    # and per address, invitation links looked up per address, scenarios asked by
    # visitors who are not logged in per address.
    "RATE_LIMITS": {
        "login": (5, 60),
        "formulier_link": (20, 3600),
        "formulier_adres": (60, 3600),
        "link_opzoeken": (60, 60),
        "scenario": (30, 600),
    },
    # Results kept per loaded network: in memory within this many MB (pickled size; the
    # graph and the dataset are pinned outside it), on disk within this many MB.
    "CACHE_MEMORY_MB": 512,
    "CACHE_DISK_MB": 2048,
    # A login ends after this many seconds without a request (each request renews it).
    "PERMANENT_SESSION_LIFETIME": 8 * 3600,
}


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

    from web import auth, db, errors, pages
    from web.views import ALL_BLUEPRINTS

    db.init_app(app)
    errors.init_app(app)
    pages.init_app(app)
    auth.init_app(app)
    from web.views import kaart  # the map; also adds /api/kaart to the API blueprint

    for bp in (*ALL_BLUEPRINTS, kaart.bp):
        app.register_blueprint(bp)
    return app
