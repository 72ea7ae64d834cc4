"""Small text helpers shared by the store, the CLI and the pages."""

from __future__ import annotations

import unicodedata

__all__ = ["fold"]


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
