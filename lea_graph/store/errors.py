"""What can go wrong in a graph store, and the one place where the stores' own error
texts become Dutch messages.

FalkorDB reports problems as Redis error strings ("Query timed out", "Unknown function
'x'", "errMsg: Invalid input ... line: 1, column: 10"); Neo4j as status codes with an
English message (``Neo.ClientError.Transaction.TransactionTimedOut``,
``Neo.ClientError.Statement.SyntaxError`` with "... (line 1, column 10 (offset: 9))").
:func:`falkordb_message` and :func:`neo4j_message` turn both into the same Dutch
sentences (a syntax error with its line and column, an unknown function or name, a value
of the wrong kind, a division by zero, too much memory, too long), so that users and
tests see one behaviour whichever store runs. Where the database's own text helps, it
follows the Dutch message, labelled as its technical message (:data:`TECHNICAL`); it is
never the main message.
"""

from __future__ import annotations

import re

from lea_graph.errors import LeaGraphError

__all__ = [
    "PARAMETER_MISSING",
    "TECHNICAL",
    "TIMED_OUT",
    "TOO_MUCH_MEMORY",
    "WRITE_REFUSED",
    "ForbiddenQuery",
    "LoadFailed",
    "StoreBusy",
    "StoreError",
    "StoreUnavailable",
    "falkordb_message",
    "neo4j_message",
]

#: The message for a query stopped by the store's time limit (both stores).
TIMED_OUT = "De vraag duurde te lang en is afgebroken."
#: The message for a write refused by the store's read-only mode (both stores).
WRITE_REFUSED = "Alleen lezende vragen zijn toegestaan."
#: The message for a query that uses a parameter nobody gave a value (both stores).
PARAMETER_MISSING = (
    "De vraag gebruikt een parameter die niet is opgegeven; vul hem in bij de parameters "
    '(bijvoorbeeld {"wijk": "w-1"}).'
)
#: The message for a query the database stopped at its memory limit (both stores).
TOO_MUCH_MEMORY = (
    "De vraag had te veel geheugen nodig en is afgebroken. Maak haar kleiner, "
    "bijvoorbeeld met LIMIT of een filter."
)
#: How a message introduces the database's own (English) text.
TECHNICAL = "Technische melding van de database:"

#: (kind, pattern over "code message") in order: the first that matches decides.
_KINDS = (
    ("timeout", r"timed out|TimedOut|Terminated"),
    ("write", r"read-only|AccessMode|ForbiddenOnReadOnlyDatabase"),
    ("parameter", r"missing parameters|ParameterMissing"),
    ("memory", r"mem consumption exceeded|MemoryPool|OutOfMemory|MemoryLimit"),
    ("function", r"Unknown function"),
    ("name", r"not defined"),
    ("type", r"Type mismatch|TypeError|Invalid input for function"),
    ("arithmetic", r"by zero|ArithmeticError"),
    ("syntax", r"SyntaxError|SemanticError|Invalid input|line:? \d+, column"),
)
#: The Dutch message per kind; ``{name}`` is the quoted name, ``{at}`` the place.
_DUTCH = {
    "timeout": TIMED_OUT,
    "write": WRITE_REFUSED,
    "parameter": PARAMETER_MISSING,
    "memory": TOO_MUCH_MEMORY,
    "function": "De vraag gebruikt een functie die de database niet kent{name}{at}.",
    "name": (
        "De vraag gebruikt een naam die nog niet is vastgelegd{name}{at}; leg die eerst "
        "vast, bijvoorbeeld in een MATCH- of WITH-deel."
    ),
    "type": (
        "Een waarde in de vraag heeft niet de juiste soort, bijvoorbeeld tekst waar een "
        "getal nodig is{at}."
    ),
    "arithmetic": "De vraag rekent iets uit wat niet kan, zoals delen door nul{at}.",
    "syntax": "De vraag is geen geldige Cypher{at}. Controleer de schrijfwijze op die plek.",
    "other": "De database kon de vraag niet uitvoeren.",
}
#: Kinds whose Dutch message says all there is: no technical message after it.
_COMPLETE = frozenset({"timeout", "write", "memory"})
#: Where in the query (Neo4j: "(line 1, column 10 (offset: 9))"; FalkorDB: "line: 1,
#: column: 10, offset: 9"); the Dutch message says it, the technical one leaves it out.
_PLACE = re.compile(r"\s*\(?line:? (\d+), column:? (\d+)(?:,? \(?offset:? \d+\)?)?\)?")
_NAME = re.compile(r"['`]([^'`\n]{1,80})['`]")


def _message(code: str, text: str, first_line: int = 1) -> str:
    """The Dutch message for a database error (its status code, if any, and its text,
    whose line numbers count from ``first_line``)."""
    both = f"{code} {text}"
    kind = next((k for k, pattern in _KINDS if re.search(pattern, both, re.I)), "other")
    place = _PLACE.search(text)
    name = _NAME.search(text) if kind in ("function", "name") else None
    at = f" (regel {int(place[1]) - first_line + 1}, kolom {place[2]})" if place else ""
    message = _DUTCH[kind].replace("{at}", at).replace("{name}", f" ({name[1]!r})" if name else "")
    # The first line only (Neo4j repeats the query below it, FalkorDB after "errCtx:").
    lines = _PLACE.sub("", text or code).strip().splitlines()
    technical = lines[0].split(" errCtx:")[0].removeprefix("errMsg: ")[:300] if lines else ""
    if kind in _COMPLETE or not technical:
        return message
    return f"{message} {TECHNICAL} {technical}"


class StoreError(LeaGraphError):
    """Something went wrong in the graph store."""


class StoreUnavailable(StoreError):
    """The database cannot be reached or started."""


class StoreBusy(StoreError):
    """Another load is running; try again when it is done."""


class LoadFailed(StoreError):
    """A load stopped half-way; the previous network is still in place."""


class ForbiddenQuery(StoreError):
    """A free query was refused because it could change something (or is not one read)."""


def falkordb_message(text: str) -> str:
    """The Dutch message for an error string of FalkorDB (a Redis ``ResponseError``)."""
    return _message("", text)


def neo4j_message(code: str | None, text: str | None, first_line: int = 1) -> str:
    """The Dutch message for a Neo4j error, from its status code and message.

    ``first_line`` is the line of the message's text where the user's query began (2
    for an error in ``EXPLAIN`` and a newline put before it).
    """
    return _message(code or "", text or "", first_line)
