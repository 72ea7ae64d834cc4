"""Search by name across the whole network (case- and accent-insensitive)."""

from __future__ import annotations

from lea_graph import model
from web import services
from web.screens import Screen, node_url

__all__ = ["search_screen"]


def search_screen(text: str) -> Screen:
    """Nodes whose name contains ``text`` (control characters, which no name holds, are
    left out of the search)."""
    term = "".join(ch for ch in text if ch.isprintable() or ch == " ")
    hits = services.search(term, limit=60) if term.strip() else []
    for h in hits:
        h["url"] = node_url(h["kind"], h["id"])
        kind = next((nk for nk in model.NODE_KINDS if nk.kind == h["kind"]), None)
        h["soort"] = kind.singular if kind else h["kind"]
    return Screen(info={"zoekterm": text, "resultaten": hits})
