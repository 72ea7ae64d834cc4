"""Small text helpers shared by the store, the CLI and the pages."""

from __future__ import annotations

import unicodedata

__all__ = ["LIST_SEP", "dutch_list", "fold", "plural"]

#: Separator of names in one table cell (names may contain commas).
LIST_SEP = "; "


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a text, for searching.

    Examples
    --------
    >>> fold("Café  De Kruik")
    'cafe de kruik'
    >>> fold("ÉÉNDRACHT") == fold("Eendracht")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def dutch_list(items) -> str:
    """Join items the Dutch way.

    Examples
    --------
    >>> dutch_list(["A"]), dutch_list(["A", "B"]), dutch_list(["A", "B", "C"])
    ('A', 'A en B', 'A, B en C')
    """
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def plural(n: int, one: str, many: str) -> str:
    """A count with the right Dutch form.

    Examples
    --------
    >>> plural(1, "school", "scholen"), plural(3, "school", "scholen")
    ('1 school', '3 scholen')
    """
    return f"{n} {one if n == 1 else many}"
