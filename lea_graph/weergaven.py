"""Saved views: a filter of ``/netwerk`` or ``/kaart`` saved under a name (issue 29 §2).

A logged-in user saves the query string of the page as it is; colleagues open it by its
link (the same page with the same query string; they log in as usual when reading needs
it). The file is JSON (``{"<id>": {"naam", "pagina", "filter", "door", "aangemaakt"}}``),
``weergaven.json`` in the data directory, mode 600, changed under a lock and written
atomically. Only the one who saved a view may delete it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from lea_graph import tijd
from lea_graph.datadir import read_json, update_private_json
from lea_graph.errors import LeaGraphError

__all__ = [
    "PAGES",
    "clean_filter",
    "delete",
    "load_views",
    "save",
    "views_file",
]

#: The pages whose filter can be saved, with the query parameters each one reads.
PAGES = {
    "netwerk": (
        "gemeente", "wijk", "hub", "cluster", "rond", "soort", "schooljaar", "kleur",
        "indeling", "grootte",
    ),
    "kaart": ("kleur", "hub", "schooljaar", "gemeente"),
}  # fmt: skip

NAME_MAX = 80
FILTER_MAX = 2000
#: At most this many saved views per data directory (the oldest stay; a new one is refused).
VIEWS_MAX = 500


def views_file(data_dir: str | Path | None = None) -> Path:
    """``weergaven.json`` in the data directory."""
    from lea_graph.datadir import default_data_dir

    return Path(data_dir or default_data_dir()) / "weergaven.json"


def clean_filter(pagina: str, query: str) -> str:
    """The query string with only the parameters ``pagina`` reads, empty values left out.

    Examples
    --------
    >>> clean_filter("kaart", "kleur=hub&hub=h-cultuur&x=1&gemeente=")
    'kleur=hub&hub=h-cultuur'
    """
    allowed = PAGES[pagina]
    pairs = [(k, v) for k, v in parse_qsl(query or "", keep_blank_values=False) if k in allowed]
    return urlencode(pairs)[:FILTER_MAX]


def load_views(path: Path, pagina: str | None = None) -> list[dict[str, Any]]:
    """The saved views (each with its ``id``), by name; only those of ``pagina`` if given.

    Raises
    ------
    LeaGraphError
        If the file cannot be read (Dutch message).
    """
    try:
        data = read_json(path, {})
    except (OSError, ValueError) as exc:
        raise LeaGraphError(f"Het bestand met weergaven {path} is niet leesbaar: {exc}") from exc
    views = [
        {**v, "id": k}
        for k, v in (data.items() if isinstance(data, dict) else [])
        if isinstance(v, dict)
        and v.get("pagina") in PAGES
        and (pagina is None or v["pagina"] == pagina)
    ]
    return sorted(views, key=lambda v: (str(v.get("naam", "")).lower(), v["id"]))


def save(
    path: Path, pagina: str, naam: str, query: str, *, door: str, now: dt.datetime | None = None
) -> str:
    """Save a view of ``pagina`` under ``naam``; return its id.

    Raises
    ------
    LeaGraphError
        For an unknown page, an empty name, or when :data:`VIEWS_MAX` are saved already.

    Examples
    --------
    >>> import tempfile
    >>> f = Path(tempfile.mkdtemp()) / "weergaven.json"
    >>> vid = save(f, "kaart", "Cultuur", "kleur=hub&hub=h-cultuur", door="anna")
    >>> [v["filter"] for v in load_views(f)], delete(f, vid, door="bert"), delete(f, vid, door="anna")
    (['kleur=hub&hub=h-cultuur'], False, True)
    """
    if pagina not in PAGES:
        raise LeaGraphError(f"Alleen weergaven van {' en '.join(PAGES)} kunnen worden bewaard.")
    naam = " ".join((naam or "").split())[:NAME_MAX]
    if not naam:
        raise LeaGraphError("Geef de weergave een naam.")
    vid = secrets.token_urlsafe(9)
    entry = {
        "naam": naam,
        "pagina": pagina,
        "filter": clean_filter(pagina, query),
        "door": door,
        "aangemaakt": tijd.stamp((now or tijd.now()).astimezone(dt.UTC).replace(microsecond=0)),
    }

    def add(data: dict) -> None:
        if len(data) >= VIEWS_MAX:
            raise LeaGraphError(
                f"Er zijn al {VIEWS_MAX} weergaven bewaard. Verwijder er eerst een paar."
            )
        data[vid] = entry

    update_private_json(path, add, {})
    return vid


def delete(path: Path, vid: str, *, door: str) -> bool:
    """Delete the view ``vid`` if ``door`` saved it; False otherwise (also when unknown)."""

    def remove(data: dict) -> bool:
        entry = data.get(vid)
        if not isinstance(entry, dict) or entry.get("door") != door:
            return False
        del data[vid]
        return True

    return update_private_json(path, remove, {})
