"""What can go wrong in a graph store, and the one place where the stores' own error
texts become Dutch messages.

FalkorDB reports problems as Redis error strings ("Query timed out", "graph.RO_QUERY is
to be executed only on read-only queries"); Neo4j as status codes
(``Neo.ClientError.Transaction.TransactionTimedOut``,
``Neo.ClientError.Statement.AccessMode``). :func:`falkordb_message` and
:func:`neo4j_message` turn both into the same Dutch sentences, so that users and tests
see one behaviour whichever store runs.
"""

from __future__ import annotations

from lea_graph.errors import LeaGraphError

__all__ = [
    "PARAMETER_MISSING",
    "TIMED_OUT",
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
    lowered = text.lower()
    if "timed out" in lowered:
        return TIMED_OUT
    if "read-only" in lowered:
        return WRITE_REFUSED
    if "missing parameters" in lowered:
        return f"{PARAMETER_MISSING} ({text})"
    return f"De database gaf een fout: {text}"


def neo4j_message(code: str | None, text: str | None) -> str:
    """The Dutch message for a Neo4j error, from its status code and message."""
    code = code or ""
    if "TimedOut" in code or "Terminated" in code:
        return TIMED_OUT
    if "AccessMode" in code or "ForbiddenOnReadOnlyDatabase" in code:
        return WRITE_REFUSED
    if "ParameterMissing" in code:
        return f"{PARAMETER_MISSING} ({text})"
    return f"De database gaf een fout: {text or code}"
