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
holds a password itself.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from lea_graph.datadir import write_private_json
from lea_graph.errors import LeaGraphError

__all__ = [
    "RANK",
    "ROLES",
    "add_user",
    "load_users",
    "remove_user",
    "users_file",
    "verify",
]

ROLES = ("lezer", "coordinator", "beheerder")
RANK = {role: i for i, role in enumerate(ROLES)}
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
MIN_PASSWORD = 10
_DUMMY = generate_password_hash("lea-graph: een wachtwoord dat nooit klopt")


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


def add_user(path: Path, name: str, password: str, role: str) -> None:
    """Add an account or change its password and role.

    Raises
    ------
    LeaGraphError
        For a bad name, an unknown role or a too short password (Dutch message).
    """
    if not NAME.match(name):
        raise LeaGraphError(
            "Een gebruikersnaam heeft 2 tot 40 tekens: kleine letters, cijfers, '.', '_' of '-'."
        )
    if role not in RANK:
        raise LeaGraphError(f"Onbekende rol '{role}'; kies uit {', '.join(ROLES)}.")
    if len(password) < MIN_PASSWORD:
        raise LeaGraphError(f"Een wachtwoord heeft minstens {MIN_PASSWORD} tekens.")
    users = load_users(path)
    users[name] = {"rol": role, "wachtwoord": generate_password_hash(password)}
    _save(path, users)


def remove_user(path: Path, name: str) -> bool:
    """Remove an account; False if there was none."""
    users = load_users(path)
    if name not in users:
        return False
    del users[name]
    _save(path, users)
    return True


def verify(users: dict[str, dict[str, str]], name: str, password: str) -> str | None:
    """The role of ``name`` if the password is right, else None (same work either way)."""
    entry = users.get(name)
    hashed = entry["wachtwoord"] if entry else _DUMMY
    ok = check_password_hash(hashed, password)
    return entry["rol"] if entry and ok else None
