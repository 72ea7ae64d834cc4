"""Publications: views a coordinator publishes at a public address (issue 29 §2).

A publication is one read-only view, a wijk's "wie doet wat", the map or a hub's reach
per wijk, at ``/publiek/<token>``: the token is long and random
(:func:`secrets.token_urlsafe`, 128 bits), so the address cannot be guessed, and it is
kept as it is (it is a public address, shown to the coordinator again to copy). The
file is JSON (``{"<token>": {"soort": ..., "doel": ..., "instellingen": {...},
"titel": ..., "aangemaakt": ..., "door": ...}}``), ``publicaties.json`` in the data
directory, mode 600, changed under a lock and written atomically
(:func:`lea_graph.datadir.update_private_json`). Unpublishing removes the entry: the
address answers "niet gevonden" from then on.
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path
from typing import Any

from lea_graph import tijd
from lea_graph.datadir import read_json, update_private_json
from lea_graph.errors import LeaGraphError

__all__ = [
    "SOORTEN",
    "find",
    "load_publications",
    "publications_file",
    "publish",
    "unpublish",
]

#: What can be published, in words.
SOORTEN = {
    "wijk": "Wie doet wat in een wijk",
    "kaart": "De kaart van de wijken",
    "hub": "Bereik van een hub per wijk",
}

#: The settings a publication of each kind may keep (the rest is dropped).
SETTINGS = {
    "wijk": ("schooljaar",),
    "kaart": ("kleur", "hub", "schooljaar", "gemeente"),
    "hub": ("schooljaar",),
}

#: The longest title kept.
TITLE_MAX = 120


def publications_file(data_dir: str | Path | None = None) -> Path:
    """``publicaties.json`` in the data directory."""
    from lea_graph.datadir import default_data_dir

    return Path(data_dir or default_data_dir()) / "publicaties.json"


def _valid(entries: Any) -> dict[str, dict]:
    if not isinstance(entries, dict):
        return {}
    return {
        token: entry
        for token, entry in entries.items()
        if isinstance(entry, dict) and entry.get("soort") in SOORTEN
    }


def load_publications(path: Path) -> dict[str, dict]:
    """The publications in the file by token, newest first (empty without a file).

    Raises
    ------
    LeaGraphError
        If the file cannot be read (Dutch message).
    """
    try:
        entries = _valid(read_json(path, {}))
    except (OSError, ValueError) as exc:
        raise LeaGraphError(f"Het bestand met publicaties {path} is niet leesbaar: {exc}") from exc
    return dict(sorted(entries.items(), key=lambda kv: str(kv[1].get("aangemaakt")), reverse=True))


def find(path: Path, token: str) -> dict | None:
    """The publication at ``token`` (with its ``token``), or None when there is none."""
    if not token:
        return None
    entry = load_publications(path).get(token)
    return {**entry, "token": token} if entry else None


def publish(
    path: Path,
    soort: str,
    *,
    doel: str = "",
    instellingen: dict[str, str] | None = None,
    titel: str = "",
    door: str = "",
    now: dt.datetime | None = None,
) -> str:
    """Publish a view and return its token (its address is ``/publiek/<token>``).

    Parameters
    ----------
    path
        The publications file (:func:`publications_file`).
    soort
        One of :data:`SOORTEN`.
    doel
        The wijk or hub it shows (empty for the map); the caller checks it is in the
        network.
    instellingen
        The view's settings (:data:`SETTINGS` of its kind; empty values dropped).
    titel
        The title above the view and of the iframe.
    door
        Who published it (an account name).
    now
        The time it is now (for tests).

    Raises
    ------
    LeaGraphError
        For an unknown kind, or a wijk or hub view without its wijk or hub.

    Examples
    --------
    >>> import tempfile
    >>> f = Path(tempfile.mkdtemp()) / "publicaties.json"
    >>> token = publish(f, "wijk", doel="w-heikant", titel="Heikant")
    >>> find(f, token)["doel"], unpublish(f, token)["titel"], find(f, token)
    ('w-heikant', 'Heikant', None)
    """
    if soort not in SOORTEN:
        raise LeaGraphError(f"Kies wat u publiceert: {', '.join(SOORTEN)}; niet '{soort}'.")
    if soort != "kaart" and not doel:
        raise LeaGraphError("Kies de wijk of hub die u publiceert.")
    token = secrets.token_urlsafe(16)
    settings = {k: str(v) for k, v in (instellingen or {}).items() if k in SETTINGS[soort] and v}
    entry = {
        "soort": soort,
        "doel": doel if soort != "kaart" else "",
        "instellingen": settings,
        "titel": " ".join(titel.split())[:TITLE_MAX] or SOORTEN[soort],
        "aangemaakt": tijd.stamp((now or tijd.now()).astimezone(dt.UTC).replace(microsecond=0)),
        "door": door,
    }

    def add(data: dict) -> None:
        data[token] = entry

    update_private_json(path, add, {})
    return token


def unpublish(path: Path, token: str) -> dict | None:
    """Remove the publication at ``token``; return it, or None when there was none."""

    def remove(data: dict) -> dict | None:
        return data.pop(token, None) if isinstance(data, dict) else None

    return update_private_json(path, remove, {})
