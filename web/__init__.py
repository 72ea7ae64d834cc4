"""The LEA Graph explorer: a Dutch web interface on the graph store.

``create_app`` is the Flask application factory. Configuration comes from the
defaults below, then an instance file (``instance/config.py``), then ``LEA_*``
environment variables (``LEA_DATA_DIR`` → ``DATA_DIR``), then the ``config`` argument.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

__all__ = ["create_app"]

DEFAULTS: dict[str, Any] = {
    "STORE": None,  # embedded, or neo4j when LEA_NEO4J_URI is set
    "DATA_DIR": None,  # the embedded store's data directory (default: a user folder)
    "SEED_ON_EMPTY": True,  # load the Tilburg network when the store is empty
    "NODE_CAP": 1500,  # the network view never sends more nodes than this
    "SECRET_KEY": None,
    "JSON_SORT_KEYS": False,
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
    if not app.config.get("SECRET_KEY"):
        # Nothing is signed yet (no login); a random key keeps Flask's session safe.
        app.config["SECRET_KEY"] = os.urandom(32)
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    from web import db, errors, pages
    from web.views import ALL_BLUEPRINTS

    db.init_app(app)
    errors.init_app(app)
    pages.init_app(app)
    for bp in ALL_BLUEPRINTS:
        app.register_blueprint(bp)
    return app
