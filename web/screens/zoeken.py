"""Search by name across the whole network (case- and accent-insensitive)."""

from __future__ import annotations

from lea_graph import model
from lea_graph.text import close_names, fold
from web import services
from web.screens import Screen, node_url

__all__ = ["search_screen"]


def _hits(term: str) -> list[dict]:
    hits = services.search(term, limit=60) if term.strip() else []
    for h in hits:
        h["url"] = node_url(h["kind"], h["id"])
        kind = next((nk for nk in model.NODE_KINDS if nk.kind == h["kind"]), None)
        h["soort"] = kind.singular if kind else h["kind"]
    return hits


def search_screen(text: str) -> Screen:
    """Nodes whose name contains ``text`` (control characters, which no name holds, are
    left out of the search). When nothing is found, the names ``text`` most likely meant
    (a typo or a wrong accent forgiven, :func:`lea_graph.text.close_names`) as
    ``suggesties``, and the results of the first one (``resultaten_suggestie``). A
    suggestion that is the name of exactly one page links straight to it
    (``suggestie_links``); the others search again."""
    term = "".join(ch for ch in text if ch.isprintable() or ch == " ")
    hits = _hits(term)
    suggestions: list[str] = []
    if term.strip() and not hits:
        suggestions = [n for n in close_names(term, services.node_names()) if fold(n) != fold(term)]
    meant = _hits(suggestions[0]) if suggestions else []
    links = {}
    for name in suggestions:
        same = [h for h in _hits(name) if fold(h["naam"]) == fold(name) and h["url"]]
        if len(same) == 1:
            links[name] = same[0]["url"]
    return Screen(
        info={
            "zoekterm": text,
            "resultaten": hits,
            "suggesties": suggestions,
            "resultaten_suggestie": meant,
            "suggestie_links": links,
        }
    )
