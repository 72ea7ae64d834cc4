"""Console: a beheerder runs one read-only Cypher query on the loaded network.

The query passes :meth:`lea_graph.store.Store.read_only`: the text check of
:mod:`lea_graph.store.guard`, the store's own plan (only reading steps), then the store's
own read-only mode. It runs with its answer's text and network drawing
(:func:`web.screens.console.answer`) in a child process of its own
(:func:`web.services.isolated`) within the time limit ``CONSOLE_TIMEOUT_MS`` and the
memory limit ``CONSOLE_MAX_MEMORY_MB``; at most ``CONSOLE_MAX_ROWS`` rows and
``CONSOLE_MAX_BYTES`` of answer text come back (a longer answer is cut, and the page says
so). Parameters are a JSON object and reach the database only as parameters. The result
is shown as a table of escaped text; nodes (and the edges between them) are also drawn
as a network, whose data sits in a JSON block on the page (no inline script, so the page
works under the Content-Security-Policy). Refused queries and database errors give a
Dutch message with status 400.
"""

from __future__ import annotations

import json

from flask import Blueprint, abort, current_app, request

from lea_graph.cypher import named_queries
from lea_graph.text import number
from web import services
from web.auth import current_user
from web.db import StoreError, StoreUnavailable
from web.pages import render_page
from web.screens.console import ConsoleInputError, Limits, answer, parse_params, sample_params

bp = Blueprint("console", __name__)

#: Longest query text the console accepts (characters).
MAX_QUERY_CHARS = 20_000
#: Network data block id (``data-json`` of the network element).
NETWORK_ID = "console-netwerk"


# -- the page --------------------------------------------------------------------------------


@bp.route("/console", methods=["GET", "POST"])
def index():
    examples = named_queries()
    cypher, params_text = "", ""
    chosen = None
    table = None
    net = None
    drawn = True
    error = ""
    status = 200
    limits = Limits.of(current_app.config)
    if request.method == "POST":
        cypher = request.form.get("cypher", "")
        params_text = request.form.get("parameters", "")
        try:
            if len(cypher) > MAX_QUERY_CHARS:
                raise ConsoleInputError(
                    f"De vraag is te lang (meer dan {number(MAX_QUERY_CHARS)} tekens)."
                )
            params = parse_params(params_text)
            user = current_user() or {}
            # No query text in the log: it can hold data values. Who, and how long, is enough.
            current_app.logger.info(
                "Console-vraag door %s (%d tekens)", user.get("naam", "?"), len(cypher)
            )
            parts, drawn = services.isolated(
                answer,
                cypher,
                params,
                limits,
                timeout_s=limits.timeout_ms / 1000,
                memory_bytes=limits.memory_mb * 1024 * 1024,
            )
            table = parts[0]
            net = parts[1] if len(parts) > 1 else None
        except StoreUnavailable:
            raise  # the app's 503 page
        except (ConsoleInputError, StoreError) as exc:
            error, status = str(exc), 400
    elif request.args.get("voorbeeld"):
        chosen = examples.get(request.args["voorbeeld"])
        if chosen is None:
            abort(404, description=f"Er is geen voorbeeldvraag '{request.args['voorbeeld']}'.")
        cypher = f"// {chosen.title}\n{chosen.cypher}"
        params = sample_params(chosen)
        params_text = json.dumps(params, ensure_ascii=False, indent=2) if params else ""
    page = render_page(
        "console.html",
        examples=examples,
        chosen=chosen,
        cypher=cypher,
        params_text=params_text,
        table=table,
        error=error,
        net=net,
        drawn=drawn,
        net_id=NETWORK_ID,
        limits=limits,
        timeout_s=limits.timeout_ms / 1000,
    )
    return page, status
