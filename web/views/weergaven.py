"""Saved views (issue 29 §2): a logged-in user saves the filter of ``/netwerk`` or
``/kaart`` under a name; the pages list the saved views of everyone with a link to
share, and the one who saved a view can delete it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, redirect, request, url_for

from lea_graph import weergaven
from lea_graph.errors import LeaGraphError
from web import services
from web.auth import current_user

bp = Blueprint("weergaven", __name__, url_prefix="/weergaven")

#: The page of each kind of saved view.
ENDPOINTS = {"netwerk": "netwerk.index", "kaart": "kaart.index"}


def _file():
    return weergaven.views_file(services.data_dir())


def _page_url(pagina: str, query: str) -> str:
    return url_for(ENDPOINTS[pagina]) + (f"?{query}" if query else "")


def _user() -> dict[str, str]:
    user = current_user()
    if user is None:
        abort(403, description="Log in om weergaven te bewaren of te verwijderen.")
    return user


def _pagina() -> str:
    pagina = request.form.get("pagina", "")
    if pagina not in weergaven.PAGES:
        abort(400, description="Alleen weergaven van Netwerk en Kaart kunnen worden bewaard.")
    return pagina


@bp.route("", methods=["POST"])
def bewaar():
    user = _user()
    pagina = _pagina()
    query = weergaven.clean_filter(pagina, request.form.get("filter", ""))
    try:
        weergaven.save(_file(), pagina, request.form.get("naam", ""), query, door=user["naam"])
    except LeaGraphError as exc:
        abort(400, description=str(exc))
    return redirect(_page_url(pagina, query) + "#bewaarde-weergaven")


@bp.route("/<vid>/verwijderen", methods=["POST"])
def verwijder(vid: str):
    user = _user()
    pagina = _pagina()
    if not weergaven.delete(_file(), vid, door=user["naam"]):
        abort(403, description="U kunt alleen een weergave verwijderen die u zelf bewaarde.")
    back = weergaven.clean_filter(pagina, request.form.get("filter", ""))
    return redirect(_page_url(pagina, back) + "#bewaarde-weergaven")


@bp.app_context_processor
def saved_views() -> dict[str, Any]:
    """``bewaarde_weergaven(pagina)`` for the Netwerk and Kaart pages: the saved views of
    that page with their link (empty for a visitor who is not logged in)."""

    def of(pagina: str) -> list[dict[str, Any]]:
        if current_user() is None:
            return []
        base = (current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")
        try:
            views = weergaven.load_views(_file(), pagina)
        except LeaGraphError:
            current_app.logger.exception("Bewaarde weergaven niet leesbaar")
            return []
        return [
            {
                **v,
                "pad": _page_url(pagina, v["filter"]),
                "link": base + _page_url(pagina, v["filter"]),
            }
            for v in views
        ]

    return {"bewaarde_weergaven": of}
