"""Invitations: a personal link per partner, so that it can keep its own data current.

A coordinator makes an invitation for one partner; the link holds a long random token
(:func:`secrets.token_urlsafe`, 256 bits). The invitations file keeps only the token's
SHA-256 hash (a token this long needs no slow hash: it cannot be guessed), with when it
was made, by whom, until when it is valid, and when it was revoked. A partner has at
most one invitation: a new one replaces the old, whose link stops working (its hash is
kept, so that whoever opens the old link is told it was replaced).

The file is JSON (``{"partner-id": {"token": <sha256>, "aangemaakt": ..., "verloopt":
..., "ingetrokken": ... or null, "door": ..., "vervangen": [<sha256>, ...]}}``), in the data directory
(``uitnodigingen.json``), written atomically with mode 600. It holds no personal data:
a partner is an organisation, and no mail address is kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from lea_graph import tijd
from lea_graph.datadir import write_private_json
from lea_graph.errors import LeaGraphError

__all__ = [
    "DEFAULT_DAYS",
    "MAX_DAYS",
    "Check",
    "check",
    "create",
    "invitations_file",
    "load_invitations",
    "revoke",
    "state",
]

#: How long a link stays valid unless the coordinator says otherwise, and at most.
DEFAULT_DAYS = 30
MAX_DAYS = 365

#: What :func:`check` can say of a token.
STATUSES = ("geldig", "verlopen", "ingetrokken", "vervangen", "onbekend")


def invitations_file(data_dir: str | Path | None = None) -> Path:
    """``uitnodigingen.json`` in the data directory."""
    from lea_graph.datadir import default_data_dir

    return Path(data_dir or default_data_dir()) / "uitnodigingen.json"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now(now: dt.datetime | None) -> dt.datetime:
    return (now or tijd.now()).astimezone(dt.UTC).replace(microsecond=0)


def load_invitations(path: Path) -> dict[str, dict]:
    """The invitations in the file, by partner id (empty if there is no file).

    Raises
    ------
    LeaGraphError
        If the file cannot be read (Dutch message).
    """
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LeaGraphError(
            f"Het bestand met uitnodigingen {path} is niet leesbaar: {exc}"
        ) from exc
    return {
        partner: entry
        for partner, entry in data.items()
        if isinstance(entry, dict) and isinstance(entry.get("token"), str)
    }


def create(
    path: Path,
    partner: str,
    *,
    days: int = DEFAULT_DAYS,
    door: str = "",
    now: dt.datetime | None = None,
) -> str:
    """Make a new invitation for ``partner`` and return its token (shown once, never
    stored); an earlier invitation of the partner stops working.

    Parameters
    ----------
    path
        The invitations file (:func:`invitations_file`).
    partner
        The partner's id (the caller checks that it is in the network).
    days
        How many days the link is valid: 1 to :data:`MAX_DAYS`.
    door
        Who made it (an account name or ``cli``), for the audit trail.
    now
        The time it is now (for tests); default the clock, in UTC.

    Raises
    ------
    LeaGraphError
        For a number of days out of range.
    """
    if not 1 <= days <= MAX_DAYS:
        raise LeaGraphError(f"Een uitnodiging is 1 tot {MAX_DAYS} dagen geldig, niet {days}.")
    start = _now(now)
    token = secrets.token_urlsafe(32)
    invitations = load_invitations(path)
    earlier = invitations.get(partner)
    replaced = [*earlier.get("vervangen", []), earlier["token"]] if earlier else []
    invitations[partner] = {
        "token": _hash(token),
        "vervangen": replaced[-20:],
        "aangemaakt": tijd.stamp(start),
        "verloopt": tijd.stamp(start + dt.timedelta(days=days)),
        "ingetrokken": None,
        "door": door,
    }
    write_private_json(path, invitations)
    return token


def revoke(path: Path, partner: str, *, now: dt.datetime | None = None) -> bool:
    """Revoke the partner's invitation; False if it has none that still works."""
    invitations = load_invitations(path)
    entry = invitations.get(partner)
    if entry is None or entry.get("ingetrokken"):
        return False
    entry["ingetrokken"] = tijd.stamp(_now(now))
    write_private_json(path, invitations)
    return True


@dataclass(frozen=True)
class Check:
    """What a token is worth: ``status`` (one of :data:`STATUSES`) and, unless it is
    ``onbekend``, the partner it was made for."""

    status: str
    partner: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "geldig"


def check(path: Path, token: str, *, now: dt.datetime | None = None) -> Check:
    """Which partner a token belongs to, and whether its link still works.

    Every stored hash is compared in constant time, so the answer takes as long for a
    token that is almost right as for one that is far off.

    Examples
    --------
    >>> import tempfile
    >>> f = Path(tempfile.mkdtemp()) / "uitnodigingen.json"
    >>> token = create(f, "p-museum")
    >>> check(f, token)
    Check(status='geldig', partner='p-museum')
    >>> check(f, token + "x").status, revoke(f, "p-museum"), check(f, token).status
    ('onbekend', True, 'ingetrokken')
    """
    wanted = _hash(token or "")
    found: tuple[str, dict] | None = None
    replaced: str | None = None
    for partner, entry in load_invitations(path).items():
        if hmac.compare_digest(entry["token"], wanted):
            found = (partner, entry)
        for old in entry.get("vervangen", []):
            if isinstance(old, str) and hmac.compare_digest(old, wanted):
                replaced = partner
    if found is None:
        return Check("vervangen", replaced) if replaced else Check("onbekend")
    partner, entry = found
    if entry.get("ingetrokken"):
        return Check("ingetrokken", partner)
    until = tijd.parse(entry.get("verloopt"))
    if until is None:
        return Check("verlopen", partner)
    return Check("geldig" if _now(now) < until else "verlopen", partner)


def state(entry: dict | None, *, now: dt.datetime | None = None) -> str:
    """A partner's invitation in words, with the day in Dutch time: 'geen', 'geldig tot
    2 december 2026', 'verlopen op ...' or 'ingetrokken op ...'.

    Examples
    --------
    >>> entry = {"verloopt": "2026-12-02T23:30:00+00:00", "ingetrokken": None}
    >>> state(entry, now=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    'geldig tot 3 december 2026'
    """
    if entry is None:
        return "geen"
    if entry.get("ingetrokken"):
        return f"ingetrokken op {tijd.datum_nl(entry['ingetrokken'])}"
    until = tijd.parse(entry.get("verloopt"))
    valid = until is not None and _now(now) < until
    return f"{'geldig tot' if valid else 'verlopen op'} {tijd.datum_nl(entry.get('verloopt'))}"
