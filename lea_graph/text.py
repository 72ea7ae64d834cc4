"""Small text helpers shared by the store, the CLI and the pages."""

from __future__ import annotations

import difflib
import unicodedata
from typing import Any

# The rounding of a target's bounds has one home, lea_graph.bereik; kept importable here.
from lea_graph.bereik import pct_down, pct_up

__all__ = [
    "LIST_SEP",
    "close_names",
    "dutch_list",
    "fold",
    "number",
    "pct_down",
    "pct_up",
    "percent",
    "plural",
]

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


def close_names(term: str, names, n: int = 3, cutoff: float = 0.8) -> list[str]:
    """The names in ``names`` that ``term`` most likely meant: a typo, a missing letter
    or a wrong accent is forgiven (case and accents do not count, :func:`fold`). A
    name matches as a whole or by one of its words; the closest first (a whole name
    before a name with a matching word), each once.

    Examples
    --------
    >>> names = ["Groenewoud", "Groeseind", "Basisschool De Alm", "Heikant"]
    >>> close_names("groenwoud", names), close_names("Groenewóud", names)
    (['Groenewoud'], ['Groenewoud'])
    >>> close_names("xyz", names), close_names("", names)
    ([], [])
    >>> close_names("basischool", names)
    ['Basisschool De Alm']
    >>> close_names("groenwoud", ["Debatclub Groenewoud", "Groenewoud"])
    ['Groenewoud', 'Debatclub Groenewoud']
    """
    wanted = fold(term)
    if not wanted:
        return []
    scored: dict[str, float] = {}
    for name in names:
        folded = fold(str(name))
        whole = difflib.SequenceMatcher(None, wanted, folded).ratio()
        word = max(difflib.SequenceMatcher(None, wanted, w).ratio() for w in folded.split())
        if max(whole, word) >= cutoff:
            # A name that matches as a whole comes before one that matches by a word.
            scored[name] = max(whole, word * 0.9)
    ranked = sorted(scored, key=lambda k: (-scored[k], fold(str(k))))
    return ranked[:n]


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
    """A count with the right Dutch form, the number written the Dutch way
    (:func:`number`): the one rule for every page, map, report and message.

    Examples
    --------
    >>> plural(1, "school", "scholen"), plural(3, "school", "scholen")
    ('1 school', '3 scholen')
    >>> plural(1, "partner", "partners"), plural(2, "partner", "partners")
    ('1 partner', '2 partners')
    >>> plural(1, "gat", "gaten"), plural(0, "gat", "gaten"), plural(1900, "kind", "kinderen")
    ('1 gat', '0 gaten', '1.900 kinderen')
    """
    return f"{number(n)} {one if n == 1 else many}"


def number(value: Any, decimals: int = 0) -> str:
    """A number the Dutch way: ``1.234`` and ``3,5``; "—" for nothing.

    Examples
    --------
    >>> number(1234), number(3.456, 1), number(None), number("geen getal")
    ('1.234', '3,5', '—', 'geen getal')
    """
    if value is None or value == "":
        return "—"
    try:
        as_float = float(value)
    except (TypeError, ValueError):
        return str(value)
    text = f"{as_float:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def percent(share: Any) -> str:
    """A share (0..1) as a Dutch percentage: ``0.255`` → ``26%``; "—" for nothing.

    Examples
    --------
    >>> percent(0.255), percent(None)
    ('26%', '—')
    """
    if share is None or share == "":
        return "—"
    return f"{number(100 * float(share))}%"


#: The months in Dutch (:mod:`lea_graph.tijd` writes days and times with them).
MONTHS_NL = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
