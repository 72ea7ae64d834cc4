"""Rendering helpers shared by the views: page context, number formats, downloads."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, abort, current_app, render_template, request, url_for
from jinja2 import Undefined
from markupsafe import Markup, escape

from lea_graph import model
from lea_graph.analytics.coverage import can_be_gap
from lea_graph.bereik import pct_down, pct_up
from lea_graph.errors import LeaGraphError
from lea_graph.provenance import illustrative_summary
from lea_graph.text import number, percent, plural
from lea_graph.tijd import datum_nl, tijd_nl
from web import services
from web.db import meta
from web.tables import Table

__all__ = ["init_app", "render_page"]

NAV = (
    ("overzicht.index", "Overzicht"),
    ("netwerk.index", "Netwerk"),
    ("kaart.index", "Kaart"),
    ("wijken.index", "Wijken"),
    ("hubs.index", "Hubs"),
    ("entiteiten.partners", "Partners"),
    ("entiteiten.scholen", "Scholen"),
    ("entiteiten.programmas", "Programma's"),
    ("analyses.index", "Analyses"),
    ("samenwerking.index", "Samenwerking"),
    ("veranderingen.index", "Veranderingen"),
    ("scenario.index", "Wat als"),
    ("gegevens.index", "Gegevens"),
)

#: Menu items shown only to a logged-in user (the page needs a login; web.auth.LOGIN_REQUIRED).
LOGIN_NAV = frozenset({"samenwerking.index"})

#: The pages for coordinators and beheerders, under one item "Beheer" in the menu:
#: (endpoint, label, the role that may use it, the endpoints that mark it as current).
ADMIN_NAV = (
    ("beheer.upload", "Gegevens laden", "coordinator", "beheer.upload"),
    ("voorstellen.queue", "Voorstellen", "coordinator", "voorstellen."),
    ("monitor_beheer.rondes", "Samenwerkingsmonitor", "coordinator", "monitor_beheer."),
    ("beheer.versies", "Eerdere versies", "coordinator", "beheer.versie"),
    ("publiceren.index", "Publiceren", "coordinator", "publiceren."),
    ("console.index", "Console", "beheerder", "console.index"),
    ("beheer.log", "Logboek", "beheerder", "beheer.log"),
)


def nl_number(value: Any, decimals: int = 0) -> str:
    """Dutch number (:func:`lea_graph.text.number`); "—" for an undefined value too."""
    return "—" if isinstance(value, Undefined) else number(value, decimals)


def nl_pct(value: Any) -> str:
    """Dutch percentage (:func:`lea_graph.text.percent`)."""
    return "—" if isinstance(value, Undefined) else percent(value)


def label_of(value: str) -> str:
    """Dutch name of an enumerated value (``po`` → ``primair onderwijs``)."""
    return model.ENUM_LABELS.get(value, value)


def sources(text: Any) -> Markup:
    """A ``bron`` text as HTML: parts split on ``|``; web addresses become links."""
    parts = []
    for part in str(text or "").split("|"):
        part = part.strip()
        if not part:
            continue
        if part.startswith(("https://", "http://")) and " " not in part:
            parts.append(Markup('<a href="{0}" rel="noopener noreferrer">{0}</a>').format(part))
        else:
            parts.append(escape(part))
    return Markup("; ").join(parts)


def heat_class(n: Any, soort: str | None = None) -> str:
    """CSS class of a heatmap cell by number of partners; ``hnvt`` in a wijk whose cells
    are never a gap (:func:`lea_graph.analytics.coverage.can_be_gap`: a bedrijventerrein).

    Examples
    --------
    >>> heat_class(0), heat_class(1), heat_class(5), heat_class(0, "bedrijventerrein")
    ('h0', 'h1', 'h3', 'hnvt')
    """
    if not can_be_gap(soort):
        return "hnvt"
    n = int(n or 0)
    return "h0" if n == 0 else "h1" if n == 1 else "h2" if n <= 3 else "h3" if n <= 6 else "h4"


def download_url(table_id: str, fmt: str) -> str:
    """This page's URL (with its filters) asking for one table as a download."""
    args = {
        **(request.view_args or {}),
        **request.args.to_dict(),
        "download": table_id,
        "format": fmt,
    }
    return url_for(request.endpoint, **args)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["nl"] = nl_number
    app.jinja_env.filters["pct"] = nl_pct
    app.jinja_env.filters["pct_down"] = pct_down
    app.jinja_env.filters["pct_up"] = pct_up
    app.jinja_env.filters["label"] = label_of
    app.jinja_env.filters["heat"] = heat_class
    app.jinja_env.filters["sources"] = sources
    app.jinja_env.filters["datum"] = datum_nl
    app.jinja_env.filters["tijd"] = tijd_nl
    app.jinja_env.filters["plural"] = plural
    app.jinja_env.globals["NAV"] = NAV
    app.jinja_env.globals["ADMIN_NAV"] = ADMIN_NAV
    app.jinja_env.globals["LOGIN_NAV"] = LOGIN_NAV
    app.jinja_env.globals["download_url"] = download_url
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def context() -> dict[str, Any]:
        info = meta()
        try:
            made_up = illustrative_summary(services.illustrative()) if info else ""
        except LeaGraphError:  # the store is down: the page says so itself
            made_up = ""
        return {
            "meta": info,
            "illustrative": made_up,
            "seeded_now": app.extensions.get("lea_seeded", False),
        }


def download(table: Table, fmt: str) -> Response:
    if fmt == "csv":
        return Response(
            table.csv(),
            mimetype="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{table.id}.csv"'},
        )
    if fmt == "xlsx":
        return Response(
            table.xlsx(),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{table.id}.xlsx"'},
        )
    abort(404, description="Kies csv of xlsx.")


def render_page(template: str, *, tables: list[Table] | tuple = (), **context: Any) -> Any:
    """Render a page, or one of its tables when ``?download=<table id>&format=csv|xlsx``."""
    wanted = request.args.get("download")
    if wanted:
        for table in tables:
            if table.id == wanted:
                return download(table, request.args.get("format", "csv"))
        abort(404, description=f"Er is geen tabel '{wanted}' op deze pagina.")
    # Long tables show their first rows; the downloads hold every row.
    cap = int(current_app.config.get("TABLE_ROWS", 250))
    for table in tables:
        if len(table.rows) > cap and (table.limit is None or table.limit > cap):
            table.limit = cap
    years = services.years()
    return render_template(
        template,
        tables={t.id: t for t in tables},
        years=years,
        year=request.args.get("schooljaar") or None,
        **context,
    )


def render_screen(template: str, screen: Any, **context: Any) -> Any:
    """Render a screen's page (or one of its tables as a download)."""
    return render_page(template, tables=screen.tables, screen=screen, **context)
