"""Time in one place: what "now" is, how a moment is stored and how it is shown, always
in Dutch time (Europe/Amsterdam, CET/CEST), whatever zone the server's clock is in.

- Stored moments (the audit log's ``tijd``, a proposal's ``ingediend`` and
  ``beoordeeld``, an invitation's ``aangemaakt`` and ``verloopt``, the loaded network's
  ``geladen_op``, a report's ``gemaakt_op``) are ISO 8601 in UTC with their offset:
  :func:`stamp`, ``2026-12-02T14:24:00+00:00``.
- Names of files (snapshots, recorded loads) carry the UTC time without an offset:
  :func:`file_stamp`, ``20261202-142400``.
- A moment without an offset (such a name, or something written before offsets were
  stored) is read as UTC: the server clocks LEA Graph runs on keep UTC.
- People read a moment as ``2 december 2026 15:24`` (:func:`tijd_nl`) or a day as
  ``2 december 2026`` (:func:`datum_nl`), in Dutch time; the API gives ISO 8601 with the
  Dutch offset, ``2026-12-02T15:24:00+01:00`` (:func:`iso`).
- Today (a confirmation's date, the current schooljaar) is the day in Tilburg:
  :func:`today`.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from lea_graph.text import MONTHS_NL

__all__ = [
    "ZONE",
    "datum_nl",
    "file_stamp",
    "iso",
    "local",
    "now",
    "parse",
    "stamp",
    "tijd_nl",
    "today",
]

#: The zone every time is shown in: Dutch time (CET in winter, CEST in summer).
ZONE = ZoneInfo("Europe/Amsterdam")

_FILE_STAMP = re.compile(r"^(\d{8})-(\d{6})")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def now() -> dt.datetime:
    """The current moment in Dutch time, to the second.

    Examples
    --------
    >>> now().tzinfo is ZONE, now().microsecond
    (True, 0)
    """
    return dt.datetime.now(ZONE).replace(microsecond=0)


def today() -> dt.date:
    """The current day in Tilburg (between midnight and 1:00 or 2:00 Dutch time a UTC
    clock still says yesterday).

    Examples
    --------
    >>> today() == now().date()
    True
    """
    return now().date()


def parse(value: object) -> dt.datetime | None:
    """A stored moment as an aware time (in the zone it was stored in), or None.

    Takes ISO 8601 with or without an offset (``+00:00``, ``+0000``, ``Z``), a
    :func:`file_stamp` (the start of a snapshot's name), or a ``datetime``; without an
    offset it is UTC. A day alone, empty or other text gives None.

    Examples
    --------
    >>> parse("2026-12-02T14:24:00+00:00")
    datetime.datetime(2026, 12, 2, 14, 24, tzinfo=datetime.timezone.utc)
    >>> parse("20261202-142400-lea_v3") == parse("2026-12-02 14:24:00") == parse("2026-12-02T15:24+0100")
    True
    >>> parse("2026-12-02"), parse(""), parse("gisteren")
    (None, None, None)
    """
    if isinstance(value, dt.datetime):
        moment = value
    else:
        text = str(value or "").strip()
        if not text or _DAY.match(text):
            return None
        found = _FILE_STAMP.match(text)
        try:
            if found:
                moment = dt.datetime.strptime("".join(found.groups()), "%Y%m%d%H%M%S")
            else:
                moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def local(value: object) -> dt.datetime | None:
    """A stored moment in Dutch time (None if it is not one, :func:`parse`).

    Examples
    --------
    >>> local("2026-12-02T14:24:00+00:00").isoformat()
    '2026-12-02T15:24:00+01:00'
    >>> local("2026-07-01T14:24:00Z").isoformat()
    '2026-07-01T16:24:00+02:00'
    """
    moment = parse(value)
    return moment.astimezone(ZONE) if moment is not None else None


def stamp(moment: dt.datetime | None = None) -> str:
    """How a moment is stored: ISO 8601 in UTC, to the second (default: now).

    Examples
    --------
    >>> stamp(dt.datetime(2026, 12, 2, 15, 24, 30, 999, tzinfo=ZONE))
    '2026-12-02T14:24:30+00:00'
    """
    return (moment or now()).astimezone(dt.UTC).replace(microsecond=0).isoformat()


def file_stamp(moment: dt.datetime | None = None) -> str:
    """A moment for a file name: UTC as ``JJJJMMDD-UUMMSS`` (default: now); sorting the
    names sorts them by time.

    Examples
    --------
    >>> file_stamp(dt.datetime(2026, 7, 1, 16, 24, 5, tzinfo=ZONE))
    '20260701-142405'
    """
    return (moment or now()).astimezone(dt.UTC).strftime("%Y%m%d-%H%M%S")


def iso(value: object) -> str | None:
    """A stored moment for the API: ISO 8601 in Dutch time with its offset (None if it
    is not a moment).

    Examples
    --------
    >>> iso("2026-12-02T14:24:00+00:00"), iso("2026-07-01T14:24:00+0000"), iso(None)
    ('2026-12-02T15:24:00+01:00', '2026-07-01T16:24:00+02:00', None)
    """
    moment = local(value)
    return moment.isoformat() if moment is not None else None


def _day(day: dt.date) -> str:
    return f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}"


def datum_nl(value: object) -> str:
    """A day, or the day of a stored moment in Dutch time, as Dutch text; other text as
    it is.

    Examples
    --------
    >>> datum_nl("2026-12-02"), datum_nl(dt.date(2026, 8, 1)), datum_nl("")
    ('2 december 2026', '1 augustus 2026', '')
    >>> datum_nl("2026-12-02T23:30:00+00:00")  # half past midnight in Tilburg
    '3 december 2026'
    """
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return _day(value)
    text = str(value or "")
    if _DAY.match(text):
        try:
            return _day(dt.date.fromisoformat(text))
        except ValueError:
            return text
    moment = local(value)
    return _day(moment.date()) if moment is not None else text


def tijd_nl(value: object) -> str:
    """A stored moment in Dutch time as Dutch text, ``2 december 2026 15:24``; a day
    alone as :func:`datum_nl`; other text as it is.

    Examples
    --------
    >>> tijd_nl("2026-12-02T14:24:00+00:00"), tijd_nl("2026-07-01T14:24:00+00:00")
    ('2 december 2026 15:24', '1 juli 2026 16:24')
    >>> tijd_nl("2026-12-02"), tijd_nl(None), tijd_nl("onbekend")
    ('2 december 2026', '', 'onbekend')
    """
    moment = local(value)
    if moment is None:
        return datum_nl(value)
    return f"{_day(moment.date())} {moment:%H:%M}"
