"""The explorer's settings and their defaults: :func:`web.create_app` starts from
:data:`DEFAULTS` (then the instance file, ``LEA_*`` environment variables and its
``config`` argument override them); a module that needs a default where the app's
config lacks one (:func:`web.auth.rate_limit`) reads it here."""

from __future__ import annotations

from typing import Any

__all__ = ["DEFAULTS", "MIN_SECRET_BYTES"]

#: The shortest secret key (in bytes) that signs sessions and forms outside development.
MIN_SECRET_BYTES = 32

DEFAULTS: dict[str, Any] = {
    "STORE": None,  # embedded, or neo4j when LEA_NEO4J_URI is set
    "DATA_DIR": None,  # the embedded store's data directory (default: a user folder)
    "SEED_ON_EMPTY": True,  # load the Tilburg network when the store is empty
    "TABLE_ROWS": 250,  # rows of a table shown on a page (downloads hold all rows)
    "NODE_CAP": 1500,  # the network view never sends more nodes than this
    "SECRET_KEY": None,  # required unless DEVELOPMENT (or TESTING)
    "DEVELOPMENT": False,  # local use: a random key is fine, messages logged as plain text
    "ANONYMOUS_READ": True,  # read pages without logging in
    "USERS": {},  # extra accounts: {"naam": {"rol": ..., "wachtwoord": <hash>}}
    "USERS_FILE": None,  # default: gebruikers.json in the data directory
    "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,  # largest upload (bytes); larger gives 413
    "PUBLIC_URL": None,  # the address partners reach the explorer on, for their links
    # The sites that may show a published view in an iframe (CSP frame-ancestors), e.g.
    # ["https://www.tilburg.nl"]; empty: none. Every other page may never be framed.
    "EMBED_ORIGINS": [],
    # Reverse proxies in front of the explorer (0: none). With N > 0 the client's address,
    # the scheme and the host are taken from the X-Forwarded-For/-Proto/-Host headers the
    # nearest N proxies set (werkzeug's ProxyFix); with 0 those headers are ignored.
    "TRUSTED_PROXIES": 0,
    # The application's own log messages: "json" (one JSON object per line on standard
    # output) or "tekst" (Flask's plain lines on standard error). None: json, unless
    # DEVELOPMENT or TESTING. The request log is always JSON (web.verzoeklog).
    "LOG_FORMAT": None,
    # Where to report a security problem (an e-mail address or https URL) for
    # /.well-known/security.txt; without it that file answers 404.
    "SECURITY_CONTACT": None,
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
    # Login with the gemeente's own accounts (OpenID Connect; web/oidc.py): on when the
    # issuer and client id are set. The role (lezer, coordinator, beheerder) comes from
    # the ID token's claim OIDC_ROLE_CLAIM (a list or one value), each value translated
    # by OIDC_ROLE_MAP ({"provider value": "role"}) when that is given.
    "OIDC_ISSUER": None,  # e.g. https://login.microsoftonline.com/<tenant>/v2.0
    "OIDC_CLIENT_ID": None,
    "OIDC_CLIENT_SECRET": None,
    "OIDC_ROLE_CLAIM": "groups",
    "OIDC_ROLE_MAP": {},
    "OIDC_SCOPE": "openid profile email",
    "OIDC_TIMEOUT_S": 10,  # waiting for the provider's discovery, keys and token answers
    # Local accounts (USERS, the users file) may log in too; off: only the gemeente's
    # accounts (ignored while OpenID Connect is not configured, so someone can log in).
    "LOCAL_LOGIN": True,
    # Origins (e.g. "https://dashboard.tilburg.nl") whose pages may read the JSON API in
    # the browser (CORS); empty: none. The OpenAPI document may be read from anywhere.
    "CORS_ORIGINS": [],
    # A login ends after this many seconds without a request (each request renews it).
    "PERMANENT_SESSION_LIFETIME": 8 * 3600,
}
