"""Accounts of the explorer: a small users file with hashed passwords, and roles.

Roles, each including the ones before it:

``lezer``
    reads the pages (anonymous reading can also be allowed).
``coordinator``
    uploads and loads a new network.
``beheerder``
    uses the Cypher console and reads the audit log.

The users file is JSON (``{"naam": {"rol": ..., "wachtwoord": <hash>}}``), written
atomically with mode 600. Passwords are hashed with Werkzeug (scrypt); the file never
holds a password itself. A password has at least :data:`MIN_PASSWORD` characters, is not
the user name and not in the list of common passwords shipped with the package
(``common_passwords.txt``); accounts given as hashes (``LEA_USERS``) cannot be checked.

Every account has a session generation, kept in ``sessies.json`` in the data directory
(mode 600, written atomically): a login carries the generation it was made with, and a
login whose generation is no longer the account's is logged out. Logging out, a new
password or role (:func:`add_user`) and removing the account (:func:`remove_user`) give
the account a new generation, so every session made before ends, also a cookie
captured and replayed.
"""

from __future__ import annotations

import functools
import json
import os
import re
import threading
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from lea_graph.datadir import write_private_json
from lea_graph.errors import LeaGraphError

__all__ = [
    "MIN_PASSWORD",
    "RANK",
    "ROLES",
    "add_user",
    "check_password",
    "end_sessions",
    "load_users",
    "remove_user",
    "session_generation",
    "users_file",
    "verify",
]

ROLES = ("lezer", "coordinator", "beheerder")
RANK = {role: i for i, role in enumerate(ROLES)}
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
MIN_PASSWORD = 12
_DUMMY = generate_password_hash("lea-graph: een wachtwoord dat nooit klopt")


_SESSIONS_LOCK = threading.Lock()


def users_file(data_dir: str | Path | None = None) -> Path:
    """``LEA_USERS_FILE``, else ``gebruikers.json`` in the data directory."""
    if os.environ.get("LEA_USERS_FILE"):
        return Path(os.environ["LEA_USERS_FILE"])
    from lea_graph.datadir import default_data_dir

    return Path(data_dir or default_data_dir()) / "gebruikers.json"


def load_users(path: Path) -> dict[str, dict[str, str]]:
    """The accounts in a users file (empty if it does not exist)."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LeaGraphError(f"Het gebruikersbestand {path} is niet leesbaar: {exc}") from exc
    return {
        name: {"rol": entry["rol"], "wachtwoord": entry["wachtwoord"]}
        for name, entry in data.items()
        if isinstance(entry, dict) and entry.get("rol") in RANK and entry.get("wachtwoord")
    }


def _save(path: Path, users: dict[str, dict[str, str]]) -> None:
    write_private_json(path, users)


@functools.cache
def _common_passwords() -> frozenset[str]:
    """The common passwords shipped with the package, case-folded (the file's ``#``
    lines say where they come from)."""
    text = (Path(__file__).parent / "common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(
        line.casefold() for line in text.splitlines() if line and not line.startswith("#")
    )


def check_password(name: str, password: str) -> None:
    """Refuse a weak password for account ``name``.

    Raises
    ------
    LeaGraphError
        For a password shorter than :data:`MIN_PASSWORD`, equal to the user name or in
        the list of common passwords (case does not matter), with a Dutch message.
    """
    if len(password) < MIN_PASSWORD:
        raise LeaGraphError(f"Een wachtwoord heeft minstens {MIN_PASSWORD} tekens.")
    if password.casefold() == name.casefold():
        raise LeaGraphError("Een wachtwoord mag niet gelijk zijn aan de gebruikersnaam.")
    if password.casefold() in _common_passwords():
        raise LeaGraphError(
            "Dit wachtwoord wordt veel gebruikt en is dus makkelijk te raden. Kies een ander, "
            "bijvoorbeeld drie of vier woorden die niet bij elkaar horen."
        )


def add_user(
    path: Path, name: str, password: str, role: str, *, data_dir: str | Path | None
) -> None:
    """Add an account or change its password and role; the account's sessions end.

    Parameters
    ----------
    path
        The users file.
    data_dir
        The data directory that keeps the session generations (None: the default).

    Raises
    ------
    LeaGraphError
        For a bad name, an unknown role or a weak password (Dutch message).
    """
    if not NAME.match(name):
        raise LeaGraphError(
            "Een gebruikersnaam heeft 2 tot 40 tekens: kleine letters, cijfers, '.', '_' of '-'."
        )
    if role not in RANK:
        raise LeaGraphError(f"Onbekende rol '{role}'; kies uit {', '.join(ROLES)}.")
    check_password(name, password)
    users = load_users(path)
    users[name] = {"rol": role, "wachtwoord": generate_password_hash(password)}
    _save(path, users)
    end_sessions(data_dir, name)


def remove_user(path: Path, name: str, *, data_dir: str | Path | None) -> bool:
    """Remove an account and end its sessions; False if there was none."""
    users = load_users(path)
    if name not in users:
        return False
    del users[name]
    _save(path, users)
    end_sessions(data_dir, name)
    return True


def _sessions_file(data_dir: str | Path | None) -> Path:
    from lea_graph.datadir import default_data_dir

    return Path(data_dir or default_data_dir()) / "sessies.json"


def _generations(path: Path) -> dict[str, int]:
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LeaGraphError(f"Het sessiebestand {path} is niet leesbaar: {exc}") from exc


def session_generation(data_dir: str | Path | None, name: str) -> int:
    """The session generation of account ``name`` (0 before its first change)."""
    return int(_generations(_sessions_file(data_dir)).get(name, 0))


def end_sessions(data_dir: str | Path | None, name: str) -> None:
    """End every session of account ``name``: give it a new session generation."""
    path = _sessions_file(data_dir)
    with _SESSIONS_LOCK:
        generations = _generations(path)
        generations[name] = int(generations.get(name, 0)) + 1
        write_private_json(path, generations)


def verify(users: dict[str, dict[str, str]], name: str, password: str) -> str | None:
    """The role of ``name`` if the password is right, else None (same work either way)."""
    entry = users.get(name)
    hashed = entry["wachtwoord"] if entry else _DUMMY
    ok = check_password_hash(hashed, password)
    return entry["rol"] if entry and ok else None
