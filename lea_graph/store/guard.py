r"""The console's text and plan checks: refuse anything that is not a plain read.

A free Cypher query passes two checks, both here, before its rows are read:

1. :func:`check_read_only` looks at the *text* before it goes to any store. It removes
   string literals (``'…'`` and ``"…"``, with backslash escapes), backtick identifiers and
   comments (``//…`` and ``/*…*/``) as the databases' own lexers do (Neo4j's
   ``Cypher5Lexer.g4``; FalkorDB's libcypher-parser), so that words inside them do not
   count (``WHERE n.naam CONTAINS 'SET'`` is a read), and then refuses, as whole words
   and regardless of case:

   * clauses that change data or schema: ``CREATE``, ``MERGE``, ``SET``, ``DELETE``,
     ``DETACH``, ``REMOVE``, ``DROP``, ``FOREACH``, ``INSERT``, ``LOAD CSV``;
   * ``CALL`` in any form: every procedure call (also read-only ones such as
     ``db.labels()``, which cannot be told apart from writing ones by their text) and
     ``CALL { … }`` subqueries (which can hide ``IN TRANSACTIONS`` writes). ``EXISTS { … }``,
     ``COUNT { … }`` and ``COLLECT { … }`` subqueries are allowed;
   * administration: ``USE`` (switching database), ``SHOW`` (settings, transactions,
     users: server paths and other sessions' queries), ``GRANT``, ``DENY``, ``REVOKE``,
     ``ALTER``, ``RENAME``, ``TERMINATE`` and ``START``/``STOP`` ``DATABASE``;
   * the prefixes ``apoc.`` and ``dbms.`` anywhere (also as a name between backticks);
   * more than one statement: a ``;`` followed by more than white space;
   * an empty query, an unterminated string, identifier or comment, and a ``//`` comment
     holding a line end other than ``\n`` (or ``\r\n``). The databases disagree there:
     Neo4j ends a ``//`` comment at a lone ``\r`` too, FalkorDB only at ``\n``, and
     neither at ``\u2028``, ``\u2029``, ``\u0085``, ``\v`` or ``\f`` (which other tools
     read as line ends). Text after such a character would be code to one reader and
     comment to another, so it is refused rather than guessed.

   The message names every refused word found, and why. A property or label spelled
   like a refused word (``n.set``) is refused too; write it between backticks
   (``n.`set```).

2. :func:`check_plan` looks at the store's own *plan* for the text (Neo4j's ``EXPLAIN``,
   FalkorDB's ``GRAPH.EXPLAIN``), whatever the text looked like: every step must be on
   the store's list of reading steps (an allow-list: ``READ_OPERATORS`` in
   :mod:`lea_graph.store.neo4j`, ``READ_OPERATIONS`` in :mod:`lea_graph.store.embedded`).
   A procedure call, ``LOAD CSV``, ``SHOW``, any write or anything new is refused before
   the query runs. The stores' read-only modes (``GRAPH.RO_QUERY``; Neo4j's READ
   session and read transaction) stay as a third layer.

:func:`check_params` checks the parameters of such a query: a JSON-like map whose names
are plain identifiers (the embedded store writes parameter names into the query header).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from lea_graph.store.errors import ForbiddenQuery

__all__ = [
    "ForbiddenQuery",
    "check_params",
    "check_plan",
    "check_read_only",
    "strip_literals",
    "without_final_semicolon",
]


_WRITE_WORDS = ("CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "FOREACH", "INSERT")
_ADMIN_WORDS = ("USE", "SHOW", "GRANT", "DENY", "REVOKE", "ALTER", "RENAME", "TERMINATE")

#: Why each kind of refused word is refused.
_WHY = {
    "write": "wijzigt gegevens of de structuur",
    "file": "leest bestanden in",
    "call": "roept een procedure of subquery aan",
    "admin": "is een beheeropdracht",
    "prefix": "procedures en functies van apoc en dbms zijn niet toegestaan",
}

#: (pattern, kind) for the text without strings, names and comments.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    *((re.compile(rf"\b{w}\b", re.IGNORECASE), "write") for w in _WRITE_WORDS),
    (re.compile(r"\bLOAD\s+CSV\b", re.IGNORECASE), "file"),
    (re.compile(r"\bCALL\b", re.IGNORECASE), "call"),
    *((re.compile(rf"\b{w}\b", re.IGNORECASE), "admin") for w in _ADMIN_WORDS),
    (re.compile(r"\b(?:START|STOP)\s+DATABASES?\b", re.IGNORECASE), "admin"),
    (re.compile(r"\b(?:apoc|dbms)\s*\.", re.IGNORECASE), "prefix"),
)

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

#: Characters some reader takes for the end of a line (Python's ``str.splitlines``, Java's
#: regular expressions, Unicode). A ``//`` comment ends at ``\n`` (or ``\r\n``) in both
#: databases; any other of these inside one is refused (see the module docstring).
_LINE_ENDS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_ODD_LINE_END = re.compile("[" + _LINE_ENDS + "]")


def _refuse(reason: str) -> ForbiddenQuery:
    return ForbiddenQuery(
        f"Deze vraag is geweigerd: {reason}. De console voert alleen één lezende vraag uit."
    )


def strip_literals(cypher: str) -> tuple[str, list[str]]:
    """The text with strings, backtick identifiers and comments blanked out.

    Returns the text (each literal, identifier or comment replaced by one space) and the
    contents of the backtick identifiers.

    Raises
    ------
    ForbiddenQuery
        For an unterminated string, backtick identifier or block comment.
    """
    out: list[str] = []
    quoted: list[str] = []
    i, n = 0, len(cypher)
    while i < n:
        ch = cypher[i]
        if ch in "'\"":
            j = i + 1
            while j < n and cypher[j] != ch:
                j += 2 if cypher[j] == "\\" else 1
            if j >= n:
                raise _refuse("een tekst tussen aanhalingstekens is niet afgesloten")
            out.append(" ")
            i = j + 1
        elif ch == "`":
            # A doubled backtick inside a name (Neo4j's escape) reads here as the end of
            # one name and the start of the next: nothing lies between them either way.
            j = cypher.find("`", i + 1)
            if j == -1:
                raise _refuse("een naam tussen backticks (`) is niet afgesloten")
            quoted.append(cypher[i + 1 : j])
            out.append(" ")
            i = j + 1
        elif cypher.startswith("//", i):
            m = _ODD_LINE_END.search(cypher, i + 2)
            j = n if m is None else m.start()
            if j < n and not cypher.startswith(("\n", "\r\n"), j):
                raise _refuse(
                    "een regel met commentaar (//) bevat een ongewoon regeleinde "
                    f"({cypher[j]!r}); de databases lezen de tekst daarna niet hetzelfde. "
                    "Begin een nieuwe regel met Enter"
                )
            out.append(" ")
            i = j
        elif cypher.startswith("/*", i):
            j = cypher.find("*/", i + 2)
            if j == -1:
                raise _refuse("een commentaar (/* … */) is niet afgesloten")
            out.append(" ")
            i = j + 2
        else:
            out.append(ch)
            i += 1
    return "".join(out), quoted


def check_read_only(cypher: str) -> None:
    """Refuse a free query that is empty, not a single statement, or could write.

    Raises
    ------
    ForbiddenQuery
        With a Dutch message naming what was refused.
    """
    if not cypher or not cypher.strip():
        raise ForbiddenQuery(
            "Er is geen vraag ingevuld. Typ een Cypher-vraag of kies een van de voorbeeldvragen."
        )
    text, quoted = strip_literals(cypher)
    if not text.strip():
        raise ForbiddenQuery(
            "De vraag bevat alleen commentaar of tekst; er is niets uit te voeren."
        )
    found: list[tuple[int, str, str]] = []  # (position, word, kind)
    for pattern, kind in _RULES:
        for m in pattern.finditer(text):
            word = " ".join(m.group().split())
            word = word.replace(" ", "").lower() if kind == "prefix" else word.upper()
            found.append((m.start(), word, kind))
    for name in quoted:
        m = re.match(r"\s*(apoc|dbms)\s*(\.|$)", name, re.IGNORECASE)
        if m:
            found.append((len(text), f"{m.group(1).lower()}.", "prefix"))
    words: dict[str, list[str]] = {}
    for _, word, kind in sorted(found):
        if word not in words.setdefault(kind, []):
            words[kind].append(word)
    reasons = [
        f"{' en '.join(repr(w) for w in shown)} ({_WHY[kind]})" for kind, shown in words.items()
    ]
    if ";" in re.sub(r"[;\s]*$", "", text):
        reasons.append("er staat meer dan één opdracht in (gescheiden door ';')")
    if reasons:
        raise _refuse("; ".join(reasons))


def check_plan(steps: Iterable[str], allowed: frozenset[str]) -> None:
    """Refuse a query whose plan has a step that is not on the store's list of reads.

    Parameters
    ----------
    steps
        The names of the steps (operators) of the store's plan for the query.
    allowed
        The store's reading steps.

    Raises
    ------
    ForbiddenQuery
        Naming the steps that are not reads (a procedure call, LOAD CSV, SHOW, a write).
    """
    refused = sorted(set(steps) - allowed)
    if refused:
        raise _refuse(
            "volgens het plan van de database doet die er meer mee dan lezen "
            f"({'stap' if len(refused) == 1 else 'stappen'} "
            f"{' en '.join(repr(step) for step in refused)})"
        )


def without_final_semicolon(cypher: str) -> str:
    """The query without surrounding white space and a closing ``;`` (one statement)."""
    return re.sub(r"[;\s]*$", "", cypher.strip())


def _check_value(value: Any, where: str) -> None:
    if isinstance(value, str) and "\x00" in value:
        raise ForbiddenQuery(f"Parameter '{where}' bevat een ongeldig teken (NUL).")
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ForbiddenQuery(f"Parameter '{where}' moet een eindig getal zijn.")
        return
    if isinstance(value, list):
        for item in value:
            _check_value(item, where)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str) or not key or "`" in key:
                raise ForbiddenQuery(
                    f"Parameter '{where}' bevat een ongeldige sleutel (leeg of met een `)."
                )
            _check_value(item, where)
        return
    raise ForbiddenQuery(
        f"Parameter '{where}' heeft een soort waarde die niet kan worden gebruikt."
    )


def check_params(params: dict[str, Any]) -> None:
    """Refuse parameters that are not plain names with JSON values.

    Raises
    ------
    ForbiddenQuery
        For a name that is not an identifier (letters, digits, ``_``) or a value that is
        not text, a number, true/false, null, a list or a map.
    """
    if not isinstance(params, dict):
        raise ForbiddenQuery('De parameters moeten een JSON-object zijn, zoals {"wijk": "w-1"}.')
    for name, value in params.items():
        if not isinstance(name, str) or not _IDENTIFIER.fullmatch(name):
            raise ForbiddenQuery(
                f"Ongeldige parameternaam '{name}': gebruik alleen letters, cijfers en _."
            )
        _check_value(value, name)
