"""The explorer's logs for the municipality's IT: one JSON line per request, and the
application's own messages as JSON lines too (``LOG_FORMAT``).

A request line (logger ``lea.verzoeken``, always JSON, on standard output) holds the
time (ISO 8601, UTC), the method, the path without its query string, the status, the
duration in milliseconds, the user's role (``anoniem`` when not logged in) and the
client's address (after :class:`werkzeug.middleware.proxy_fix.ProxyFix` when
``TRUSTED_PROXIES`` is set). It never holds a password, token, cookie, query string
or form content: only the fields above are written.

With ``LOG_FORMAT`` ``json`` (the default outside ``DEVELOPMENT`` and ``TESTING``) the
messages of the app (logger ``web``) and the library (logger ``lea_graph``) are JSON
lines on standard output as well (``time``, ``level``, ``logger``, ``message``);
with ``tekst`` they keep Flask's plain lines on standard error.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
import time
from typing import Any

from flask import Flask, g, request

__all__ = ["REQUEST_LOGGER", "JsonFormatter", "StdoutHandler", "init_app", "log_format"]

#: The logger of the request lines.
REQUEST_LOGGER = "lea.verzoeken"
#: The loggers whose messages become JSON lines with ``LOG_FORMAT=json``.
APP_LOGGERS = ("web", "lea_graph")
FORMATS = ("json", "tekst")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class JsonFormatter(logging.Formatter):
    """A record as one JSON line: the request's fields (``record.verzoek``) for a request
    line, else time, level, logger and message."""

    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "verzoek", None)
        if fields is not None:
            return json.dumps(fields, ensure_ascii=False)
        line: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class StdoutHandler(logging.StreamHandler):
    """A handler on whatever ``sys.stdout`` is at the time of writing (so that a test's
    captured output, or a service manager's, receives the lines)."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)
        self.setFormatter(JsonFormatter())

    @property
    def stream(self):  # type: ignore[override]
        return sys.stdout

    @stream.setter
    def stream(self, value) -> None:  # StreamHandler.setStream; ours follows sys.stdout
        pass


def _handler(logger: logging.Logger) -> StdoutHandler | None:
    return next((h for h in logger.handlers if isinstance(h, StdoutHandler)), None)


def _install(logger: logging.Logger, level: int) -> None:
    if _handler(logger) is None:
        logger.addHandler(StdoutHandler())
    logger.setLevel(level)
    logger.propagate = False


def _uninstall(logger: logging.Logger) -> None:
    """Undo :func:`_install` (an app with ``LOG_FORMAT=tekst`` after one with json in
    the same process, as in the tests)."""
    handler = _handler(logger)
    if handler is not None:
        logger.removeHandler(handler)
        logger.propagate = True
        logger.setLevel(logging.NOTSET)


def log_format(app: Flask) -> str:
    """The app's ``LOG_FORMAT``: the setting, else ``json`` outside development and tests."""
    value = str(app.config.get("LOG_FORMAT") or "").strip().lower()
    if value in FORMATS:
        return value
    return "tekst" if app.config.get("DEVELOPMENT") or app.config.get("TESTING") else "json"


def _start() -> None:
    g.lea_start = time.perf_counter()


def _log_request(response):
    from web.auth import current_user

    started = g.get("lea_start")
    try:
        user = current_user()
    except Exception:  # the users file or the store cannot be read: still log the request
        user = None
    fields = {
        "time": _now(),
        "method": request.method,
        "path": request.path,
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
        "role": user["rol"] if user else "anoniem",
        "remote_addr": request.remote_addr or "",
    }
    logging.getLogger(REQUEST_LOGGER).info("verzoek", extra={"verzoek": fields})
    return response


def init_app(app: Flask) -> None:
    """Log every request of ``app``; set up its message format (``LOG_FORMAT``).

    Called first in :func:`web.create_app`: the timer starts before any other
    ``before_request`` (which may answer early, e.g. with a redirect to the login page),
    and the line is written after every other ``after_request`` (the final status).
    """
    _install(logging.getLogger(REQUEST_LOGGER), logging.INFO)
    if log_format(app) == "json":
        from flask.logging import default_handler

        for name in APP_LOGGERS:
            _install(logging.getLogger(name), logging.INFO)
        app.logger.removeHandler(default_handler)
    else:
        for name in APP_LOGGERS:
            _uninstall(logging.getLogger(name))
    app.before_request(_start)
    app.after_request(_log_request)
