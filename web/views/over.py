"""About the explorer itself: the accessibility statement, the privacy statement and
``/.well-known/security.txt`` (RFC 9116). Public, also when reading needs a login."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, current_app, render_template

bp = Blueprint("over", __name__)

#: A security.txt is valid for at most a year (RFC 9116 §2.5.5 advises less than one).
SECURITY_TXT_DAYS = 365


@bp.route("/toegankelijkheid")
def toegankelijkheid():
    return render_template("toegankelijkheid.html")


@bp.route("/privacy")
def privacy():
    limits = current_app.config.get("RATE_LIMITS") or {}
    login = limits.get("login", (5, 60))
    lifetime = int(current_app.config.get("PERMANENT_SESSION_LIFETIME", 8 * 3600))
    return render_template(
        "privacy.html",
        sessie_uren=max(1, round(lifetime / 3600)),
        login_pogingen=int(login[0]),
        login_minuten=max(1, round(float(login[1]) / 60)),
    )


def _contact(value: str) -> str:
    """A contact as a URI: ``mailto:`` before a bare e-mail address."""
    value = value.strip()
    if "@" in value and ":" not in value:
        return f"mailto:{value}"
    return value


@bp.route("/.well-known/security.txt")
def security_txt():
    """Where to report a security problem (``SECURITY_CONTACT``); 404 without one."""
    contact = (current_app.config.get("SECURITY_CONTACT") or "").strip()
    if not contact:
        abort(404, description="Er is geen contactadres voor beveiligingsmeldingen ingesteld.")
    expires = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=SECURITY_TXT_DAYS)
    lines = [
        f"Contact: {_contact(contact)}",
        f"Expires: {expires.isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: nl, en",
    ]
    public = (current_app.config.get("PUBLIC_URL") or "").strip().rstrip("/")
    if public:
        lines.append(f"Canonical: {public}/.well-known/security.txt")
    return Response("\n".join(lines) + "\n", mimetype="text/plain")
